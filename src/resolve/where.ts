// "Where is this commit deployed?", answered per product and environment from the releases (core model) and an
// ancestry oracle (the in-memory commit graph).
//
// A release carries local commits: its trigger commit, the promotion commits Codefresh made
// (steps[].applications[].commitSha and pr.mergeCommitSha), and from its notes the images' source commits and the
// PRs' commits. C is contained in R when C is one of them or an ancestor of one.
//
// Per environment E, its releases newest first (by createdAt). Skipped steps are not attempts and are passed over;
// so are steps nothing moves towards E (pending or queued, and the backend says they wait for a promotion nobody has
// made: `waiting.kind === 'promotion'`). The live release L is the one the backend flags active in E (when its step
// there succeeded), otherwise the newest whose step in E succeeded; a release the backend says was taken down there
// (`takenDownAt`) is never live, and when the newest that succeeded in E was taken down, nothing is live in E.
// A step's time in E is its `updatedAt`, else its `startedAt`, else the release's `updatedAt`, else its `createdAt`.
// The answer is the first rung of this ladder that holds:
//   1. deployed: L contains C. firstRelease is the oldest release of the unbroken run of succeeded releases in E,
//      from L back, that contain C; only a release that succeeded in E without C ends the run (one that failed or
//      is running there does not); since is the step time of firstRelease in E.
//   2. on-its-way: a release newer than L (any release, without L; when L was taken down, newer than it) containing
//      C is running, queued, pending or suspended in E, and the release as a whole is not over: a step that has not
//      started (pending, queued) in a release that failed, errored or was terminated will never run and counts in
//      rung 3; a step that has started (running, suspended) runs to its own end and counts here. The oldest of them,
//      the one that will bring C first, is reported. awaiting-approval instead when its step waits for a person
//      (`waiting.kind === 'approval'`), with who may approve when the backend says.
//   3. blocked: a release newer than L containing C failed, errored, was terminated (or is being terminated) in E,
//      or is stuck pending in a release that failed; the newest is reported, with the backend's message for it.
//   4. taken-down: the release taken down in E (see above) contains C; since is when it was taken down.
//   5. no-longer-deployed: a release other than L containing C succeeded in E (a rollback, or a line that moved on
//      without the change); the newest of them is reported, with L (none when L was taken down).
//   6. blocked: an older release than L containing C failed in E (and none that had it ever succeeded there); the
//      newest of those is reported.
//   7. not-yet: no release containing C has reached E, and none is moving towards it.
// Unknown containment (a commit missing locally, history cut off by a shallow clone, a release naming no commit):
// each rung is "some release of this set contains C". When one is known to, the rung holds and its unknown
// releases can at most change which release is named, not the state. When none is known to but one might, the
// answer is unknown, naming it: the live release when it is the one in doubt, else the newest release in doubt of
// the first rung that has one. Releases of later rungs cannot change the answer at all. Releases passed over
// with unknown containment are listed in `ignored`; within the run of rule 1 they are passed over too. A release
// whose status in E is not one we know counts as "might" in rung 2 (newer than L) or rung 5 (older).
// The date rule applies only where containment cannot be known (the release's commit is missing or cut off): such
// a release created more than a day (clock skew) before C's committer date cannot contain C. Where Git can tell,
// Git decides, whatever the dates. A release the date rule rules out is known not to contain C, so it is not listed
// in `ignored`.

import type {
  CommitDeployments,
  Containment,
  EnvironmentDeployment,
  IgnoredRelease,
  ProductDeployment,
  ReleaseRef,
  UnknownReason,
  AncestryOracle,
} from '../core/deployment';
import { flowOrder } from '../core/flow';
import {
  isReleaseDetail,
  type CommitLink,
  type IsoDate,
  type ReleaseAction,
  type Waiting,
  type ProductReleases,
  type ReleaseDetail,
  type ReleaseSummary,
} from '../core/model';
import { environmentStatus, releaseStatus, type Status, type StatusKind } from '../core/status';
import { CONTAINS_UNKNOWN, CONTAINS_YES, isBatchOracle, type TargetSet } from '../git/commitIndex';

type Release = ReleaseSummary | ReleaseDetail;

/** A commit a release carries, where, and how the backend links it. `primary` carriers are local code commits; a
 * commit linked only as a GitOps commit may live in another repository, so its absence locally is not a reason for
 * "unknown". */
interface Carrier {
  sha: string;
  kind: Exclude<Containment, 'ancestor'>;
  link: CommitLink;
  primary: boolean;
}

const KIND_RANK: Record<Exclude<Containment, 'ancestor'>, number> = {
  trigger: 0,
  'image-commit': 1,
  'pr-commit': 2,
  'promotion-commit': 3,
};

const SHA40 = /^[0-9a-fA-F]{40}$/;

/** Every local commit a release carries (deduplicated, lower-case, strongest kind first). */
export function releaseCarriers(release: Release, notes?: ProductReleases['notes']): Carrier[] {
  const byKey = new Map<string, Carrier>();
  const add = (sha: string | undefined, kind: Carrier['kind'], link: CommitLink) => {
    if (!sha || !SHA40.test(sha)) return;
    const s = sha.toLowerCase();
    const primary = link !== 'gitops-commit';
    const prev = byKey.get(s);
    if (!prev || KIND_RANK[kind] < KIND_RANK[prev.kind]) byKey.set(s, { sha: s, kind, link, primary: primary || (prev?.primary ?? false) });
    else if (primary) prev.primary = true;
  };
  if (release.triggerCommit) add(release.triggerCommit.sha, 'trigger', release.triggerCommit.link);
  // Promotion commits a list row already carries (legacy list query), so they count without the detail query.
  for (const env of release.environments) for (const a of env.applicationCommits ?? []) add(a.commitSha, 'promotion-commit', 'gitops-commit');
  if (isReleaseDetail(release)) {
    for (const step of release.steps) {
      for (const app of step.applications) {
        add(app.commitSha, 'promotion-commit', 'gitops-commit');
        add(app.pr?.mergeCommitSha, 'promotion-commit', 'gitops-commit');
      }
    }
  }
  const n = notes?.[release.id];
  if (n) {
    for (const img of n.images) if (img.commit) add(img.commit.sha, 'image-commit', img.commit.link);
    // A pull request lists its commits by sha.
    for (const pr of n.pullRequests) for (const c of pr.commits ?? []) add(c.sha, 'pr-commit', 'exact-sha');
  }
  return [...byKey.values()].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind]);
}

/** How an entry counts: `idle` is a step nothing moves towards (not an attempt, passed over like `skipped`). */
type Bucket = 'live' | 'active' | 'blocked' | 'skipped' | 'idle' | 'unknown';

interface EnvEntry {
  release: number; // index into Resolver.releases
  status: Status;
  bucket: Bucket;
  at?: IsoDate;
  /** When the release's attempt in the environment started (a running promotion's own start). */
  startedAt?: IsoDate;
  /** The backend flags this release as the one live in the environment. */
  active: boolean;
  waiting?: Waiting;
  /** It was live here and was taken down then. */
  takenDownAt?: IsoDate;
  message?: string;
  actions?: ReleaseAction[];
}

interface IndexedRelease {
  release: Release;
  /** createdAt in ms (0 when unreadable). */
  created: number;
  product: string;
  status: Status;
  carriers: { target: number; kind: Carrier['kind']; link: CommitLink; primary: boolean }[];
  error?: string;
}

interface IndexedProduct {
  name: string;
  /**
   * `liveAt`: the entry of the release live in the environment (see `liveEntry`), -1 when none is. `downAt`: when
   * none is because the newest release that succeeded there was taken down, that entry; else -1.
   */
  environments: { name: string; entries: EnvEntry[]; liveAt: number; downAt: number }[];
}

export interface ResolverOptions {
  /** Limit the answer to these products (empty or absent: all). */
  products?: readonly string[];
  /** When the release data was fetched (copied to the answer's dataAsOf). */
  dataAsOf?: IsoDate;
}

export interface Resolver {
  /** The answer for one full sha (lower or upper case). */
  where(sha: string): CommitDeployments;
  /** Number of releases indexed. */
  readonly releaseCount: number;
}

const FAILED_KINDS: ReadonlySet<StatusKind> = new Set(['failed', 'error', 'terminated', 'terminating']);
const ACTIVE_KINDS: ReadonlySet<StatusKind> = new Set(['running', 'queued', 'pending', 'suspended']);

function bucketOf(env: Status, rel: Status, waiting: Waiting | undefined): Bucket {
  const k = env.kind;
  if (k === 'succeeded') return 'live';
  if (k === 'skipped') return 'skipped';
  // Not started, and nothing will start it until someone promotes it: not an attempt.
  if (waiting?.kind === 'promotion' && (k === 'pending' || k === 'queued')) return 'idle';
  if (FAILED_KINDS.has(k)) return 'blocked';
  if (ACTIVE_KINDS.has(k)) {
    // A step still waiting in a release that is already over will never run: the release is stuck, not coming.
    if ((k === 'pending' || k === 'queued') && FAILED_KINDS.has(rel.kind)) return 'blocked';
    return 'active';
  }
  return 'unknown';
}

/** Committer clocks and release clocks disagree a little; a day is a wide margin for "made before the commit". */
const CLOCK_SKEW_MS = 86_400_000;

function time(d: string | undefined): number {
  const t = d ? Date.parse(d) : NaN;
  return Number.isFinite(t) ? t : 0;
}

function releaseError(r: Release, environment: string, message: string | undefined): string | undefined {
  if (message) return message;
  if (isReleaseDetail(r)) {
    const step = r.steps.find((s) => s.environment === environment);
    const issue = step?.issues.find((i) => i.level === 'ERROR') ?? step?.issues[0];
    if (issue) return issue.message;
    const hookErr = step?.hooks?.onFail?.error?.message ?? r.hooks?.onFail?.error?.message;
    if (hookErr) return hookErr;
  }
  return r.error?.message;
}

/**
 * Which entry (newest first) is live in its environment: the one the backend flags as live, else the newest that
 * succeeded there, unless that one was taken down (then none is: an older release does not come back by itself).
 * It does not depend on the commit asked about, so the index holds it.
 */
function liveEntry(entries: readonly EnvEntry[]): { liveAt: number; downAt: number } {
  const flagged = entries.findIndex((e) => e.bucket === 'live' && e.active && !e.takenDownAt);
  if (flagged >= 0) return { liveAt: flagged, downAt: -1 };
  const newest = entries.findIndex((e) => e.bucket === 'live');
  if (newest >= 0 && entries[newest]!.takenDownAt) return { liveAt: -1, downAt: newest };
  return { liveAt: newest, downAt: -1 };
}

/** The entry's fields that come from the backend's word on the step, as given. */
function entryOf(
  release: number,
  st: Status,
  relStatus: Status,
  s: { updatedAt?: IsoDate; startedAt?: IsoDate; active?: boolean; waiting?: Waiting; takenDownAt?: IsoDate; message?: string },
  actions: ReleaseAction[] | undefined,
): EnvEntry {
  return {
    release,
    status: st,
    bucket: bucketOf(st, relStatus, s.waiting),
    at: s.updatedAt ?? s.startedAt,
    ...(s.startedAt ? { startedAt: s.startedAt } : {}),
    active: s.active === true,
    ...(s.waiting ? { waiting: s.waiting } : {}),
    ...(s.takenDownAt ? { takenDownAt: s.takenDownAt } : {}),
    ...(s.message ? { message: s.message } : {}),
    ...(actions?.length ? { actions } : {}),
  };
}

/**
 * Entries of one environment whose containment is a threshold (see `Lanes`), in entry order (newest first): `ks`
 * their positions in the environment, `vals` each one's value. Blocks of LANE_BLOCK keep their largest and smallest
 * value, so "the first entry from position k whose value is at least x" skips whole blocks.
 */
interface Lane {
  ks: Int32Array;
  vals: Int32Array;
  bmax: Int32Array;
  bmin: Int32Array;
}

const LANE_BLOCK = 32;
const NO_ENTRY = 0x7fffffff;

function makeLane(ks: number[], vals: number[]): Lane {
  const n = ks.length;
  const blocks = Math.ceil(n / LANE_BLOCK);
  const bmax = new Int32Array(blocks).fill(-1);
  const bmin = new Int32Array(blocks).fill(NO_ENTRY);
  for (let j = 0; j < n; j++) {
    const b = (j / LANE_BLOCK) | 0;
    const v = vals[j]!;
    if (v > bmax[b]!) bmax[b] = v;
    if (v < bmin[b]!) bmin[b] = v;
  }
  return { ks: Int32Array.from(ks), vals: Int32Array.from(vals), bmax, bmin };
}

/** Index of the first entry of the lane at position `k` or later. */
function laneFrom(l: Lane, k: number): number {
  let lo = 0;
  let hi = l.ks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (l.ks[mid]! < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position of the first entry at `from` or later whose value is at least `x` (`atLeast`) or below it; -1 when none. */
function laneFirst(l: Lane, from: number, x: number, atLeast: boolean): number {
  const { ks, vals, bmax, bmin } = l;
  const n = ks.length;
  for (let j = laneFrom(l, from); j < n; ) {
    const b = (j / LANE_BLOCK) | 0;
    if (atLeast ? bmax[b]! < x : bmin[b]! >= x) {
      j = (b + 1) * LANE_BLOCK;
      continue;
    }
    for (const end = Math.min(n, (b + 1) * LANE_BLOCK); j < end; j++) if (atLeast === vals[j]! >= x) return ks[j]!;
  }
  return -1;
}

/** Position of the last entry whose value is at least `x`; -1 when none. */
function laneLastAtLeast(l: Lane, x: number): number {
  const { ks, vals, bmax } = l;
  for (let j = ks.length - 1; j >= 0; ) {
    const b = (j / LANE_BLOCK) | 0;
    if (bmax[b]! < x) {
      j = b * LANE_BLOCK - 1;
      continue;
    }
    for (const start = b * LANE_BLOCK; j >= start; j--) if (vals[j]! >= x) return ks[j]!;
  }
  return -1;
}

/** Position of the last entry before position `k`; -1 when none. */
function laneLastBefore(l: Lane, k: number): number {
  const j = laneFrom(l, k) - 1;
  return j >= 0 ? l.ks[j]! : -1;
}

/**
 * An environment's entries split by how the answer reads them, for one graph version. A release is simple when
 * every commit it carries is decided by the first-parent chain alone (`TargetSet.chainExact`): it contains C
 * exactly when its largest such position is at least C's entry onto the chain, so within each lane the entries that
 * contain C are those of value at least that entry, found without asking about the others. `others` are the rest
 * (asked one by one, as before); `suspects` the entries whose containment can come out unknown (for `ignored`).
 * Rung lanes follow the ladder of `resolveEnv`: newer or older than the cut, by bucket.
 */
interface Lanes {
  live: Lane;
  onYes: Lane;
  onMaybe: Lane;
  blockedNewer: Lane;
  hadYes: Lane;
  hadMaybe: Lane;
  blockedOlder: Lane;
  others: Int32Array;
  suspects: Int32Array;
}

/** Precompute the index once per data snapshot; `where` is then a walk in memory. */
export function createResolver(data: readonly ProductReleases[], graph: AncestryOracle, options: ResolverOptions = {}): Resolver {
  const only = options.products && options.products.length ? new Set(options.products) : undefined;
  const releases: IndexedRelease[] = [];
  const products: IndexedProduct[] = [];
  const targetShas: string[] = [];
  const targetIndex = new Map<string, number>();

  for (const pr of data) {
    if (only && !only.has(pr.product.name)) continue;
    // Newest first, by creation time; ties keep the given order.
    const sorted = pr.releases.map((r, i) => ({ r, i })).sort((a, b) => time(b.r.createdAt) - time(a.r.createdAt) || a.i - b.i);
    const envEntries = new Map<string, EnvEntry[]>();
    const deps = new Map<string, Set<string>>();
    const envNames: string[] = [...pr.product.environments].sort((a, b) => a.position - b.position).map((e) => e.name);
    for (const f of pr.product.flows) {
      for (const s of f.steps) {
        const set = deps.get(s.environment) ?? new Set<string>();
        s.dependsOn.forEach((d) => set.add(d));
        deps.set(s.environment, set);
      }
    }
    for (const { r } of sorted) {
      const relStatus = releaseStatus(r.status);
      const idx = releases.length;
      const carriers = releaseCarriers(r, pr.notes).map((c) => {
        let t = targetIndex.get(c.sha);
        if (t === undefined) {
          t = targetShas.length;
          targetShas.push(c.sha);
          targetIndex.set(c.sha, t);
        }
        return { target: t, kind: c.kind, link: c.link, primary: c.primary };
      });
      releases.push({ release: r, created: time(r.createdAt), product: pr.product.name, status: relStatus, carriers });
      const seen = new Set<string>();
      const steps = isReleaseDetail(r) ? r.steps : [];
      for (const s of steps) {
        if (seen.has(s.environment)) continue;
        seen.add(s.environment);
        const list = envEntries.get(s.environment) ?? [];
        const st = environmentStatus(s.status);
        // A detail's step has no actions of its own: the summary's row for the environment carries them.
        list.push(entryOf(idx, st, relStatus, s, r.environments.find((e) => e.name === s.environment)?.actions));
        envEntries.set(s.environment, list);
        const set = deps.get(s.environment) ?? new Set<string>();
        s.dependsOn.forEach((d) => set.add(d));
        deps.set(s.environment, set);
      }
      for (const e of r.environments) {
        if (seen.has(e.name)) continue;
        seen.add(e.name);
        const list = envEntries.get(e.name) ?? [];
        const st = environmentStatus(e.status);
        list.push(entryOf(idx, st, relStatus, e, e.actions));
        envEntries.set(e.name, list);
        const set = deps.get(e.name) ?? new Set<string>();
        (e.dependsOn ?? []).forEach((d) => set.add(d));
        deps.set(e.name, set);
      }
    }
    for (const name of envEntries.keys()) if (!envNames.includes(name)) envNames.push(name);
    const ordered = flowOrder(envNames.map((name) => ({ name, dependsOn: [...(deps.get(name) ?? [])] })));
    products.push({
      name: pr.product.name,
      environments: ordered.map((n) => {
        const entries = envEntries.get(n.name) ?? [];
        return { name: n.name, entries, ...liveEntry(entries) };
      }),
    });
  }

  const batch = isBatchOracle(graph) ? graph : undefined;
  let targets: TargetSet | undefined;
  const currentTargets = (): TargetSet | undefined => {
    if (!batch) return undefined;
    if (!targets || targets.version !== batch.version) targets = batch.prepareTargets(targetShas);
    return targets;
  };

  // Releases whose containment can come out unknown at all: no commit named, a carried commit not loaded, or a
  // shallow clone. Only these can be ignored, so the scan for them passes over the rest without asking.
  let suspects: { version: number; flags: Uint8Array; any: boolean } | undefined;
  const currentSuspects = (): { flags: Uint8Array; any: boolean } => {
    const version = batch ? batch.version : -1;
    if (suspects && version >= 0 && suspects.version === version) return suspects;
    const loaded = targetShas.map((t) => graph.has(t));
    const flags = new Uint8Array(releases.length);
    releases.forEach((r, i) => {
      flags[i] = graph.shallow || r.carriers.length === 0 || r.carriers.some((c) => !loaded[c.target]) ? 1 : 0;
    });
    suspects = { version, flags, any: flags.includes(1) };
    return suspects;
  };

  // Per-call memos, kept across calls: an entry is current when its stamp is the call's.
  let calls = 0;
  const memoAt = new Uint32Array(releases.length);
  const memo = new Uint8Array(releases.length);
  const memoKind: (Containment | undefined)[] = new Array<Containment | undefined>(releases.length);
  const memoLink: (CommitLink | undefined)[] = new Array<CommitLink | undefined>(releases.length);
  const heldAt = new Uint32Array(releases.length);
  const held = new Uint8Array(releases.length);

  // The lanes of every environment (products, then environments, as `products`), for one target set.
  let laneCache: { targets: TargetSet; perEnv: Lanes[][] } | undefined;
  const currentLanes = (ts: TargetSet): Lanes[][] | undefined => {
    // A shallow clone's answers can be unknown anywhere: every entry is read one by one.
    if (graph.shallow) return undefined;
    if (laneCache?.targets === ts) return laneCache.perEnv;
    // Per release: the largest chain position of its commits when the chain decides every one of them, else -1.
    const value = new Int32Array(releases.length).fill(-1);
    releases.forEach((r, i) => {
      let v = -1;
      for (const c of r.carriers) {
        const x = ts.chainExact[c.target]!;
        if (x < 0) return;
        if (x > v) v = x;
      }
      value[i] = v;
    });
    const { flags: suspect } = currentSuspects();
    const perEnv = products.map((p) =>
      p.environments.map(({ entries, liveAt, downAt }): Lanes => {
        const cut = liveAt >= 0 ? liveAt : downAt;
        const lists = { live: [[], []], onYes: [[], []], onMaybe: [[], []], blockedNewer: [[], []], hadYes: [[], []], hadMaybe: [[], []], blockedOlder: [[], []] } satisfies Record<string, [number[], number[]]>;
        const others: number[] = [];
        const suspects: number[] = [];
        const push = (list: [number[], number[]], k: number, v: number) => {
          list[0].push(k);
          list[1].push(v);
        };
        entries.forEach((e, k) => {
          if (e.bucket === 'skipped' || e.bucket === 'idle') return;
          if (suspect[e.release]) suspects.push(k);
          const v = value[e.release]!;
          if (k === liveAt) {
            if (v >= 0) push(lists.live, k, v);
            return;
          }
          // The entry taken down is read on its own, like every entry that is not simple.
          if (v < 0 || k === downAt) {
            if (v >= 0 && e.bucket === 'live') push(lists.live, k, v);
            others.push(k);
            return;
          }
          const newer = cut < 0 || k < cut;
          if (e.bucket === 'live') {
            push(lists.live, k, v);
            push(lists.hadYes, k, v);
          } else if (e.bucket === 'active') {
            if (newer) push(lists.onYes, k, v);
          } else if (e.bucket === 'unknown') push(newer ? lists.onMaybe : lists.hadMaybe, k, v);
          else if (e.bucket === 'blocked') push(newer ? lists.blockedNewer : lists.blockedOlder, k, v);
        });
        const lane = (l: [number[], number[]]) => makeLane(l[0], l[1]);
        return {
          live: lane(lists.live),
          onYes: lane(lists.onYes),
          onMaybe: lane(lists.onMaybe),
          blockedNewer: lane(lists.blockedNewer),
          hadYes: lane(lists.hadYes),
          hadMaybe: lane(lists.hadMaybe),
          blockedOlder: lane(lists.blockedOlder),
          others: Int32Array.from(others),
          suspects: Int32Array.from(suspects),
        };
      }),
    );
    laneCache = { targets: ts, perEnv };
    return perEnv;
  };

  const ref = (e: EnvEntry): ReleaseRef => {
    const r = releases[e.release]!;
    return {
      id: r.release.id,
      productName: r.product,
      version: r.release.version,
      createdAt: r.release.createdAt,
      environmentStatus: e.status,
      releaseStatus: r.status,
    };
  };

  const where = (rawSha: string): CommitDeployments => {
    const sha = rawSha.toLowerCase();
    const base: CommitDeployments = { sha, products: [], dataAsOf: options.dataAsOf };
    if (!graph.has(sha)) {
      return {
        ...base,
        unknown: {
          reason: 'commit-not-found',
          detail: `commit ${sha.slice(0, 12)} is not in the local history${graph.shallow ? ' (shallow clone)' : ''}`,
        },
      };
    }
    // The target that is this very commit, if any (an exact match rather than an ancestor).
    const self = targetIndex.get(sha) ?? -1;
    // Per target: does it contain sha? Targets the chain decides are answered on the spot (see `Lanes`); the
    // others all at once, the first time one of them is asked.
    const ts = currentTargets();
    const fast = ts && batch?.chainEntryOf ? ts.chainExact : undefined;
    const onChain = fast ? batch!.chainEntryOf!(sha, ts!) : -1;
    let answers: Uint8Array | undefined;
    const allAnswers = (): Uint8Array => {
      if (ts && batch) return batch.containedIn(sha, ts);
      const out = new Uint8Array(targetShas.length);
      for (let i = 0; i < targetShas.length; i++) {
        const a = graph.isAncestor(sha, targetShas[i]!);
        out[i] = a === true ? CONTAINS_YES : a === false ? 0 : CONTAINS_UNKNOWN;
      }
      return out;
    };
    const answer = (t: number): number => {
      const x = fast ? fast[t]! : -1;
      if (x >= 0) return onChain >= 0 && onChain <= x ? CONTAINS_YES : 0;
      answers ??= allAnswers();
      return answers[t]!;
    };
    // Per release, memoised for this call (a stamp of the call says which entries are current): 1 yes, 2 no,
    // 3 unknown; kind and link for yes.
    const stamp = ++calls;
    const contains = (i: number): 1 | 2 | 3 => {
      if (memoAt[i] === stamp) return memo[i] as 1 | 2 | 3;
      const r = releases[i]!;
      let result: 1 | 2 | 3 = 2;
      let anyKnown = false;
      let primaryUnknown = false;
      memoKind[i] = undefined;
      memoLink[i] = undefined;
      for (const c of r.carriers) {
        const a = answer(c.target);
        if (a === CONTAINS_YES) {
          result = 1;
          memoKind[i] = c.target === self ? c.kind : 'ancestor';
          memoLink[i] = c.link;
          // An exact match outranks an ancestor match found on an earlier carrier.
          if (memoKind[i] !== 'ancestor') break;
          continue;
        }
        if (a === CONTAINS_UNKNOWN) {
          if (c.primary) primaryUnknown = true;
        } else anyKnown = true;
      }
      if (result !== 1 && (primaryUnknown || !anyKnown)) result = 3;
      memo[i] = result;
      memoAt[i] = stamp;
      return result;
    };
    const unknownFor = (i: number): { reason: UnknownReason; detail: string } => {
      const r = releases[i]!;
      if (r.carriers.length === 0) return { reason: 'no-data', detail: `release ${r.release.id} names no commit` };
      if (graph.shallow) {
        return { reason: 'shallow-clone', detail: `release ${r.release.id}: its history is cut off by the shallow clone` };
      }
      return { reason: 'commit-not-found', detail: `release ${r.release.id}: its commit is not in the local repository` };
    };
    const { flags: suspect, any: anySuspect } = currentSuspects();
    // A release made before C existed cannot carry it, even when its own commit is unknown here.
    const committedMs = (graph.commitTime?.(sha) ?? 0) * 1000;
    const HOLDS = ['?', 'y', 'n', '?'] as const;
    const holds = (i: number): 'y' | 'n' | '?' => {
      if (heldAt[i] === stamp) return HOLDS[held[i]!]!;
      let h: number = contains(i);
      if (h === 3 && committedMs > 0) {
        const created = releases[i]!.created;
        if (created > 0 && created < committedMs - CLOCK_SKEW_MS) h = 2;
      }
      held[i] = h;
      heldAt[i] = stamp;
      return HOLDS[h]!;
    };
    const perEnv = fast ? currentLanes(ts!) : undefined;
    // C's threshold in the lanes: a simple release contains C when its value is at least this.
    const threshold = onChain >= 0 ? onChain : NO_ENTRY;

    for (let pi = 0; pi < products.length; pi++) {
      const p = products[pi]!;
      const envs: EnvironmentDeployment[] = [];
      for (let ei = 0; ei < p.environments.length; ei++) {
        const env = p.environments[ei]!;
        envs.push(resolveEnv(env.name, env.entries, env.liveAt, env.downAt, perEnv?.[pi]![ei]));
      }
      base.products.push({ product: p.name, environments: envs } satisfies ProductDeployment);
    }
    return base;

    function resolveEnv(environment: string, entries: EnvEntry[], liveAt: number, downAt: number, lanes: Lanes | undefined): EnvironmentDeployment {
      const live = liveAt >= 0 ? entries[liveAt] : undefined;
      const at = (e: EnvEntry): IsoDate => {
        const r = releases[e.release]!.release;
        return e.at ?? r.updatedAt ?? r.createdAt;
      };
      /** The answer, with the releases of unknown containment it passed over (all but `named`). */
      const withIgnored = (d: EnvironmentDeployment, named?: EnvEntry): EnvironmentDeployment => {
        const ignored: IgnoredRelease[] = [];
        if (!anySuspect) return d;
        const scan = lanes ? Array.from(lanes.suspects, (k) => entries[k]!) : entries;
        for (const e of scan) {
          if (!suspect[e.release] || e === named || e.bucket === 'skipped' || e.bucket === 'idle' || holds(e.release) !== '?') continue;
          const r = releases[e.release]!.release;
          ignored.push({ releaseId: r.id, version: r.version, ...unknownFor(e.release) });
        }
        return ignored.length ? { ...d, ignored } : d;
      };
      const unknown = (e: EnvEntry): EnvironmentDeployment => {
        if (holds(e.release) === 'y') {
          const detail = `release ${releases[e.release]!.release.id} has status "${e.status.raw}" in ${environment}`;
          return { environment, state: 'unknown', reason: 'no-data', detail, release: ref(e) };
        }
        return { environment, state: 'unknown', ...unknownFor(e.release), release: ref(e) };
      };

      if (live) {
        const c = holds(live.release);
        if (c === '?') return unknown(live);
        if (c === 'y') {
          let first = live;
          if (lanes) first = runStart(entries, liveAt, lanes);
          else {
            for (let k = liveAt + 1; k < entries.length; k++) {
              const e = entries[k]!;
              if (e.bucket !== 'live') continue;
              const h = holds(e.release);
              if (h === 'n') break; // a live release without C: the current run starts after it
              if (h === 'y') first = e;
            }
          }
          return withIgnored({
            environment,
            state: 'deployed',
            release: ref(live),
            firstRelease: ref(first),
            since: at(first),
            releaseAt: at(live),
            containment: memoKind[live.release],
            link: memoLink[live.release],
          });
        }
      }

      // Rungs 2–5: per rung, the releases known to contain C (newest first) and the first that might.
      interface Rung {
        yes: EnvEntry[];
        maybe?: EnvEntry;
        /** Positions in `entries` of the first and last of `yes` and of `maybe` (-1: none). */
        yesFirst: number;
        yesLast: number;
        maybeAt: number;
      }
      const rung0 = (): Rung => ({ yes: [], yesFirst: -1, yesLast: -1, maybeAt: -1 });
      const onItsWay = rung0();
      const blockedNewer = rung0();
      const takenDown = rung0();
      const hadIt = rung0();
      const blockedOlder = rung0();
      // Newer than what is live, or, when nothing is because it was taken down, than the release taken down.
      const cut = liveAt >= 0 ? liveAt : downAt;
      // With lanes, only the entries that are not simple are read one by one here; the lanes add the rest below.
      const scan = lanes ? lanes.others : undefined;
      for (let j = 0, n = scan ? scan.length : entries.length; j < n; j++) {
        const k = scan ? scan[j]! : j;
        const e = entries[k]!;
        if (k === liveAt || e.bucket === 'skipped' || e.bucket === 'idle') continue;
        const h = holds(e.release);
        if (h === 'n') continue;
        const newer = cut < 0 || k < cut;
        let rung: Rung | undefined;
        let maybe = h === '?';
        if (e.bucket === 'unknown') {
          rung = newer ? onItsWay : hadIt;
          maybe = true;
        } else if (e.bucket === 'active') rung = newer ? onItsWay : undefined; // past the live release it is not coming
        else if (e.bucket === 'blocked') rung = newer ? blockedNewer : blockedOlder;
        else if (e.bucket === 'live') rung = k === downAt ? takenDown : hadIt;
        if (!rung) continue;
        if (!maybe) {
          rung.yes.push(e);
          if (rung.yesFirst < 0) rung.yesFirst = k;
          rung.yesLast = k;
        } else if (!rung.maybe) {
          rung.maybe = e;
          rung.maybeAt = k;
        }
      }
      const blocked = (e: EnvEntry): EnvironmentDeployment =>
        withIgnored(
          {
            environment,
            state: 'blocked',
            release: ref(e),
            releaseAt: at(e),
            error: releaseError(releases[e.release]!.release, environment, e.message),
            containment: memoKind[e.release],
            link: memoLink[e.release],
          },
          e,
        );
      const ladder: { rung: Rung; pick: 'oldest' | 'newest'; answer: (e: EnvEntry) => EnvironmentDeployment }[] = [
        {
          rung: onItsWay,
          pick: 'oldest',
          answer: (e) => {
            const approval = e.waiting?.kind === 'approval' ? e.waiting : undefined;
            return withIgnored(
              {
                environment,
                state: approval ? 'awaiting-approval' : 'on-its-way',
                release: ref(e),
                releaseAt: e.startedAt ?? at(e),
                containment: memoKind[e.release],
                link: memoLink[e.release],
                ...(approval ? { approval: { ...(approval.approvers ? { approvers: approval.approvers } : {}), ...(approval.you !== undefined ? { you: approval.you } : {}) } } : {}),
                ...(e.actions ? { actions: e.actions } : {}),
              },
              e,
            );
          },
        },
        { rung: blockedNewer, pick: 'newest', answer: blocked },
        {
          rung: takenDown,
          pick: 'newest',
          answer: (e) =>
            withIgnored(
              { environment, state: 'taken-down', release: ref(e), since: e.takenDownAt, containment: memoKind[e.release], link: memoLink[e.release] },
              e,
            ),
        },
        {
          rung: hadIt,
          pick: 'newest',
          // hadIt holds only releases other than a live one, so live is set whenever it has any.
          answer: (e) =>
            withIgnored(
              {
                environment,
                state: 'no-longer-deployed',
                release: ref(e),
                releaseAt: at(e),
                liveRelease: live ? ref(live) : undefined,
                since: live ? at(live) : undefined,
                containment: memoKind[e.release],
                link: memoLink[e.release],
              },
              e,
            ),
        },
        { rung: blockedOlder, pick: 'newest', answer: blocked },
      ];
      // Each rung's lanes: the entries that contain C (`yes`) and those that then only might (`maybe`).
      const laneOf = (rung: Rung): { yes?: Lane; maybe?: Lane } => {
        if (!lanes) return {};
        if (rung === onItsWay) return { yes: lanes.onYes, maybe: lanes.onMaybe };
        if (rung === blockedNewer) return { yes: lanes.blockedNewer };
        if (rung === hadIt) return { yes: lanes.hadYes, maybe: lanes.hadMaybe };
        if (rung === blockedOlder) return { yes: lanes.blockedOlder };
        return {};
      };
      for (const { rung, pick, answer } of ladder) {
        const lane = laneOf(rung);
        let yes = rung.yes.length ? (pick === 'oldest' ? rung.yes[rung.yes.length - 1]! : rung.yes[0]!) : undefined;
        if (lane.yes) {
          const k = pick === 'oldest' ? laneLastAtLeast(lane.yes, threshold) : laneFirst(lane.yes, 0, threshold, true);
          const at = pick === 'oldest' ? rung.yesLast : rung.yesFirst;
          if (k >= 0 && (at < 0 || (pick === 'oldest' ? k > at : k < at))) yes = entries[k]!;
        }
        if (yes) {
          holds(yes.release); // its containment kind and link, for the answer
          return answer(yes);
        }
        let maybe = rung.maybe;
        if (lane.maybe) {
          const k = laneFirst(lane.maybe, 0, threshold, true);
          if (k >= 0 && (!maybe || k < rung.maybeAt)) maybe = entries[k]!;
        }
        if (maybe) return unknown(maybe);
      }
      return withIgnored({ environment, state: 'not-yet' });
    }

    /**
     * The oldest entry of the unbroken run of succeeded releases containing C, from the live one back (which contains
     * C): the lanes give the first simple one without C, the others are read up to it.
     */
    function runStart(entries: EnvEntry[], liveAt: number, lanes: Lanes): EnvEntry {
      let stop = laneFirst(lanes.live, liveAt + 1, threshold, false);
      let firstAt = -1;
      for (const k of lanes.others) {
        if (k <= liveAt) continue;
        if (stop >= 0 && k > stop) break;
        const e = entries[k]!;
        if (e.bucket !== 'live') continue;
        const h = holds(e.release);
        if (h === 'n') {
          stop = k; // a live release without C: the current run starts after it
          break;
        }
        if (h === 'y') firstAt = k;
      }
      // Every simple succeeded entry between the live one and the stop contains C.
      const simple = laneLastBefore(lanes.live, stop >= 0 ? stop : NO_ENTRY);
      if (simple > liveAt && simple > firstAt) firstAt = simple;
      return firstAt >= 0 ? entries[firstAt]! : entries[liveAt]!;
    }
  };

  return { where, releaseCount: releases.length };
}

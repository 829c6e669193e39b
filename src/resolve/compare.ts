// Compare two environments of a product: the commits between their live releases' commits in the local clone
// (`from..to`: what `to` has that `from` does not), a page at a time, grouped by pull request (merge commits bring
// in their merged side; squashed commits name their PR), with issue keys, authors and the releases made in between.
// When the clone cannot answer (a commit is missing, the clone is shallow and the two histories do not meet in it),
// the result says so instead of guessing.

import { readFile } from 'node:fs/promises';
import type { CompareCommit, ComparePullRequest, CompareResult, CompareSide } from '../core/compare';
import type { ReleaseSummary } from '../core/model';
import { environmentStatus } from '../core/status';
import { gitOrUndefined } from '../git/exec';
import { readLog, type LogCommit } from '../git/log';
import { remoteUrl as readRemoteUrl } from '../git/remote';
import { isShallowRepository } from '../git/repo';
import { resolveCommitish } from '../git/sha';
import { mergedSide, prFromMessage } from '../git/pullRequestMessages';
import { issueKeys, remoteLinks } from './notes';

/**
 * The release live in an environment, from a product's releases newest first: the one the backend flags active
 * there (when it succeeded there), else the newest that succeeded there.
 */
export function liveRelease(releases: readonly ReleaseSummary[], environment: string): ReleaseSummary | undefined {
  const ok = releases.filter((r) => {
    const e = r.environments.find((x) => x.name === environment);
    return e && environmentStatus(e.status).kind === 'succeeded';
  });
  return ok.find((r) => r.environments.find((x) => x.name === environment)?.active) ?? ok[0];
}

export interface CompareInput {
  repoRoot: string;
  product: string;
  /** The product's releases, newest first. */
  releases: readonly ReleaseSummary[];
  /** The environment behind (e.g. prod) and the one ahead (e.g. staging). */
  from: string;
  to: string;
  /** Compare this release (by id) instead of the release live in `to`: "what would it bring to `from`". */
  toRelease?: string;
  offset?: number;
  pageSize?: number;
  remoteUrl?: string;
}

const short = (sha: string) => sha.slice(0, 7);

function commitOf(c: LogCommit): CompareCommit {
  const text = `${c.subject}\n${c.body}`;
  const refs = [...new Set([...text.matchAll(/(?<![\w&#/])#(\d{1,7})\b/g)].map((m) => Number(m[1])))];
  return { sha: c.sha, subject: c.subject, author: c.author, date: c.date, issues: issueKeys(text), refs };
}

async function count(repoRoot: string, range: string): Promise<number | undefined> {
  const out = await gitOrUndefined(repoRoot, ['rev-list', '--count', range, '--']);
  const n = out === undefined ? Number.NaN : Number(out.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** The shallow clone's cut-off commits (empty when it is complete). */
async function shallowBoundary(repoRoot: string): Promise<Set<string>> {
  if (!(await isShallowRepository(repoRoot))) return new Set();
  const file = (await gitOrUndefined(repoRoot, ['rev-parse', '--path-format=absolute', '--git-path', 'shallow']))?.trim();
  if (!file) return new Set();
  const text = await readFile(file, 'utf8').catch(() => '');
  return new Set(text.split('\n').map((s) => s.trim()).filter(Boolean));
}

export async function compareEnvironments(input: CompareInput): Promise<CompareResult> {
  const { repoRoot, product, releases } = input;
  const offset = Math.max(0, input.offset ?? 0);
  const pageSize = Math.max(1, input.pageSize ?? 100);
  const from: CompareSide = { environment: input.from, release: liveRelease(releases, input.from) };
  const to: CompareSide = { environment: input.to, release: input.toRelease !== undefined ? releases.find((r) => r.id === input.toRelease) : liveRelease(releases, input.to) };
  const unavailable = (reason: string): CompareResult => ({ kind: 'unavailable', from, to, reason });
  if (input.toRelease !== undefined && !to.release) return unavailable(`Release ${input.toRelease} of ${product} is not among the releases loaded.`);
  for (const side of [to, from]) {
    if (!side.release) return unavailable(`No release of ${product} is live in ${side.environment} (among the releases loaded).`);
    if (!side.release.triggerCommit?.sha) return unavailable(`Release ${side.release.id}, live in ${side.environment}, names no commit.`);
  }
  const fromRaw = from.release!.triggerCommit!.sha;
  const toRaw = to.release!.triggerCommit!.sha;
  const fromSha = await resolveCommitish(repoRoot, fromRaw);
  const toSha = await resolveCommitish(repoRoot, toRaw);
  const missing = !toSha ? { side: to, sha: toRaw } : !fromSha ? { side: from, sha: fromRaw } : undefined;
  if (missing) {
    return unavailable(`Commit ${short(missing.sha)} of release ${missing.side.release!.id} (live in ${missing.side.environment}) is not in this clone: fetch it, or it belongs to another repository.`);
  }
  const boundary = await shallowBoundary(repoRoot);
  const base = await gitOrUndefined(repoRoot, ['merge-base', fromSha!, toSha!]);
  if (!base?.trim()) {
    return unavailable(
      boundary.size > 0
        ? `This clone is shallow and the histories of ${short(fromSha!)} and ${short(toSha!)} do not meet in it: run \`git fetch --unshallow\` to compare them.`
        : `${short(fromSha!)} and ${short(toSha!)} have no common history in this repository.`,
    );
  }
  const range = `${fromSha}..${toSha}`;
  const total = await count(repoRoot, range);
  const behind = await count(repoRoot, `${toSha}..${fromSha}`);
  if (total === undefined || behind === undefined) return unavailable('Git could not count the commits between the two releases.');
  const { commits } = await readLog(repoRoot, [`--skip=${offset}`, `--max-count=${pageSize}`, range]);
  const links = remoteLinks(input.remoteUrl ?? (await readRemoteUrl(repoRoot)));

  // Oldest first, so a PR merged into another PR's branch keeps its own commits and the outer one gets the rest.
  const inPr = new Set<string>();
  const prs = new Map<string, ComparePullRequest>();
  for (const c of [...commits].reverse()) {
    const m = prFromMessage(c.subject, c.body);
    if (!m) continue;
    const key = m.gitlab ? `!${m.number}` : `#${m.number}`;
    const pr = prs.get(key) ?? { key, number: m.number, title: m.title, via: m.via, url: links?.pullRequest(m.number), commits: [] };
    inPr.add(c.sha);
    const members = m.via === 'merge' ? mergedSide(c, commits).reverse() : [c];
    for (const x of members) {
      // A merge inside the merged side is not a change of its own (a PR merge there has its own entry already).
      if (m.via === 'merge' && (inPr.has(x.sha) || x.parents.length > 1)) continue;
      inPr.add(x.sha);
      pr.commits.unshift(commitOf(x));
    }
    prs.set(key, pr);
  }
  // A merge commit that names no PR is not a change of its own: its merged side is listed as direct commits.
  const direct = commits.filter((c) => !inPr.has(c.sha) && c.parents.length < 2).map(commitOf);

  const fromAt = Date.parse(from.release!.createdAt);
  const toAt = Date.parse(to.release!.createdAt);
  const releasesBetween = fromAt >= toAt ? [] : releases.filter((r) => {
    const t = Date.parse(r.createdAt);
    return r.id !== from.release!.id && t > fromAt && t <= toAt;
  });
  const cut = boundary.size > 0 ? commits.find((c) => boundary.has(c.sha)) : undefined;
  const caveat = cut ? `This clone is shallow: its history stops at ${short(cut.sha)}, inside this range, so older commits of the range may be missing.` : undefined;
  const web = links?.web;
  const linkBases = links && web
    ? {
        commit: links.commit(''),
        issue: links.style === 'gitlab' ? `${web}/-/issues/` : `${web}/issues/`,
        pullRequest: links.pullRequest(0).replace(/0$/, ''),
      }
    : undefined;
  return {
    kind: 'range',
    product,
    from,
    to,
    total,
    offset,
    pageSize,
    pullRequests: [...prs.values()].reverse(),
    direct,
    behind,
    releasesBetween,
    ...(caveat ? { caveat } : {}),
    ...(linkBases ? { links: linkBases } : {}),
  };
}

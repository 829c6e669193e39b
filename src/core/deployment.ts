// The answer to "where is this commit deployed?", per product and environment (the rules are at the top of
// src/resolve/where.ts). Computed by src/resolve from releases (core model) and the local commit graph; rendered by
// the tree, the hover, the status bar, the webview and the CLI.

import type { CommitLink, IsoDate, ReleaseAction } from './model';
import type { Status } from './status';

/**
 * - deployed: the commit is contained in the environment's live release (the one the backend flags active there,
 *   else the newest release whose step there succeeded)
 * - on-its-way: a newer release containing the commit is running, queued, pending or suspended there, inside an
 *   attempt that is going on (a step waiting on its upstream in a running release counts; one nobody has promoted
 *   does not)
 * - awaiting-approval: as on-its-way, but what it waits for is a person's approval (`approval` says whose)
 * - blocked: a release containing the commit failed or was terminated there
 * - taken-down: a release containing the commit was live there and was taken down, and nothing replaced it
 * - no-longer-deployed: a release containing the commit was deployed there, and the live release does not contain it
 *   (a rollback, or a line that moved on without the change)
 * - not-yet: no release containing the commit has reached the environment, and none is moving towards it
 * - unknown: it cannot be known (reason says why)
 */
export type DeploymentState =
  | 'deployed'
  | 'on-its-way'
  | 'awaiting-approval'
  | 'blocked'
  | 'taken-down'
  | 'no-longer-deployed'
  | 'not-yet'
  | 'unknown';

export const DEPLOYMENT_STATE_LABELS: Record<DeploymentState, string> = {
  deployed: 'Deployed',
  'on-its-way': 'On its way',
  'awaiting-approval': 'Awaiting approval',
  blocked: 'Blocked',
  'taken-down': 'Taken down',
  'no-longer-deployed': 'No longer deployed',
  'not-yet': 'Not yet',
  unknown: 'Unknown',
};

/** A short reference to a release, enough to render a link and a status. */
export interface ReleaseRef {
  id: string;
  productName: string;
  version?: string;
  createdAt: IsoDate;
  /** Status of that release in the environment in question. */
  environmentStatus: Status;
  /** Overall release status. */
  releaseStatus: Status;
}

/** How a release carries the commit. */
export type Containment = 'trigger' | 'ancestor' | 'promotion-commit' | 'image-commit' | 'pr-commit';

const CONTAINMENT_LABELS: Record<Containment, string> = {
  trigger: 'its trigger commit',
  ancestor: 'an ancestor of a commit it carries',
  'promotion-commit': 'its promotion commit',
  'image-commit': "its image's source commit",
  'pr-commit': 'a commit of its pull request',
};

/** How a backend's link reads in an answer. */
const COMMIT_LINK_LABELS: Record<CommitLink, string> = {
  'exact-sha': 'exact sha',
  'image-revision': 'image revision annotation',
  'commit-trailer': 'commit trailer',
  'gitops-commit': 'GitOps repository commit only',
};

/**
 * Why the release in an answer counts as carrying the commit, e.g. `its trigger commit, linked by exact sha`, so a
 * weak link (only the GitOps repository's commit) shows as such. Undefined when the answer names no containment.
 */
export function containmentReason(e: Pick<EnvironmentDeployment, 'containment' | 'link'>): string | undefined {
  if (!e.containment) return undefined;
  const what = CONTAINMENT_LABELS[e.containment];
  return e.link ? `${what}, linked by ${COMMIT_LINK_LABELS[e.link]}` : what;
}

/**
 * Whose approval an environment awaits, as GitHub's own pages word it: `waiting for your review` when the signed-in
 * user may approve, `waiting for review by @alice, team platform` when the backend names the reviewers, else
 * `waiting for approval`. Undefined for any other state.
 */
export function approvalWords(e: Pick<EnvironmentDeployment, 'state' | 'approval'>): string | undefined {
  if (e.state !== 'awaiting-approval') return undefined;
  if (e.approval?.you) return 'waiting for your review';
  const who = e.approval?.approvers ?? [];
  return who.length ? `waiting for review by ${who.slice(0, 5).join(', ')}${who.length > 5 ? ` and ${who.length - 5} more` : ''}` : 'waiting for approval';
}

export type UnknownReason = 'uncommitted' | 'shallow-clone' | 'commit-not-found' | 'backend-unreachable' | 'no-data';

/** A release whose containment of the commit could not be known, but which could not change the answer either. */
export interface IgnoredRelease {
  releaseId: string;
  version?: string;
  reason: UnknownReason;
  /** Human detail, e.g. `release r7: its commit is not in the local repository`. */
  detail: string;
}

export interface EnvironmentDeployment {
  environment: string;
  state: DeploymentState;
  /**
   * deployed: the live release (which contains the commit). on-its-way / blocked: the release in question.
   * no-longer-deployed: the newest release that had the commit deployed here.
   */
  release?: ReleaseRef;
  /** no-longer-deployed: the live release, which does not contain the commit. */
  liveRelease?: ReleaseRef;
  /**
   * deployed: the release that brought the commit in the current unbroken run of live releases containing it (the
   * oldest of that run; an older one that had it before a release without it does not count).
   */
  firstRelease?: ReleaseRef;
  /**
   * deployed: when firstRelease reached the environment. no-longer-deployed: when the live release did. taken-down:
   * when it was taken down. "Reached" is the time the backend gives for the release's step there: its `updatedAt`
   * (when it last changed: for a succeeded step, when it finished), else its `startedAt`, else the release's
   * `updatedAt`, else its `createdAt`.
   */
  since?: IsoDate;
  /**
   * When `release` itself got where the answer finds it (its step's last change, else the release's): deployed, when
   * the live release reached the environment (`since` is when the commit first did); on-its-way, when its attempt
   * there started (a running promotion's own start, not the release's age); blocked, when it failed there;
   * no-longer-deployed, when the older release reached it.
   */
  releaseAt?: IsoDate;
  /** awaiting-approval: who may approve (when the backend says) and whether the signed-in user may. */
  approval?: { approvers?: string[]; you?: boolean };
  /** What the signed-in user may do to the named release here now, as the backend judged (e.g. approve). */
  actions?: ReleaseAction[];
  /** blocked: the error text the backend gave, when any. */
  error?: string;
  /** unknown: why. */
  reason?: UnknownReason;
  /** unknown: human detail for the reason. */
  detail?: string;
  containment?: Containment;
  /** How the backend links the release's commit that decided `containment` (absent when no release contains it). */
  link?: CommitLink;
  /** Releases passed over because their containment is unknown and could not change the state (absent: none). */
  ignored?: IgnoredRelease[];
}

export interface ProductDeployment {
  product: string;
  /** Environments in flow order. */
  environments: EnvironmentDeployment[];
}

export interface CommitDeployments {
  /** Full 40-hex sha, or empty for uncommitted lines. */
  sha: string;
  products: ProductDeployment[];
  /** Set when the whole answer is unknown (e.g. the line is not committed yet). */
  unknown?: { reason: UnknownReason; detail: string };
  /** When the release data behind this answer was fetched; older data is flagged stale by the UI. */
  dataAsOf?: IsoDate;
}

/**
 * Answers ancestry questions without spawning git (implemented by the in-memory commit graph in src/git).
 * `'unknown'` when the answer crosses a shallow-clone boundary or a commit is missing locally: never a wrong "no".
 */
export interface AncestryOracle {
  /** Is `ancestor` equal to or an ancestor of `descendant`? */
  isAncestor(ancestor: string, descendant: string): boolean | 'unknown';
  /** Is this full sha in the loaded graph? */
  has(sha: string): boolean;
  /** The clone is shallow (some history is missing). */
  readonly shallow: boolean;
  /** Committer date of a loaded commit, in seconds since the epoch (optional: lets the resolver rule out releases
   * made before the commit existed). */
  commitTime?(sha: string): number | undefined;
}

/** The releases a product's answers passed over, each once with the environments it was passed over in. */
export function ignoredReleases(p: ProductDeployment): { releaseId: string; detail: string; environments: string[] }[] {
  const byId = new Map<string, { releaseId: string; detail: string; environments: string[] }>();
  for (const e of p.environments) {
    for (const i of e.ignored ?? []) {
      const entry = byId.get(i.releaseId) ?? { releaseId: i.releaseId, detail: i.detail, environments: [] };
      entry.environments.push(e.environment);
      byId.set(i.releaseId, entry);
    }
  }
  return [...byId.values()];
}

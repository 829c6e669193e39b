// The answer to "where is this commit deployed?", per product and environment (see DESIGN.md, the resolver's
// contract). Computed by src/resolve from releases (core model) and the local commit graph; rendered by the tree,
// the hover, the status bar, the webview and the CLI.

import type { IsoDate } from './model';
import type { Status } from './status';

/**
 * - deployed: the commit is contained in the environment's live release (newest release whose step succeeded)
 * - on-its-way: a newer release containing the commit is running, queued, pending or suspended there
 * - blocked: the newest release containing the commit failed or was terminated there
 * - not-yet: no release containing the commit has reached the environment
 * - unknown: it cannot be known (reason says why)
 */
export type DeploymentState = 'deployed' | 'on-its-way' | 'blocked' | 'not-yet' | 'unknown';

export const DEPLOYMENT_STATE_LABELS: Record<DeploymentState, string> = {
  deployed: 'Deployed',
  'on-its-way': 'On its way',
  blocked: 'Blocked',
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

export type UnknownReason = 'uncommitted' | 'shallow-clone' | 'commit-not-found' | 'backend-unreachable' | 'no-data';

export interface EnvironmentDeployment {
  environment: string;
  state: DeploymentState;
  /** deployed: the live release (which contains the commit). on-its-way / blocked: the release in question. */
  release?: ReleaseRef;
  /** deployed: the oldest release that brought the commit to this environment (first to succeed there). */
  firstRelease?: ReleaseRef;
  /** deployed: when the live release reached the environment, when known. */
  since?: IsoDate;
  /** blocked: the error text the backend gave, when any. */
  error?: string;
  /** unknown: why. */
  reason?: UnknownReason;
  /** unknown: human detail for the reason. */
  detail?: string;
  containment?: Containment;
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
}

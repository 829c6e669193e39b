// The interface every release backend implements (codefresh/, demo/ ...), in core types only. Every call takes an
// AbortSignal; every failure is a BackendError with a kind the UI can act on.

import type { CommitChecks } from '../core/checks';
import type { BackendId, CommitPullRequests, Product, ReleaseAction, ReleaseDetail, ReleaseNotes, ReleaseSummary } from '../core/model';

export type { ReleaseAction } from '../core/model';

export interface ListReleasesOptions {
  /** Page size; backends cap it (Codefresh: 50). */
  pageSize?: number;
  /** Opaque cursor from a previous page's `endCursor`: continue after it ("load more"). */
  after?: string;
  /**
   * Incremental refresh: ids of releases the caller already holds in a terminal status. Paging stops at the first
   * page that reaches one of them, because everything older is already known and final.
   */
  knownTerminalIds?: ReadonlySet<string>;
  /** Upper bound on releases returned in one call (default: one page). */
  limit?: number;
  signal?: AbortSignal;
}

export interface ReleasePage {
  /** Newest first. */
  releases: ReleaseSummary[];
  /** Cursor to pass as `after` for older releases. */
  endCursor?: string;
  hasMore: boolean;
  /** True when paging stopped because it reached known terminal releases. */
  reachedKnown: boolean;
  /** Number of HTTP requests this call cost (for the benchmark and the log). */
  requests: number;
  /**
   * Release rows the backend received but could not read (a node that fails its schema, an unknown node type): left
   * out of `releases`. `reasons` are human texts naming the field path, e.g.
   * `data.promotions.edges[3].node.createdAt: expected string, got missing`; at most a few, deduplicated.
   */
  skipped?: { count: number; reasons: string[] };
  /** Things the user should know about this answer although the data was kept (partial GraphQL errors, an oversized page). */
  warnings?: string[];
}

export interface AccountInfo {
  user: string;
  account?: string;
}

/**
 * How a backend learns that releases changed:
 * - `stream`: the backend pushes changes (a server-sent event stream, as Kargo's and Argo CD's `watch`);
 * - `conditional-poll`: ask again with an ETag; an unchanged answer costs nothing (GitHub's REST API);
 * - `poll`: ask again on a schedule; every answer costs a full request (Codefresh's GraphQL API).
 */
export type UpdateMode = 'stream' | 'conditional-poll' | 'poll';


/** One action the user asked for: on which release, in which environment. */
export interface ActionRequest {
  action: ReleaseAction;
  releaseId: string;
  productName: string;
  environment: string;
  /** Optional text the user gave (a review comment); backends that take none ignore it. */
  comment?: string;
}

/** What the backend did, in a sentence for the UI (e.g. `Approved the deployment of v1.4.2 to production`). */
export interface ActionResult {
  message: string;
}

/** What a backend can do; the UI offers only these (context keys and `when` clauses), the poller picks its pace. */
export interface BackendCapabilities {
  updates: UpdateMode;
  /** Releases carry pre- and post-promotion workflows with steps. */
  workflows: boolean;
  /** The backend has release notes of its own (without it, notes come from local Git only). */
  releaseNotes: boolean;
  /** The backend has a web page per release ("Open in Codefresh"). */
  webPages: boolean;
  /**
   * Actions on a release this backend supports from the editor at all. Which of them the signed-in user may take on
   * one release in one environment right now is `ReleaseEnvironment.actions`.
   */
  actions: readonly ReleaseAction[];
}

export interface ReleaseBackend {
  readonly id: BackendId;
  readonly capabilities: BackendCapabilities;
  /** Human description for the log and the UI, e.g. `Codefresh at https://g.codefresh.io`. Never holds a secret. */
  readonly description: string;
  /** A cheap call that validates the credentials. */
  whoAmI(signal?: AbortSignal): Promise<AccountInfo>;
  /** Products with their environments and flows. */
  listProducts(signal?: AbortSignal): Promise<Product[]>;
  /** Releases of one product, newest first, paged. */
  listReleases(productName: string, options?: ListReleasesOptions): Promise<ReleasePage>;
  /** One release in detail: per-environment steps, workflows and their steps, applications, hooks, issues. */
  getRelease(releaseId: string, signal?: AbortSignal): Promise<ReleaseDetail>;
  /** The release notes the backend knows (local Git notes are merged in by src/resolve). */
  getReleaseNotes(releaseId: string, signal?: AbortSignal): Promise<ReleaseNotes>;
  /**
   * The pull requests that contain some commits of a product's repository (full shas), each with the given commits
   * it contains. Present when the backend knows pull requests (GitHub). The release notes ask it for the commits of
   * the range they compute from local Git, so the caller decides which commits and how many.
   */
  pullRequestsOf?(productName: string, shas: readonly string[], signal?: AbortSignal): Promise<CommitPullRequests>;
  /**
   * Take an action on a release in one environment. Present when `capabilities.actions` is not empty. Fails with a
   * BackendError whose message says why in plain words (`auth` for a missing permission, `http` with status 409 for a
   * conflict such as a promotion already running).
   */
  act?(request: ActionRequest, signal?: AbortSignal): Promise<ActionResult>;
  /**
   * The deployment-related checks (commit statuses, check runs) the code host reports on one commit of a product's
   * repository, with their Details links. Present only on backends whose host has such checks (GitHub); the UI shows
   * checks only where it is. Fails with a BackendError whose message says why in plain words.
   */
  commitChecks?(productName: string, sha: string, signal?: AbortSignal): Promise<CommitChecks>;
  /**
   * Be told when the backend learns that releases changed (present for `updates: 'stream'`): the listener refreshes.
   * Returns what stops the telling.
   */
  onDidChange?(listener: () => void): { dispose(): void };
  /** Release everything the backend holds (agents, timers). */
  dispose?(): Promise<void> | void;
}

export type BackendErrorKind =
  | 'auth' // 401 / 403 without rate limit: wrong or missing key
  | 'rate-limit' // 429 or 403 rate limit, after retries
  | 'network' // connection refused, DNS, TLS, reset
  | 'timeout'
  | 'http' // other HTTP status
  | 'graphql' // errors[] in the response
  | 'payload' // the response does not match the schema (truncated JSON, wrong types, missing fields)
  | 'not-found'
  | 'cancelled'
  | 'config'; // e.g. no URL or key configured

export class BackendError extends Error {
  override readonly name = 'BackendError';
  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    readonly details?: { query?: string; status?: number; path?: string; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message);
  }
}

/**
 * True for a BackendError. Checked by shape as well as by class: the extension loads the backends from their own
 * bundle (src/vscode/deps.ts), whose copy of this class is a different constructor.
 */
export function isBackendError(e: unknown): e is BackendError {
  if (e instanceof BackendError) return true;
  return e instanceof Error && e.name === 'BackendError' && typeof (e as { kind?: unknown }).kind === 'string';
}

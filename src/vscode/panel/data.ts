// What the release panel shows, from the store, with fallbacks so a backend that cannot give the details still gives
// a useful panel: when the release detail cannot be loaded, the release is built from its row in the release list
// (environments, statuses, and dependencies where the row or the product's flow names them) and a warning says
// why; the release notes always include what the local Git history says, even when the backend's notes or the
// detail failed, with a warning when the backend's part is missing.
//
// Pure (no vscode): the store, the notes assembler and the repository root come in as functions, so this is unit
// tested under Node against a real store and backend.

import type { Logger } from '../../core/log';
import type { Product, ReleaseDetail, ReleaseNotes, ReleaseSummary } from '../../core/model';
import type { PanelWarning } from '../../../webview/protocol';
import type { AssembleInput } from '../../resolve/notes';
import type { PullRequestLookup } from '../../resolve/pullRequests';

/** The release to show, and a warning when it is only the release list's row. */
export interface LoadedRelease {
  release: ReleaseDetail;
  warning?: PanelWarning;
}

/** The notes to show, and a warning when the backend's part could not be loaded. */
export interface LoadedNotes {
  notes: ReleaseNotes;
  warning?: PanelWarning;
}

/** The parts of the release store the panel reads (src/vscode/pure/releaseStore.ts). */
export interface PanelStore {
  getDetail(releaseId: string, signal?: AbortSignal): Promise<ReleaseDetail>;
  getNotes(releaseId: string, signal?: AbortSignal): Promise<ReleaseNotes>;
  findRelease(releaseId: string): { productName: string; release: ReleaseSummary } | undefined;
  productState(name: string): { product: Product; releases: readonly ReleaseSummary[] } | undefined;
  /** The backend's pull requests of a product's commits, when the backend knows pull requests. */
  pullRequestLookup?(productName: string, signal?: AbortSignal): PullRequestLookup | undefined;
}

export interface NotesModule {
  assembleReleaseNotes(input: AssembleInput): Promise<ReleaseNotes>;
  findPreviousRelease(
    releases: readonly (ReleaseSummary | ReleaseDetail)[],
    release: ReleaseSummary | ReleaseDetail,
  ): ReleaseSummary | ReleaseDetail | undefined;
}

export interface PanelDataDeps {
  store: PanelStore;
  /** The workspace repository the local notes are computed from, if any. */
  repoRoot(): Promise<string | undefined>;
  /** The release-notes code (loaded lazily by the extension). */
  notes(): Promise<NotesModule>;
  /** The issue tracker base URL setting (links of issue keys found in local Git). */
  issueTrackerUrl?(): string;
  log: Logger;
}

function isCancelled(e: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (e instanceof Error && (e as { kind?: unknown }).kind === 'cancelled');
}

/**
 * An error as a sentence for the user. Backend errors start with the query they came from (`productRelease: …`), which
 * means nothing to a user: that prefix is dropped. The text keeps whatever the server said (the webview shows it as
 * text only).
 */
export function failureReason(e: unknown): string {
  let text = e instanceof Error ? e.message : String(e);
  const query = e instanceof Error ? (e as { details?: { query?: unknown } }).details?.query : undefined;
  if (typeof query === 'string' && query && text.startsWith(`${query}: `)) text = text.slice(query.length + 2);
  text = text.trim() || 'unknown error';
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}

/**
 * A release in detail built from its release-list row: the environments with their statuses, and dependencies where
 * the row names them or else where the product's flow of that name does. Workflows, applications and issues are
 * not in the row, so they are empty.
 */
export function releaseFromSummary(summary: ReleaseSummary, product?: Product): ReleaseDetail {
  const flow = product?.flows.find((f) => f.name === summary.flowName && f.steps.length > 0);
  const flowDeps = new Map(flow?.steps.map((s) => [s.environment, s.dependsOn]) ?? []);
  const detail: ReleaseDetail = {
    ...summary,
    environments: summary.environments.map((e) => ({ ...e })),
    steps: summary.environments.map((e) => {
      const kind = product?.environments.find((x) => x.name === e.name)?.kind;
      return {
        environment: e.name,
        ...(kind ? { kind } : {}),
        dependsOn: e.dependsOn ?? flowDeps.get(e.name) ?? [],
        status: e.status,
        ...(e.startedAt ? { startedAt: e.startedAt } : {}),
        ...(e.updatedAt ? { updatedAt: e.updatedAt } : {}),
        preWorkflows: [],
        postWorkflows: [],
        applications: [],
        issues: [],
      };
    }),
  };
  const trigger = summary.triggerEnvironment ?? flow?.triggerEnvironment;
  if (trigger) detail.triggerEnvironment = trigger;
  return detail;
}

/** The release for the panel: its detail, or (when that fails) its release-list row with a warning saying why. */
export async function loadPanelRelease(deps: PanelDataDeps, productName: string, releaseId: string, signal?: AbortSignal): Promise<LoadedRelease> {
  try {
    return { release: await deps.store.getDetail(releaseId, signal) };
  } catch (e) {
    const row = deps.store.findRelease(releaseId);
    if (!row || isCancelled(e, signal)) throw e;
    const reason = failureReason(e);
    deps.log.debug(`release panel: showing ${releaseId} from the release list (${reason})`);
    const product = deps.store.productState(row.productName || productName)?.product;
    return {
      release: releaseFromSummary(row.release, product),
      warning: {
        kind: 'details-unavailable',
        message: `The release details could not be loaded: ${reason} Shown here is what the release list knows: environments, statuses and dependencies. Workflows, applications and issues are not available.`,
      },
    };
  }
}

/**
 * The release notes for the panel: the backend's notes merged with the local Git history. The local part is
 * computed even when the backend's notes or the release detail fail (from the release-list row); a warning then
 * says the backend's notes are missing and why.
 */
export async function loadPanelNotes(deps: PanelDataDeps, productName: string, releaseId: string, signal?: AbortSignal): Promise<LoadedNotes> {
  const [backend, loaded] = await Promise.all([
    deps.store.getNotes(releaseId, signal).then(
      (notes) => ({ notes, error: undefined as unknown }),
      (error: unknown) => ({ notes: undefined, error }),
    ),
    loadPanelRelease(deps, productName, releaseId, signal).then(
      (r) => ({ release: r.release, error: undefined as unknown }),
      (error: unknown) => ({ release: undefined, error }),
    ),
  ]);
  if (signal?.aborted) throw backend.error ?? loaded.error ?? new Error('cancelled');
  const backendNotes = backend.notes;
  if (backend.error !== undefined) deps.log.warn(`backend release notes of ${releaseId} failed: ${failureReason(backend.error)}`);
  const release = loaded.release;
  if (!release) {
    // Nothing to compute local notes from: the backend's notes alone, if any.
    if (backendNotes) return { notes: backendNotes };
    throw loaded.error;
  }
  const { assembleReleaseNotes, findPreviousRelease } = await deps.notes();
  const releases = deps.store.productState(productName)?.releases ?? [];
  const previous = findPreviousRelease(releases, release);
  const repoRoot = await deps.repoRoot();
  let notes: ReleaseNotes;
  try {
    const pullRequestsOf = deps.store.pullRequestLookup?.(release.productName || productName, signal);
    notes = await assembleReleaseNotes({ release, backendNotes, previous, repoRoot, issueTrackerUrl: deps.issueTrackerUrl?.() || undefined, pullRequestsOf });
  } catch (e) {
    deps.log.warn(`local release notes of ${releaseId} failed: ${failureReason(e)}`);
    if (backendNotes) return { notes: backendNotes };
    throw e;
  }
  if (backend.error === undefined) return { notes };
  const rest = repoRoot
    ? 'The notes below come from the local Git history only.'
    : 'No local Git repository is open to compute notes from.';
  return {
    notes,
    warning: { kind: 'backend-notes-unavailable', message: `Release notes from the backend could not be loaded: ${failureReason(backend.error)} ${rest}` },
  };
}

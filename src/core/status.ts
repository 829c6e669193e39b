// Status vocabularies of the release APIs, exactly as the API spells them, and the one normalised status the
// UI works with. Every vocabulary has an exhaustive mapping table (the compiler rejects a missing value), and any
// value a newer API invents maps to an explicit `unknown` that keeps the raw text.

/** Overall release / promotion status (`ProductReleasePublicStatus`). */
export const RELEASE_STATUSES = ['QUEUED', 'RUNNING', 'SUSPENDED', 'SUCCEEDED', 'FAILED', 'TERMINATING', 'TERMINATED'] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** Release status filter input (`ProductReleaseStatus`): the public statuses plus internal ones. */
export const RELEASE_FILTER_STATUSES = [
  ...RELEASE_STATUSES,
  'PENDING',
  'INITIALIZING',
  'FINALIZING',
  'FINALIZING_TERMINATION',
] as const;
export type ReleaseFilterStatus = (typeof RELEASE_FILTER_STATUSES)[number];

/** Legacy per-environment status (`ProductReleaseStepStatus`). It has no QUEUED. */
export const LEGACY_ENVIRONMENT_STATUSES = [
  'PENDING',
  'INITIALIZING',
  'RUNNING',
  'SUSPENDED',
  'FINALIZING',
  'FINALIZING_TERMINATION',
  'SUCCEEDED',
  'FAILED',
  'SKIPPED',
  'TERMINATING',
  'TERMINATED',
] as const;
export type LegacyEnvironmentStatus = (typeof LEGACY_ENVIRONMENT_STATUSES)[number];

/** New-architecture per-environment status (`EnvironmentStatus`). */
export const ENVIRONMENT_STATUSES = [
  'PENDING',
  'QUEUED',
  'RUNNING',
  'SUSPENDED',
  'SUCCEEDED',
  'FAILED',
  'SKIPPED',
  'TERMINATING',
  'TERMINATED',
] as const;
export type NewEnvironmentStatus = (typeof ENVIRONMENT_STATUSES)[number];

/** Union of both per-environment vocabularies, which is what the model stores. */
export type EnvironmentStatus = LegacyEnvironmentStatus | NewEnvironmentStatus;

/** Argo workflow node phases (`WorkflowNodePhases`), used by workflow step views. */
export const WORKFLOW_NODE_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted'] as const;
export type WorkflowNodePhase = (typeof WORKFLOW_NODE_PHASES)[number];

/** Argo workflow phases (`WorkflowPhases`), used by release hooks. */
export const WORKFLOW_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error', 'Unknown'] as const;
export type WorkflowPhase = (typeof WORKFLOW_PHASES)[number];

/** Per-application promotion status inside an environment step (`ExtendedWorkflowPhases`). */
export const APP_PROMOTION_STATUSES = [
  'ELECTED',
  'PENDING',
  'INITIALIZING',
  'RUNNING',
  'SUSPENDED',
  'SUCCEEDED',
  'FAILED',
  'ERROR',
  'SKIPPED',
  'TERMINATING',
  'TERMINATED',
] as const;
export type AppPromotionStatus = (typeof APP_PROMOTION_STATUSES)[number];

export const ENVIRONMENT_KINDS = ['PROD', 'NON_PROD'] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

export const PROMOTION_ACTIONS = ['commit', 'pr', 'none'] as const;
export type PromotionAction = (typeof PROMOTION_ACTIONS)[number];

export const SYNC_STATUSES = ['SYNCED', 'OUT_OF_SYNC', 'SYNCING', 'UNKNOWN'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const HEALTH_STATUSES = ['HEALTHY', 'PROGRESSING', 'DEGRADED', 'SUSPENDED', 'MISSING', 'TERMINATED', 'UNKNOWN'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export const ISSUE_TYPES = ['APPLICATION', 'GIT', 'WORKFLOW'] as const;
export type IssueType = (typeof ISSUE_TYPES)[number];

export const ERROR_LEVELS = ['ERROR', 'WARNING'] as const;
export type ErrorLevel = (typeof ERROR_LEVELS)[number];

export const PULL_REQUEST_STATES = ['OPEN', 'CLOSED'] as const;
export type PullRequestState = (typeof PULL_REQUEST_STATES)[number];

export const RELEASE_ERROR_CODES = [
  'CREATION_FAILED',
  'PROMOTION_FLOW_ERROR',
  'RELEASE_ERROR',
  'RELEASE_TERMINATED',
  'STEP_ERROR',
  'STEP_FAILED',
  'STEP_TERMINATED',
] as const;
export const PROMOTION_ERROR_CODES = ['UNKNOWN', 'ENVIRONMENT_MISSING_APPLICATIONS', 'PROMOTION_TERMINATION'] as const;
export type ReleaseErrorCode = (typeof RELEASE_ERROR_CODES)[number] | (typeof PROMOTION_ERROR_CODES)[number];

/**
 * A value of an API vocabulary as stored in the model. Known values keep their literal type; a value a newer API
 * sends is kept as is (it normalises to `unknown`). `string & {}` keeps editor completion for the known values.
 */
export type Raw<T extends string> = T | (string & {});

/**
 * The one normalised status the UI and the status rules work with.
 * - succeeded: done, OK           - running: in progress (incl. initializing / finalizing)
 * - suspended: paused, e.g. waiting for PR approval
 * - queued: waiting for its turn (concurrency queue)    - pending: not started yet
 * - failed: failed to execute     - error: a workflow/step error (e.g. syntax error)
 * - terminating / terminated: being / was stopped by hand or by concurrency
 * - skipped: will not run (downstream of a failure, or omitted)
 * - unknown: a value this version does not know; the raw value is kept beside it
 */
export const STATUS_KINDS = [
  'succeeded',
  'running',
  'suspended',
  'queued',
  'pending',
  'failed',
  'error',
  'terminating',
  'terminated',
  'skipped',
  'unknown',
] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];

/** A normalised status together with the raw API value it came from. */
export interface Status {
  readonly kind: StatusKind;
  readonly raw: string;
}

/** The vocabularies, by name, so tests and the UI can walk them. */
export const VOCABULARIES = {
  release: RELEASE_STATUSES,
  releaseFilter: RELEASE_FILTER_STATUSES,
  legacyEnvironment: LEGACY_ENVIRONMENT_STATUSES,
  environment: ENVIRONMENT_STATUSES,
  workflowNode: WORKFLOW_NODE_PHASES,
  workflow: WORKFLOW_PHASES,
  appPromotion: APP_PROMOTION_STATUSES,
} as const;
export type VocabularyName = keyof typeof VOCABULARIES;

const RELEASE_MAP: Record<ReleaseFilterStatus, StatusKind> = {
  QUEUED: 'queued',
  PENDING: 'pending',
  INITIALIZING: 'running',
  RUNNING: 'running',
  FINALIZING: 'running',
  SUSPENDED: 'suspended',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  FINALIZING_TERMINATION: 'terminating',
  TERMINATING: 'terminating',
  TERMINATED: 'terminated',
};

const ENVIRONMENT_MAP: Record<EnvironmentStatus, StatusKind> = {
  PENDING: 'pending',
  QUEUED: 'queued',
  INITIALIZING: 'running',
  RUNNING: 'running',
  FINALIZING: 'running',
  SUSPENDED: 'suspended',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  SKIPPED: 'skipped',
  FINALIZING_TERMINATION: 'terminating',
  TERMINATING: 'terminating',
  TERMINATED: 'terminated',
};

const WORKFLOW_NODE_MAP: Record<WorkflowNodePhase, StatusKind> = {
  Pending: 'pending',
  Running: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Error: 'error',
  Skipped: 'skipped',
  Omitted: 'skipped',
};

const WORKFLOW_MAP: Record<WorkflowPhase, StatusKind> = {
  Pending: 'pending',
  Running: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Error: 'error',
  // Argo itself reports that it does not know: keep it visible as unknown, never as success.
  Unknown: 'unknown',
};

const APP_PROMOTION_MAP: Record<AppPromotionStatus, StatusKind> = {
  // Elected for promotion but not started yet.
  ELECTED: 'pending',
  PENDING: 'pending',
  INITIALIZING: 'running',
  RUNNING: 'running',
  SUSPENDED: 'suspended',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  ERROR: 'error',
  SKIPPED: 'skipped',
  TERMINATING: 'terminating',
  TERMINATED: 'terminated',
};

const MAPS: Record<VocabularyName, Readonly<Record<string, StatusKind>>> = {
  release: RELEASE_MAP,
  releaseFilter: RELEASE_MAP,
  legacyEnvironment: ENVIRONMENT_MAP,
  environment: ENVIRONMENT_MAP,
  workflowNode: WORKFLOW_NODE_MAP,
  workflow: WORKFLOW_MAP,
  appPromotion: APP_PROMOTION_MAP,
};

/** Normalise a raw API value of the given vocabulary. Unknown or missing values give `unknown`, never a throw. */
export function normalizeStatus(vocabulary: VocabularyName, raw: string | null | undefined): Status {
  const value = raw ?? '';
  const map = MAPS[vocabulary];
  const kind = Object.prototype.hasOwnProperty.call(map, value) ? map[value] : undefined;
  return { kind: kind ?? 'unknown', raw: value };
}

export const releaseStatus = (raw: string | null | undefined): Status => normalizeStatus('release', raw);
export const environmentStatus = (raw: string | null | undefined): Status => normalizeStatus('environment', raw);
export const workflowNodeStatus = (raw: string | null | undefined): Status => normalizeStatus('workflowNode', raw);
export const workflowStatus = (raw: string | null | undefined): Status => normalizeStatus('workflow', raw);
export const appPromotionStatus = (raw: string | null | undefined): Status => normalizeStatus('appPromotion', raw);

/** True when nothing more will happen to an item in this status (used to stop incremental refreshes early). */
export function isTerminal(kind: StatusKind): boolean {
  return kind === 'succeeded' || kind === 'failed' || kind === 'error' || kind === 'terminated' || kind === 'skipped';
}

/** True while something is moving (drives the short poll interval and spinning icons). */
export function isActive(kind: StatusKind): boolean {
  return kind === 'running' || kind === 'terminating' || kind === 'queued' || kind === 'pending' || kind === 'suspended';
}

/** Human label of a normalised status, as the Codefresh UI words it. */
export const STATUS_LABELS: Record<StatusKind, string> = {
  succeeded: 'Succeeded',
  running: 'Running',
  suspended: 'Suspended',
  queued: 'Queued',
  pending: 'Pending',
  failed: 'Failed',
  error: 'Error',
  terminating: 'Terminating',
  terminated: 'Terminated',
  skipped: 'Skipped',
  unknown: 'Unknown',
};

/** Label for display: the normalised label, or for unknown values the raw value so nothing is hidden. */
export function statusLabel(status: Status): string {
  if (status.kind === 'unknown') return status.raw ? `Unknown (${status.raw})` : 'Unknown';
  return STATUS_LABELS[status.kind];
}

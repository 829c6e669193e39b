// The status rules of Codefresh's "Tracking product releases" page (its "Status logic for Releases",
// https://codefresh.io/docs/docs/promotions/product-releases/) as pure functions over normalised statuses.
//
// Three levels: workflow steps and workflows -> environment -> release. Each rule takes the normalised statuses of
// the level below and returns the normalised status of its level; the raw API status stays in the model beside it.

import { environmentStatus, type StatusKind, workflowNodeStatus } from './status';
import type { EnvironmentStep, WorkflowStep } from './model';

// ---------------------------------------------------------------------------------------------------------------
// Workflow steps and workflows
//
// Seed: "The status of a step in a Promotion Workflow is its status aggregated across all the Workflows including
// and running that step within the environment" (one workflow per application), and "the status of a Pre- or
// Post-Action Promotion Workflow is determined by the status of all its steps". Both aggregate a set of statuses
// with the same precedence, strongest first:
//
//   error > failed > terminated > terminating > running > suspended > pending > queued > unknown > succeeded
//
// - Error: "at least one step has a syntax error" -- the most specific problem, shown first.
// - Failed: the step failed to execute in at least one workflow.
// - Terminated: execution was manually terminated (terminating while it is being stopped).
// - Running: in progress in at least one workflow.  Suspended: paused in at least one.
// - Pending: pending execution in at least one (queued counts as pending, just later).
// - Unknown: a value we cannot read outranks success: never report success we cannot vouch for.
// - Success only when every workflow succeeded. Skipped entries are neutral (they neither help nor hurt);
//   when everything was skipped the aggregate is skipped. An empty set is unknown.

export const AGGREGATE_PRECEDENCE: readonly StatusKind[] = [
  'error',
  'failed',
  'terminated',
  'terminating',
  'running',
  'suspended',
  'pending',
  'queued',
  'unknown',
  'succeeded',
  'skipped',
];

/** Aggregate statuses of the same thing across parallel runs (seed: step across workflows, workflow from steps). */
export function aggregateStatuses(kinds: Iterable<StatusKind>): StatusKind {
  let best: StatusKind | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const k of kinds) {
    const rank = AGGREGATE_PRECEDENCE.indexOf(k);
    if (rank < bestRank) {
      best = k;
      bestRank = rank;
    }
  }
  return best ?? 'unknown';
}

/** Status of one workflow step aggregated across the per-application workflows that run it. */
export function stepStatusAcrossWorkflows(step: Pick<WorkflowStep, 'status' | 'workflows'>): StatusKind {
  if (step.workflows.length === 0) return workflowNodeStatus(step.status).kind;
  return aggregateStatuses(step.workflows.map((w) => workflowNodeStatus(w.status).kind));
}

/** Status of a pre- or post-action workflow (all its steps, each aggregated across applications). */
export function workflowStatusFromSteps(steps: readonly Pick<WorkflowStep, 'status' | 'workflows'>[]): StatusKind {
  if (steps.length === 0) return 'unknown';
  return aggregateStatuses(steps.map(stepStatusAcrossWorkflows));
}

// ---------------------------------------------------------------------------------------------------------------
// Environment (deployment) status from its pre- and post-action workflows
//
// Seed table:
// - Successful: one or both Promotion Workflows for the environment completed successfully.
// - Running: at least one step in either a Pre- or Post-Action Workflow is currently in progress.
// - Pending: one or both Promotion Workflows are pending execution; this occurs when the Promotion Workflows in the
//   previous environment failed validation.
// - Failed: at least one step in a Promotion Workflow failed to execute, has a syntax error, or was manually
//   terminated.
//
// So at this level error and terminated both read as failed. Precedence: failed > running > suspended > pending >
// succeeded. An environment whose upstream environment failed and whose own workflows have not started is pending
// (with `blockedByUpstream` set so the UI can say why). A missing workflow (the policy has none) does not count.

export interface EnvironmentWorkflows {
  /** Normalised status of the pre-action workflow, when the policy has one. */
  pre?: StatusKind;
  /** Normalised status of the post-action workflow, when the policy has one. */
  post?: StatusKind;
  /** The environment(s) this one depends on failed validation (failed, error or terminated). */
  upstreamFailed?: boolean;
}

export interface EnvironmentVerdict {
  kind: StatusKind;
  /** Pending because a previous environment failed validation. */
  blockedByUpstream: boolean;
}

const FAILED_LIKE: ReadonlySet<StatusKind> = new Set(['failed', 'error', 'terminated', 'terminating']);

export function environmentStatusFromWorkflows(input: EnvironmentWorkflows): EnvironmentVerdict {
  const present = [input.pre, input.post].filter((k): k is StatusKind => k !== undefined);
  const has = (pred: (k: StatusKind) => boolean) => present.some(pred);
  if (has((k) => FAILED_LIKE.has(k))) return { kind: 'failed', blockedByUpstream: false };
  if (has((k) => k === 'running')) return { kind: 'running', blockedByUpstream: false };
  if (has((k) => k === 'suspended')) return { kind: 'suspended', blockedByUpstream: false };
  const nothingStarted = present.every((k) => k === 'pending' || k === 'queued' || k === 'skipped');
  if (input.upstreamFailed && nothingStarted) return { kind: 'pending', blockedByUpstream: true };
  if (has((k) => k === 'pending' || k === 'queued')) return { kind: 'pending', blockedByUpstream: false };
  if (has((k) => k === 'unknown')) return { kind: 'unknown', blockedByUpstream: false };
  if (has((k) => k === 'succeeded')) return { kind: 'succeeded', blockedByUpstream: false };
  if (present.length > 0) return { kind: 'skipped', blockedByUpstream: false };
  return { kind: 'unknown', blockedByUpstream: false };
}

/** The environment verdict for a release step in detail, taking upstream failures from the other steps. */
export function environmentVerdict(step: EnvironmentStep, allSteps: readonly EnvironmentStep[]): EnvironmentVerdict {
  const byName = new Map(allSteps.map((s) => [s.environment, s]));
  const upstreamFailed = step.dependsOn.some((d) => {
    const up = byName.get(d);
    return up !== undefined && FAILED_LIKE.has(environmentStatus(up.status).kind);
  });
  return environmentStatusFromWorkflows({
    pre: step.preWorkflows.length ? workflowStatusFromSteps(step.preWorkflows) : undefined,
    post: step.postWorkflows.length ? workflowStatusFromSteps(step.postWorkflows) : undefined,
    upstreamFailed,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Release status from the statuses of all the environments of its flow
//
// Seed table: Successful (all workflows in all environments completed successfully), Progressing (deployment in
// progress in at least one environment), Terminated (the workflow being executed in an environment was terminated,
// preventing deployment to the others), Failed (deployment failed for at least one environment).
// The API adds QUEUED and SUSPENDED (and TERMINATING); in the page's four buckets both are Progressing: the release
// is still under way, waiting for its turn (queued) or for an approval (suspended).
//
// Precedence on normalised environment statuses:
// 1. any failed or error                                 -> failed
// 2. any terminating                                     -> terminating (bucket Terminated)
// 3. any terminated                                      -> terminated
// 4. any running                                         -> running
// 5. any suspended                                       -> suspended
// 6. any unknown                                         -> unknown (never a silent success)
// 7. all succeeded or skipped, at least one succeeded    -> succeeded
// 8. all pending or queued (nothing started yet)         -> queued
// 9. otherwise (some done, the rest waiting)             -> running: the flow is moving on
// An empty list is unknown.

export function releaseStatusFromEnvironments(kinds: readonly StatusKind[]): StatusKind {
  if (kinds.length === 0) return 'unknown';
  const any = (k: StatusKind) => kinds.includes(k);
  if (any('failed') || any('error')) return 'failed';
  if (any('terminating')) return 'terminating';
  if (any('terminated')) return 'terminated';
  if (any('running')) return 'running';
  if (any('suspended')) return 'suspended';
  if (any('unknown')) return 'unknown';
  const done = (k: StatusKind) => k === 'succeeded' || k === 'skipped';
  const waiting = (k: StatusKind) => k === 'pending' || k === 'queued';
  if (kinds.every(done)) return any('succeeded') ? 'succeeded' : 'skipped';
  if (kinds.every(waiting)) return 'queued';
  return 'running';
}

/** The page's four release buckets, plus Unknown. */
export type ReleaseBucket = 'Successful' | 'Progressing' | 'Terminated' | 'Failed' | 'Unknown';

export function releaseBucket(kind: StatusKind): ReleaseBucket {
  switch (kind) {
    case 'succeeded':
      return 'Successful';
    case 'running':
    case 'queued':
    case 'pending':
    case 'suspended':
      return 'Progressing';
    case 'terminating':
    case 'terminated':
      return 'Terminated';
    case 'failed':
    case 'error':
      return 'Failed';
    case 'skipped':
    case 'unknown':
      return 'Unknown';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Failure location: "The Workflow with the failed step is flagged in the environment and in the header."

export interface FailureLocation {
  environment: string;
  phase: 'pre' | 'post';
  workflowTemplate: string;
  stepName?: string;
  /** The application whose workflow failed, and that workflow's name (for the logs link). */
  applicationName?: string;
  workflowName?: string;
  workflowUrl?: string;
  kind: StatusKind;
}

/** Every failing workflow step of a release, in flow order (the first is the one flagged in the header). */
export function findFailures(steps: readonly EnvironmentStep[]): FailureLocation[] {
  const out: FailureLocation[] = [];
  for (const env of steps) {
    for (const [phase, list] of [['pre', env.preWorkflows], ['post', env.postWorkflows]] as const) {
      for (const step of list) {
        const kind = stepStatusAcrossWorkflows(step);
        if (!FAILED_LIKE.has(kind)) continue;
        const culprit = step.workflows.find((w) => FAILED_LIKE.has(workflowNodeStatus(w.status).kind));
        out.push({
          environment: env.environment,
          phase,
          workflowTemplate: step.templateName,
          stepName: step.name,
          applicationName: culprit?.applicationName,
          workflowName: culprit?.workflowName,
          workflowUrl: culprit?.url,
          kind,
        });
      }
    }
  }
  return out;
}

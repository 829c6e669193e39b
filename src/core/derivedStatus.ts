// One derived status view per release: the release's status, each environment's status, and (for a release in
// detail) each pre-/post-action workflow and step aggregated by the seed's rules (./rules.ts), with the environment
// verdict and the failing steps. The tree, the panel's view model and the other views read this instead of applying
// the rules themselves, so a status is derived once per release and every view shows the same one.
//
// Memoised by the release object: the store replaces a release's object whenever its data changes (releases are
// snapshots, never edited in place), so a new snapshot gets a new view and an unchanged release keeps its own.

import { flowOrder } from './flow';
import { type EnvironmentStep, isReleaseDetail, type ReleaseDetail, type ReleaseEnvironment, type ReleaseSummary } from './model';
import {
  environmentVerdict,
  type EnvironmentVerdict,
  type FailureLocation,
  findFailures,
  type ReleaseBucket,
  releaseBucket,
  stepStatusAcrossWorkflows,
  workflowStatusFromSteps,
} from './rules';
import { environmentStatus, releaseStatus, type Status, type StatusKind } from './status';

/** A pre- or post-action workflow of one environment. */
export interface DerivedWorkflow {
  /** From all its steps. */
  kind: StatusKind;
  /** Each step in order, aggregated across the per-application workflows that run it. */
  steps: readonly StatusKind[];
}

export interface DerivedEnvironment {
  name: string;
  /** The API's status: the release step's when the release is in detail and has one, else the listed environment's. */
  status: Status;
  /** The release step this environment's statuses come from (releases in detail only). */
  step?: EnvironmentStep;
  /** The environment as the release lists it, when it does. */
  listed?: ReleaseEnvironment;
  /** Absent when the policy has no such workflow (or the release is not in detail). */
  pre?: DerivedWorkflow;
  post?: DerivedWorkflow;
  /** The rules' verdict from the workflows; without workflows, the API's status with no upstream block. */
  verdict: EnvironmentVerdict;
}

export interface DerivedStatus {
  release: Status;
  bucket: ReleaseBucket;
  /** By environment name: the release steps first (in detail), then listed environments no step covers. */
  environments: ReadonlyMap<string, DerivedEnvironment>;
  /** The release's own environments in flow order: its steps when in detail, else its listed environments. */
  order: readonly DerivedEnvironment[];
  /** Every failing workflow step, in flow order (the first is the one to flag); empty unless in detail. */
  failures: readonly FailureLocation[];
}


function workflow(steps: EnvironmentStep['preWorkflows']): DerivedWorkflow | undefined {
  if (steps.length === 0) return undefined;
  return { kind: workflowStatusFromSteps(steps), steps: steps.map(stepStatusAcrossWorkflows) };
}

/**
 * An environment of a release in detail. Its workflows and verdict are for the views that draw them; the resolver
 * reads only the status, so they are worked out on first read.
 */
class StepEnvironment implements DerivedEnvironment {
  listed?: ReleaseEnvironment;
  private workflows?: { pre?: DerivedWorkflow; post?: DerivedWorkflow };
  private decided?: EnvironmentVerdict;

  constructor(
    readonly name: string,
    readonly status: Status,
    readonly step: EnvironmentStep,
    private readonly steps: readonly EnvironmentStep[],
  ) {}

  private get both(): { pre?: DerivedWorkflow; post?: DerivedWorkflow } {
    return (this.workflows ??= { pre: workflow(this.step.preWorkflows), post: workflow(this.step.postWorkflows) });
  }

  get pre(): DerivedWorkflow | undefined {
    return this.both.pre;
  }

  get post(): DerivedWorkflow | undefined {
    return this.both.post;
  }

  /** The verdict reads every step's API status: an environment whose upstream failed validation is pending. */
  get verdict(): EnvironmentVerdict {
    return (this.decided ??=
      this.pre || this.post ? environmentVerdict(this.step, this.steps) : { kind: this.status.kind, blockedByUpstream: false });
  }
}

/**
 * A release step's status. The step vocabulary (the legacy one) has no QUEUED: a step waiting for its turn reads
 * PENDING there, while the same release's environment list (`environmentsStatuses`) says QUEUED. The more precise
 * value wins, so an environment does not turn from Queued into Pending when its detail loads and nothing changed.
 */
function stepStatus(step: EnvironmentStep, listed: ReleaseEnvironment | undefined): Status {
  const own = environmentStatus(step.status);
  const fromList = listed ? environmentStatus(listed.status) : undefined;
  return own.kind === 'pending' && fromList?.kind === 'queued' ? fromList : own;
}

function derive(release: ReleaseSummary | ReleaseDetail): DerivedStatus {
  const steps = isReleaseDetail(release) ? release.steps : [];
  const environments = new Map<string, DerivedEnvironment>();
  const listed = new Map(release.environments.map((e) => [e.name, e] as const));
  for (const step of steps) {
    if (environments.has(step.environment)) continue;
    environments.set(step.environment, new StepEnvironment(step.environment, stepStatus(step, listed.get(step.environment)), step, steps));
  }
  for (const e of release.environments) {
    const known = environments.get(e.name);
    if (known) {
      known.listed ??= e;
      continue;
    }
    const status = environmentStatus(e.status);
    environments.set(e.name, { name: e.name, status, listed: e, verdict: { kind: status.kind, blockedByUpstream: false } });
  }
  const status = releaseStatus(release.status);
  // Flow order and failures are for the views that draw a release; the resolver needs only the statuses, so these
  // two are worked out on first read.
  let order: DerivedEnvironment[] | undefined;
  let failures: FailureLocation[] | undefined;
  const orderOf = (): DerivedEnvironment[] =>
    (order ??= isReleaseDetail(release)
      ? flowOrder(release.steps.map((s) => ({ name: s.environment, dependsOn: s.dependsOn }))).map((n) => environments.get(n.name)!)
      : flowOrder(release.environments).map((e) => environments.get(e.name)!));
  return {
    release: status,
    bucket: releaseBucket(status.kind),
    environments,
    get order() {
      return orderOf();
    },
    get failures() {
      return (failures ??= findFailures(orderOf().flatMap((e) => e.step ?? [])));
    },
  };
}

const memo = new WeakMap<ReleaseSummary, DerivedStatus>();

/** The derived status view of a release, computed once per release object. */
export function derivedStatus(release: ReleaseSummary | ReleaseDetail): DerivedStatus {
  let view = memo.get(release);
  if (!view) {
    view = derive(release);
    memo.set(release, view);
  }
  return view;
}

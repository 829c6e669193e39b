// From GitHub's deployments, workflow runs and jobs to the core model. A release is one workflow run with the
// deployments it created (Actions makes one for every job with an `environment:`), or a lone deployment made outside
// Actions. An environment's status in a release is that run's newest deployment there, with its latest status.
// Values GitHub may add later are kept raw (they show as unknown). Old production deployments are not made inactive
// by GitHub (https://docs.github.com/en/rest/deployments/deployments#inactive-deployments), so the live one is the
// newest successful one, not the only active one. An inactive deployment under a newer successful one was superseded;
// the newest one being inactive means it was taken down (a closed pull request's preview, or deactivated by hand):
// nothing of it runs there now, and nothing replaced it.

import type { CommitRef, ReleaseAction, ReleaseEnvironment, ReleaseSummary, Waiting, WorkflowStep } from '../../core/model';
import type { FlowJob, WorkflowFlow } from './flow';
import type { GqlDeployment, Job, PendingDeployment, Run } from './schemas';

/** Deployment and deployment-status states (REST lower case, GraphQL upper case) → per-environment status. */
const DEPLOYMENT_STATE: Readonly<Record<string, string>> = {
  SUCCESS: 'SUCCEEDED',
  ACTIVE: 'SUCCEEDED',
  // Superseded by a newer deployment: it did succeed, it is just no longer live.
  INACTIVE: 'SUCCEEDED',
  IN_PROGRESS: 'RUNNING',
  QUEUED: 'QUEUED',
  PENDING: 'PENDING',
  WAITING: 'SUSPENDED',
  FAILURE: 'FAILED',
  ERROR: 'FAILED',
  DESTROYED: 'TERMINATED',
  // "The pending deployment was not updated after 30 minutes" (GraphQL `DeploymentState`): over, and deployed nothing.
  ABANDONED: 'FAILED',
};

/** States GitHub gives a deployment itself that no status of it says: they win over its latest status. */
const OWN_STATES = new Set(['ABANDONED', 'DESTROYED']);

/**
 * A deployment's state: GitHub's own verdict when it is one no status can say (abandoned, destroyed), else its
 * latest status, else its own state. An abandoned deployment's latest status is an older pending or queued one.
 */
export function deploymentState(d: Pick<GqlDeployment, 'state' | 'latestStatus'>): string {
  const own = (d.state ?? '').toUpperCase();
  if (OWN_STATES.has(own)) return d.state ?? '';
  return d.latestStatus?.state ?? d.state ?? '';
}

/** What GitHub says of a deployment that went wrong, for the answer's error line. */
function deploymentMessage(d: GqlDeployment, state: string): string | undefined {
  const s = state.toUpperCase();
  if (s === 'ABANDONED') return `Deployment${d.databaseId ? ` ${d.databaseId}` : ''} abandoned: it sent GitHub no status for 30 minutes`;
  if (s === 'FAILURE' || s === 'ERROR') return d.latestStatus?.description ? `Deployment ${s.toLowerCase()}: ${d.latestStatus.description}` : undefined;
  return undefined;
}

/** A deployment state as the model's environment status; a value not in the table is kept as GitHub spelled it. */
export function environmentStatusOf(state: string | null | undefined): string {
  const s = (state ?? '').toUpperCase();
  return DEPLOYMENT_STATE[s] ?? (state ?? '');
}

/** A run's or job's `status` and `conclusion` as a release status. */
export function releaseStatusOfRun(status: string | null | undefined, conclusion: string | null | undefined): string {
  switch (status) {
    case 'completed':
      switch (conclusion) {
        case 'success':
        case 'neutral':
          return 'SUCCEEDED';
        case 'failure':
        case 'timed_out':
        case 'startup_failure':
          return 'FAILED';
        case 'cancelled':
          return 'TERMINATED';
        case 'action_required':
          return 'SUSPENDED';
        default:
          return conclusion ?? 'completed';
      }
    case 'in_progress':
      return 'RUNNING';
    case 'waiting':
    case 'action_required':
      return 'SUSPENDED';
    case 'queued':
    case 'requested':
    case 'pending':
      return 'QUEUED';
    default:
      return status ?? '';
  }
}

/** A job's or step's `status` and `conclusion` as a workflow node phase. */
export function phaseOfJob(status: string | null | undefined, conclusion: string | null | undefined): string {
  if (status === 'completed') {
    switch (conclusion) {
      case 'success':
      case 'neutral':
        return 'Succeeded';
      case 'failure':
      case 'timed_out':
      case 'startup_failure':
        return 'Failed';
      case 'skipped':
      case 'stale':
        return 'Skipped';
      case 'action_required':
        return 'Pending';
      default:
        // `cancelled` and anything newer: kept as GitHub says it.
        return conclusion ?? 'completed';
    }
  }
  if (status === 'in_progress') return 'Running';
  if (status === 'queued' || status === 'waiting' || status === 'pending' || status === 'requested') return 'Pending';
  return status ?? '';
}

/** The run id in an Actions log URL (`…/actions/runs/123/job/456`), if it is one. */
export function runIdOfLogUrl(url: string | null | undefined): number | undefined {
  const m = url ? /\/actions\/runs\/(\d+)/.exec(url) : null;
  return m ? Number(m[1]) : undefined;
}

/** The job id in an Actions log URL, if it names one. */
export function jobIdOfLogUrl(url: string | null | undefined): number | undefined {
  const m = url ? /\/actions\/runs\/\d+\/job\/(\d+)/.exec(url) : null;
  return m ? Number(m[1]) : undefined;
}

export function deploymentEnvironment(d: GqlDeployment): string {
  return d.latestEnvironment ?? d.environment ?? '';
}

/** Release ids: `owner/repo/runs/ID` for a workflow run, `owner/repo/deployments/ID` for a lone deployment. */
export function releaseId(repo: string, kind: 'run' | 'deployment', id: number): string {
  return `${repo}/${kind === 'run' ? 'runs' : 'deployments'}/${id}`;
}

export function parseReleaseId(id: string): { repo: string; kind: 'run' | 'deployment'; id: number } | undefined {
  const m = /^([^/]+\/[^/]+)\/(runs|deployments)\/(\d+)$/.exec(id);
  return m ? { repo: m[1]!, kind: m[2] === 'runs' ? 'run' : 'deployment', id: Number(m[3]) } : undefined;
}

/**
 * Which run created a deployment: the run its log URL names, else a run of the same commit that was going on then.
 * `byId`, the same runs by id, saves a scan of `runs` per deployment when many are matched.
 */
export function runOfDeployment(d: GqlDeployment, runs: readonly Run[], byId?: ReadonlyMap<number, Run>): Run | undefined {
  const byUrl = runIdOfLogUrl(d.latestStatus?.logUrl);
  if (byUrl !== undefined) return byId ? byId.get(byUrl) : runs.find((r) => r.id === byUrl);
  if (d.task !== 'deploy' && d.creator?.login !== 'github-actions') return undefined;
  const at = Date.parse(d.createdAt);
  return runs.find((r) => r.head_sha === d.commitOid && Date.parse(r.created_at) <= at && at <= Date.parse(r.updated_at) + 60_000);
}

export interface GroupInput {
  repo: string;
  webUrl: string;
  deployments: readonly GqlDeployment[];
  runs: readonly Run[];
  workflows: readonly WorkflowFlow[];
  /** Pending reviews by run id. */
  pending: ReadonlyMap<number, readonly PendingDeployment[]>;
  /** The token may re-run and cancel runs (write access and, for a classic token, a scope that allows it). */
  canWrite: boolean;
  /** Dependencies between environments when a release's own workflow does not say. */
  dependsOn: (environment: string) => string[];
  /** The repository's environments in order, for environments no workflow file places. */
  order?: readonly string[];
}

function flowOfRun(run: Run, workflows: readonly WorkflowFlow[]): WorkflowFlow | undefined {
  return workflows.find((w) => (run.path ? run.path.split('@')[0] === w.path : run.name === w.name));
}

const ACTIVE_RUN = new Set(['queued', 'in_progress', 'waiting', 'pending', 'requested']);

/** A deployment waiting for reviewers: who may approve it, and whether the signed-in user may. A wait timer alone is not. */
function approvalOf(status: string, pending: readonly PendingDeployment[] | undefined, environment: string): Waiting | undefined {
  if (status !== 'SUSPENDED') return undefined;
  const p = pending?.find((x) => x.environment.name === environment);
  if (!p || (p.reviewers.length === 0 && !p.current_user_can_approve)) return undefined;
  const approvers = reviewerNames(p);
  return { kind: 'approval', ...(approvers.length ? { approvers } : {}), you: p.current_user_can_approve };
}

function envActions(status: string, run: Run | undefined, pending: readonly PendingDeployment[] | undefined, environment: string, canWrite: boolean): ReleaseAction[] {
  const actions: ReleaseAction[] = [];
  if (status === 'SUSPENDED' && pending?.some((p) => p.environment.name === environment && p.current_user_can_approve)) actions.push('approve', 'reject');
  if (!run || !canWrite) return actions;
  if (run.status === 'completed' && (status === 'FAILED' || status === 'TERMINATED') && ['failure', 'timed_out', 'cancelled', 'startup_failure'].includes(run.conclusion ?? ''))
    actions.push('retry');
  if (ACTIVE_RUN.has(run.status ?? '') && ['RUNNING', 'QUEUED', 'PENDING', 'SUSPENDED'].includes(status)) actions.push('abort');
  return actions;
}

function commitOf(sha: string, d: GqlDeployment | undefined, run: Run | undefined, webUrl: string, repo: string): CommitRef {
  const author = d?.commit?.author?.name ?? run?.head_commit?.author?.name ?? undefined;
  return {
    sha,
    message: d?.commit?.message ?? run?.head_commit?.message,
    author,
    date: d?.commit?.committedDate ?? run?.head_commit?.timestamp,
    repoURL: `${webUrl}/${repo}`,
    branch: run?.head_branch ?? d?.ref?.name,
    link: 'exact-sha',
  };
}

/**
 * The releases of one repository, newest first: one per run that deployed (or whose workflow deploys) and one per
 * lone deployment. `active` marks, per environment, the newest release that succeeded there.
 */
export function groupReleases(input: GroupInput): ReleaseSummary[] {
  // The state each environment's deployment had, as GitHub said it, for telling superseded from taken down.
  const stateOf = new Map<ReleaseEnvironment, { state: string; at: string }>();
  const byRun = new Map<number, GqlDeployment[]>();
  const lone: GqlDeployment[] = [];
  const runsById = new Map(input.runs.map((r) => [r.id, r]));
  for (const d of input.deployments) {
    const run = runOfDeployment(d, input.runs, runsById);
    if (!run) {
      lone.push(d);
      continue;
    }
    const own = byRun.get(run.id);
    if (own) own.push(d);
    else byRun.set(run.id, [d]);
  }
  const releases: ReleaseSummary[] = [];
  for (const run of input.runs) {
    const deps = byRun.get(run.id) ?? [];
    const wf = flowOfRun(run, input.workflows);
    if (deps.length === 0 && !wf) continue;
    const newest = new Map<string, GqlDeployment>();
    for (const d of [...deps].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))) {
      const env = deploymentEnvironment(d);
      if (!newest.has(env)) newest.set(env, d);
    }
    const names = [...(wf?.flow.steps.map((s) => s.environment) ?? [])];
    const pos = (e: string): number => {
      const i = input.order?.indexOf(e) ?? -1;
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    for (const env of [...newest.keys()].sort((a, b) => pos(a) - pos(b))) if (!names.includes(env)) names.push(env);
    const runActive = ACTIVE_RUN.has(run.status ?? '');
    const environments: ReleaseEnvironment[] = names.map((name) => {
      const d = newest.get(name);
      const raw = d ? deploymentState(d) : '';
      const status = d ? environmentStatusOf(raw) : runActive ? 'PENDING' : 'SKIPPED';
      const step = wf?.flow.steps.find((s) => s.environment === name);
      const actions = envActions(status, run, input.pending.get(run.id), name, input.canWrite);
      const waiting = approvalOf(status, input.pending.get(run.id), name);
      const message = d ? deploymentMessage(d, raw) : undefined;
      const env: ReleaseEnvironment = {
        name,
        status,
        ...(waiting ? { waiting } : {}),
        ...(message ? { message } : {}),
        dependsOn: step ? step.dependsOn : input.dependsOn(name),
        ...(d ? { startedAt: d.createdAt, updatedAt: d.latestStatus?.createdAt ?? d.updatedAt } : {}),
        ...(actions.length ? { actions } : {}),
      };
      if (d) stateOf.set(env, { state: raw, at: d.latestStatus?.createdAt ?? d.updatedAt });
      return env;
    });
    const first = deps[0];
    releases.push({
      id: releaseId(input.repo, 'run', run.id),
      source: { backend: 'github', kind: 'workflow-run' },
      productName: input.repo,
      releaseName: run.display_title ?? run.head_commit?.message.split('\n')[0],
      flowName: wf?.name ?? run.name ?? null,
      triggerEnvironment: wf?.flow.triggerEnvironment ?? names[0],
      status: releaseStatusOfRun(run.status, run.conclusion),
      version: `${run.name ?? 'run'} #${run.run_number}${run.run_attempt && run.run_attempt > 1 ? ` (attempt ${run.run_attempt})` : ''}`,
      createdAt: run.created_at,
      updatedAt: run.updated_at,
      ...(run.actor ? { initiator: { name: run.actor.login, avatarUrl: run.actor.avatar_url } } : {}),
      triggerCommit: commitOf(run.head_sha, first, run, input.webUrl, input.repo),
      environments,
    });
  }
  for (const d of lone) {
    const env = deploymentEnvironment(d);
    const raw = deploymentState(d);
    const status = environmentStatusOf(raw);
    const message = deploymentMessage(d, raw);
    const only: ReleaseEnvironment = {
      name: env,
      status,
      ...(message ? { message } : {}),
      dependsOn: input.dependsOn(env),
      startedAt: d.createdAt,
      updatedAt: d.latestStatus?.createdAt ?? d.updatedAt,
    };
    stateOf.set(only, { state: raw, at: d.latestStatus?.createdAt ?? d.updatedAt });
    releases.push({
      id: releaseId(input.repo, 'deployment', d.databaseId ?? 0),
      source: { backend: 'github', kind: 'deployment' },
      productName: input.repo,
      releaseName: d.latestStatus?.description ?? d.ref?.name ?? undefined,
      flowName: null,
      triggerEnvironment: env,
      status: releaseStatusOfDeployment(status),
      version: d.ref?.name ?? d.commitOid.slice(0, 7),
      createdAt: d.createdAt,
      updatedAt: d.latestStatus?.createdAt ?? d.updatedAt,
      ...(d.creator ? { initiator: { name: d.creator.login, avatarUrl: d.creator.avatarUrl } } : {}),
      triggerCommit: commitOf(d.commitOid, d, undefined, input.webUrl, input.repo),
      environments: [only],
    });
  }
  releases.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  // Per environment, the newest release that succeeded there is live, unless its deployment went inactive since:
  // then it was taken down, and nothing there is live.
  const seen = new Set<string>();
  for (const r of releases)
    for (const e of r.environments)
      if (e.status === 'SUCCEEDED' && !seen.has(e.name)) {
        seen.add(e.name);
        const said = stateOf.get(e);
        if (said?.state.toUpperCase() === 'INACTIVE') e.takenDownAt = said.at;
        else e.active = true;
      }
  return releases;
}

/** A lone deployment's environment status as a release status (the release vocabulary has no PENDING or SKIPPED). */
function releaseStatusOfDeployment(status: string): string {
  if (status === 'PENDING') return 'QUEUED';
  return status;
}

/** Which environment a job belongs to: its own, else the nearest downstream (pre) or upstream (post) one. */
export function placeJobs(jobs: readonly Job[], wf: WorkflowFlow | undefined, deploymentJobIds: ReadonlyMap<number, string>): Map<string, { pre: Job[]; post: Job[] }> {
  const out = new Map<string, { pre: Job[]; post: Job[] }>();
  const slot = (env: string): { pre: Job[]; post: Job[] } => {
    let s = out.get(env);
    if (!s) out.set(env, (s = { pre: [], post: [] }));
    return s;
  };
  const flowJobOf = (job: Job): FlowJob | undefined =>
    wf?.jobs.find((j) => job.name === j.name || job.name.startsWith(`${j.name} (`) || job.name === j.key || job.name.startsWith(`${j.key} / `));
  for (const job of jobs) {
    const byDeployment = deploymentJobIds.get(job.id);
    if (byDeployment) {
      slot(byDeployment).pre.push(job);
      continue;
    }
    const fj = flowJobOf(job);
    if (!fj || !wf) continue;
    if (fj.environments.length) {
      const env = fj.environments.find((e) => job.name.includes(e)) ?? fj.environments[0]!;
      slot(env).pre.push(job);
      continue;
    }
    const downstream = wf.jobs.find((j) => j.environments.length && reaches(wf.jobs, j, fj.key));
    if (downstream) {
      slot(downstream.environments[0]!).pre.push(job);
      continue;
    }
    const upstream = upstreamEnv(wf.jobs, fj);
    if (upstream) slot(upstream).post.push(job);
  }
  return out;
}

function reaches(jobs: readonly FlowJob[], from: FlowJob, key: string, seen = new Set<string>()): boolean {
  for (const n of from.needs) {
    if (n === key) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    const dep = jobs.find((j) => j.key === n);
    if (dep && !dep.environments.length && reaches(jobs, dep, key, seen)) return true;
  }
  return false;
}

function upstreamEnv(jobs: readonly FlowJob[], job: FlowJob, seen = new Set<string>()): string | undefined {
  for (const n of job.needs) {
    if (seen.has(n)) continue;
    seen.add(n);
    const dep = jobs.find((j) => j.key === n);
    if (!dep) continue;
    if (dep.environments.length) return dep.environments[0];
    const up = upstreamEnv(jobs, dep, seen);
    if (up) return up;
  }
  return undefined;
}

/** A job as a workflow step; its steps are the runs listed under it. */
export function jobStep(job: Job, repo: string): WorkflowStep {
  return {
    name: job.name,
    templateName: job.name,
    status: phaseOfJob(job.status, job.conclusion),
    ...(job.started_at ? { startedAt: job.started_at } : {}),
    ...(job.completed_at ? { finishedAt: job.completed_at } : {}),
    workflows: (job.steps ?? []).map((s) => ({
      applicationName: repo,
      workflowName: s.name,
      status: phaseOfJob(s.status, s.conclusion),
      ...(job.html_url ? { url: job.html_url } : {}),
    })),
  };
}

/** Who may approve a pending deployment, for a sentence: `@alice, team platform`. */
export function reviewerNames(p: PendingDeployment): string[] {
  return p.reviewers.map((r) => {
    const who = r.reviewer;
    if (r.type === 'Team') return `team ${who?.slug ?? who?.name ?? '?'}`;
    return `@${who?.login ?? who?.name ?? '?'}`;
  });
}

// Turns a seeded release (plus the moving release's current stage) into the GraphQL objects of the schema:
// ProductRelease (legacy list node and full detail), Promotion (new-architecture list node), release notes.
// Expensive parts (steps, details) are functions, which graphql-js's default resolver only calls when a query
// selects them.

import type { NewEnvironmentStatus, WorkflowNodePhase } from '../../core/status';
import { parseRemoteUrl } from '../../git/remote';
import {
  ACCOUNT_ID,
  dependsOnOf,
  environmentStatuses,
  type DemoRelease,
  type EnvState,
  flowEnvironments,
  flowLevels,
  hashHex,
  hashId,
  hashInt,
  issueKeys,
  policyOf,
  pullRequestNumber,
  releaseStatusOf,
  RUNTIME,
  workflowSequence,
} from './seed';

/** A GraphQL result object (graphql-js reads properties and calls function-valued ones). */
export type GqlObject = Record<string, unknown>;

const iso = (ms: number) => new Date(ms).toISOString();
const isoOf = (date: string) => new Date(Date.parse(date)).toISOString();

const STEP_MS = 70_000;
const LEVEL_MS = 8 * 60_000;

export interface ReleaseContext {
  repoURL: string;
  branch: string;
  /** Stage of the moving release. */
  stage: number;
  /** Whether this release is the live ("active") one of the environment. */
  isActive(release: DemoRelease, env: string): boolean;
}

/** Everything derived from a release's state at a stage; computed once per object built. */
export class ReleaseState {
  readonly envs: Map<string, EnvState>;
  readonly status: ReturnType<typeof releaseStatusOf>;
  readonly levels: Map<string, number>;

  constructor(
    readonly r: DemoRelease,
    stage: number,
  ) {
    this.envs = environmentStatuses(r, stage);
    this.status = releaseStatusOf(this.envs);
    this.levels = flowLevels(r.flow);
  }

  private readonly starts = new Map<string, number | undefined>();
  envStart(env: string): number | undefined {
    if (this.starts.has(env)) return this.starts.get(env);
    const st = this.envs.get(env)?.status;
    const start =
      st === undefined || st === 'PENDING' || st === 'QUEUED' || st === 'SKIPPED'
        ? undefined
        : this.r.createdAtMs + 30_000 + (this.levels.get(env) ?? 0) * LEVEL_MS + (hashInt(this.r.id, env) % 20_000);
    this.starts.set(env, start);
    return start;
  }

  /** Time of the last change in an environment. */
  envUpdated(env: string): number | undefined {
    const start = this.envStart(env);
    if (start === undefined) return undefined;
    const state = this.envs.get(env) as EnvState;
    const seqLen = workflowSequence(this.r.flow, env).length;
    const done = this.doneSteps(env, state, seqLen);
    return start + done * STEP_MS + 15_000;
  }

  private doneSteps(env: string, state: EnvState, seqLen: number): number {
    const sc = this.r.scenario;
    switch (state.status) {
      case 'RUNNING':
        return state.runningIndex ?? 0;
      case 'FAILED':
      case 'TERMINATED':
        return sc.kind === 'failed' || sc.kind === 'terminated' ? sc.stepIndex + 1 : seqLen;
      case 'SUSPENDED':
        return workflowSequence(this.r.flow, env).filter((s) => s.phase === 'pre').length;
      default:
        return seqLen;
    }
  }

  private updated?: number;
  updatedAtMs(): number {
    if (this.updated === undefined) {
      let max = this.r.createdAtMs;
      for (const env of this.envs.keys()) max = Math.max(max, this.envUpdated(env) ?? 0);
      this.updated = max;
    }
    return this.updated;
  }

  /** Phase of one application's workflow at one step of an environment's sequence. */
  nodePhase(env: string, seqIndex: number, appIndex: number): WorkflowNodePhase {
    const state = this.envs.get(env) as EnvState;
    const seq = workflowSequence(this.r.flow, env);
    const sc = this.r.scenario;
    switch (state.status) {
      case 'SUCCEEDED':
        return 'Succeeded';
      case 'PENDING':
      case 'QUEUED':
        return 'Pending';
      case 'SKIPPED':
        return 'Skipped';
      case 'RUNNING': {
        const ri = state.runningIndex ?? 0;
        return seqIndex < ri ? 'Succeeded' : seqIndex === ri ? 'Running' : 'Pending';
      }
      case 'SUSPENDED':
        return seq[seqIndex]?.phase === 'pre' ? 'Succeeded' : 'Pending';
      case 'FAILED':
      case 'TERMINATED': {
        if (sc.kind !== 'failed' && sc.kind !== 'terminated') return 'Pending';
        const culprit = sc.kind === 'terminated' || appIndex === sc.appIndex;
        if (seqIndex < sc.stepIndex) return 'Succeeded';
        if (seqIndex === sc.stepIndex) return culprit ? 'Failed' : 'Succeeded';
        if (seq[seqIndex]?.phase !== seq[sc.stepIndex]?.phase) return 'Pending';
        return culprit ? 'Omitted' : 'Succeeded';
      }
      default:
        return 'Pending';
    }
  }

  /** Whether the promotion action (commit or PR merge) has happened for an environment. */
  actionDone(env: string): boolean {
    const state = this.envs.get(env) as EnvState;
    const seq = workflowSequence(this.r.flow, env);
    const sc = this.r.scenario;
    switch (state.status) {
      case 'SUCCEEDED':
        return true;
      case 'RUNNING':
        return seq[state.runningIndex ?? 0]?.phase === 'post';
      case 'FAILED':
      case 'TERMINATED':
        return (sc.kind === 'failed' || sc.kind === 'terminated') && seq[sc.stepIndex]?.phase === 'post';
      default:
        return false;
    }
  }
}

function aggregatePhase(phases: WorkflowNodePhase[]): WorkflowNodePhase {
  const order: WorkflowNodePhase[] = ['Error', 'Failed', 'Running', 'Pending', 'Succeeded', 'Skipped', 'Omitted'];
  for (const p of order) if (phases.includes(p)) return p;
  return 'Pending';
}

function person(name: string, email: string): string {
  return `${name} <${email}>`;
}

function legacyStatus(s: NewEnvironmentStatus): string {
  // The legacy per-environment vocabulary has no QUEUED.
  return s === 'QUEUED' ? 'PENDING' : s;
}

function workflowName(r: DemoRelease, env: string, app: string, template: string): string {
  return `${template}-${hashHex(r.id, env, app, template).slice(0, 5)}`;
}

function liveStatus(s: NewEnvironmentStatus): string {
  switch (s) {
    case 'SUCCEEDED':
      return 'HEALTHY';
    case 'RUNNING':
    case 'SUSPENDED':
      return 'PROGRESSING';
    case 'FAILED':
      return 'DEGRADED';
    default:
      return 'UNKNOWN';
  }
}

function failureText(st: ReleaseState): { env: string; app: string; text: string } | undefined {
  const sc = st.r.scenario;
  if (sc.kind !== 'failed' && sc.kind !== 'terminated') return undefined;
  const seq = workflowSequence(st.r.flow, sc.environment);
  const item = seq[sc.stepIndex];
  const app = st.r.product.applications[sc.appIndex] ?? '';
  const where = item ? `${item.template}/${item.step}` : 'workflow';
  return {
    env: sc.environment,
    app,
    text: sc.kind === 'failed' ? `${sc.environment}: ${where} failed for ${app}: ${sc.message}` : `${sc.environment}: ${sc.message}`,
  };
}

function stepView(st: ReleaseState, ctx: ReleaseContext, env: string): GqlObject {
  const r = st.r;
  const state = st.envs.get(env) as EnvState;
  const seq = workflowSequence(r.flow, env);
  const start = st.envStart(env);
  const apps = r.product.applications;
  const views = (phase: 'pre' | 'post') =>
    seq
      .map((item, j) => ({ item, j }))
      .filter(({ item }) => item.phase === phase)
      .map(({ item, j }) => {
        const workflows = apps.map((app, a) => ({
          applicationName: app,
          workflowName: workflowName(r, env, app, item.template),
          status: st.nodePhase(env, j, a),
        }));
        const status = aggregatePhase(workflows.map((w) => w.status));
        const began = start !== undefined && status !== 'Pending' && status !== 'Skipped' ? start + j * STEP_MS : undefined;
        const finished = began !== undefined && status !== 'Running' ? began + STEP_MS - 10_000 : undefined;
        return {
          name: item.step,
          templateName: item.template,
          startedAt: began !== undefined ? iso(began) : null,
          finishedAt: finished !== undefined ? iso(finished) : null,
          status,
          workflows,
        };
      });

  const sc = r.scenario;
  const policy = policyOf(r.flow, env);
  const done = st.actionDone(env);
  const updated = st.envUpdated(env);
  const at = iso(updated ?? r.createdAtMs);
  const namespace = (app: string) => `${app}-${env}`;
  const applications = apps.map((app, a) => {
    let status: string;
    switch (state.status) {
      case 'FAILED': {
        const culprit = sc.kind === 'failed' && a === sc.appIndex;
        status = culprit ? 'FAILED' : done ? 'SUCCEEDED' : 'SKIPPED';
        break;
      }
      case 'QUEUED':
        status = 'PENDING';
        break;
      default:
        status = state.status;
    }
    const commitSha = done ? hashHex('promotion-commit', r.id, env, app) : null;
    const prNeeded = policy.action === 'pr' && (done || state.status === 'SUSPENDED');
    const pr = () => {
      if (!prNeeded) return null;
      const prId = 1000 + (hashInt(r.id, env, app, 'pr') % 9000);
      return {
          repo: 'demo-org/gitops-config',
          id: prId,
          url: `https://github.com/demo-org/gitops-config/pull/${prId}`,
          title: `Promote ${app} ${r.version} to ${env}`,
          description: `Automated promotion of ${r.product.name} release ${r.version} (${r.trigger.sha.slice(0, 7)}).`,
          author: 'codefresh-promotions[bot]',
          avatarUrl: 'https://avatars.githubusercontent.com/in/15368?v=4',
          baseBranch: 'main',
          headBranch: `promote/${env}/${app}-${r.version}`,
          createdAt: iso((start ?? r.createdAtMs) + 60_000),
          state: done ? 'CLOSED' : 'OPEN',
          isMerged: done,
          mergeCommitSHA: done ? commitSha : null,
        };
    };
    const issues =
      state.status === 'FAILED' && sc.kind === 'failed' && a === sc.appIndex
        ? [{ date: at, message: sc.message, level: 'ERROR', type: 'WORKFLOW', syncStatus: 'SYNCED', healthStatus: done ? 'DEGRADED' : 'HEALTHY' }]
        : null;
    return {
      applicationId: { runtime: RUNTIME, namespace: namespace(app), name: `${app}-${env}` },
      commitSha,
      pr,
      status,
      issues,
    };
  });

  const envIssues = (): GqlObject[] => {
    const issues: GqlObject[] = [];
    if ((state.status === 'FAILED' || state.status === 'TERMINATED') && (sc.kind === 'failed' || sc.kind === 'terminated')) {
      const item = seq[sc.stepIndex];
      const app = apps[sc.appIndex] ?? '';
      issues.push({
        __typename: 'WorkflowIssue',
        applicationName: app,
        date: at,
        message: sc.message,
        workflowName: workflowName(r, env, app, item?.template ?? 'workflow'),
        type: 'WORKFLOW',
        level: sc.kind === 'failed' ? 'ERROR' : 'WARNING',
      });
      if (sc.kind === 'failed' && done) {
        issues.push({
          __typename: 'ApplicationIssue',
          applicationName: app,
          runtime: RUNTIME,
          namespace: namespace(app),
          date: at,
          message: `Deployment ${app} has minimum availability 1/3`,
          kind: 'Deployment',
          syncStatus: 'SYNCED',
          healthStatus: 'DEGRADED',
          type: 'APPLICATION',
          level: 'ERROR',
        });
      }
    }
    if (state.status === 'SUSPENDED') {
      issues.push({
        __typename: 'GitIssue',
        applicationName: apps[0] ?? '',
        date: at,
        message: `Waiting for the promotion pull request to ${env} to be approved and merged`,
        type: 'GIT',
        level: 'WARNING',
      });
    }
    return issues;
  };

  return {
    environmentName: env,
    environmentKind: env.startsWith('prod') ? 'PROD' : 'NON_PROD',
    dependsOn: dependsOnOf(r.flow, env),
    preWorkflowsStepsView: () => views('pre'),
    postWorkflowsStepsView: () => views('post'),
    applications,
    status: legacyStatus(state.status),
    liveStatus: liveStatus(state.status),
    startedAt: start !== undefined ? iso(start) : null,
    updatedAt: updated !== undefined ? iso(updated) : null,
    issues: envIssues,
    active: () => ctx.isActive(r, env),
    policyAction: policy.action,
  };
}

function hooksView(st: ReleaseState): GqlObject | null {
  const r = st.r;
  if (st.status === 'QUEUED') return null;
  const h = r.flow.hooks;
  const at = st.updatedAtMs();
  const run = (template: string | undefined, phase: string, error?: string) =>
    template
      ? {
          templateName: template,
          workflowName: `${template}-${hashHex(r.id, template).slice(0, 5)}`,
          status: phase,
          error: error ? { message: error, date: iso(at) } : null,
        }
      : null;
  const failedLike = st.status === 'FAILED' || st.status === 'TERMINATED';
  return {
    onStart: run(h.onStart, 'Succeeded'),
    onSuccess: st.status === 'SUCCEEDED' ? run(h.onSuccess, 'Succeeded') : null,
    onFail: failedLike
      ? st.status === 'TERMINATED'
        ? run(h.onFail, 'Failed', 'PagerDuty API returned 429 Too Many Requests')
        : run(h.onFail, 'Succeeded')
      : null,
  };
}

/** Image tag for a release: the version when the trigger commit names one, else `<branch>-<sha7>`. */
export function imageTag(r: DemoRelease, branch: string): string {
  return r.explicitVersion ? `v${r.version}` : `${branch.replace(/[^A-Za-z0-9_.-]/g, '-')}-${r.trigger.sha.slice(0, 7)}`;
}

/** Release notes (`ProductRelease.details`), from the commits the release adds. */
export function detailsView(r: DemoRelease, ctx: Pick<ReleaseContext, 'repoURL' | 'branch'>): GqlObject {
  const tag = imageTag(r, ctx.branch);
  const images = r.product.applications.map((app) => ({
    name: `${r.product.name}/${app}`,
    image: `registry.demo.local/${r.product.name}/${app}:${tag}`,
    repositoryName: `${r.product.name}/${app}`,
    binaryId: hashId('image', r.id, app),
    tag,
    workflowName: `ci-${app}-${r.trigger.sha.slice(0, 7)}`,
    workflowUrl: `https://demo.codefresh.invalid/workflows/ci-${app}-${r.trigger.sha.slice(0, 7)}`,
    ciProvider: 'codefresh',
  }));
  const entityId = images[0]?.image ?? r.product.name;
  const seenIssues = new Map<string, GqlObject>();
  const prs: GqlObject[] = [];
  const web = parseRemoteUrl(ctx.repoURL)?.web ?? ctx.repoURL;
  for (const c of r.commits) {
    const subject = c.message.split('\n')[0] ?? '';
    for (const key of issueKeys(c.message)) {
      if (seenIssues.has(key)) continue;
      seenIssues.set(key, {
        id: hashId('issue', r.id, key),
        type: 'issue',
        key,
        value: JSON.stringify({
          url: `https://jira.demo.invalid/browse/${key}`,
          title: subject.replace(key, '').replace(/^[\s:[\]-]+/, '').trim() || subject,
          assignee: c.authorName,
          avatarURL: null,
          status: 'Done',
        }),
        entityId,
        entityType: 'image',
      });
    }
    const n = pullRequestNumber(c.message);
    if (n !== undefined) {
      const body = c.message.split('\n').slice(1).join('\n').trim();
      const title = /^Merge pull request/.test(subject) && body ? (body.split('\n')[0] ?? subject) : subject.replace(/\s*\(#\d+\)\s*$/, '');
      prs.push({
        id: hashId('pr', r.id, n),
        type: 'pr',
        key: `#${n}`,
        value: JSON.stringify({
          url: `${web}/pull/${n}`,
          title,
          committers: [{ userName: c.authorName, avatar: null }],
          commits: [{ url: `${web}/commit/${c.sha}`, userName: c.authorName, sha: c.sha, message: c.message, commitDate: isoOf(c.committerDate) }],
        }),
        entityId,
        entityType: 'image',
      });
    }
  }
  const builds = r.product.applications.map((app) => ({
    id: hashId('build', r.id, app),
    pipeline: { id: hashId('pipeline', app), name: `${app}-ci`, project: r.product.name, projectId: hashId('project', r.product.name) },
  }));
  return { issues: [...seenIssues.values()], prs, images, builds };
}

// A release that is not moving has the same state at every stage: build it once.
const stateCache = new WeakMap<DemoRelease, ReleaseState>();
export function releaseState(r: DemoRelease, stage: number): ReleaseState {
  if (r.scenario.kind === 'moving') return new ReleaseState(r, stage);
  let st = stateCache.get(r);
  if (!st) {
    st = new ReleaseState(r, stage);
    stateCache.set(r, st);
  }
  return st;
}

/** The full ProductRelease object (legacy list node and detail). */
export function productReleaseView(r: DemoRelease, ctx: ReleaseContext): GqlObject {
  const st = releaseState(r, ctx.stage);
  const envs = flowEnvironments(r.flow);
  const failure = failureText(st);
  const c = r.trigger;
  return {
    __typename: 'ProductRelease',
    releaseId: r.id,
    releaseName: `${r.product.name}-${r.version}`,
    productName: r.product.name,
    promotionFlowName: r.flow.name,
    triggerEnvironment: r.flow.triggerEnvironment,
    steps: () => envs.map((env) => stepView(st, ctx, env)),
    environmentsStatuses: envs.map((env) => ({ environmentName: env, status: legacyStatus((st.envs.get(env) as EnvState).status) })),
    triggerCommit: {
      sha: c.sha,
      committer: person(c.committerName, c.committerEmail),
      date: isoOf(c.committerDate),
      message: c.message,
      repoURL: ctx.repoURL,
      revision: ctx.branch,
    },
    status: st.status,
    createdAt: iso(r.createdAtMs),
    updatedAt: iso(st.updatedAtMs()),
    error: failure
      ? { code: r.scenario.kind === 'terminated' ? 'RELEASE_TERMINATED' : 'STEP_FAILED', message: failure.text }
      : null,
    details: () => detailsView(r, ctx),
    initiator: { name: c.authorName, avatarUrl: null },
    version: r.version,
    hooks: () => hooksView(st),
  };
}

/** The new-architecture list node. */
export function promotionView(r: DemoRelease, ctx: ReleaseContext): GqlObject {
  const st = releaseState(r, ctx.stage);
  const failure = failureText(st);
  const c = r.trigger;
  return {
    __typename: 'Promotion',
    id: r.id,
    accountId: ACCOUNT_ID,
    productName: r.product.name,
    promotionFlowName: r.flow.name,
    triggerEnvironment: r.flow.triggerEnvironment,
    environments: flowEnvironments(r.flow).map((env) => {
      const started = st.envStart(env);
      const updated = st.envUpdated(env);
      return {
        name: env,
        dependsOn: dependsOnOf(r.flow, env),
        status: (st.envs.get(env) as EnvState).status,
        startedAt: started !== undefined ? iso(started) : null,
        updatedAt: updated !== undefined ? iso(updated) : null,
      };
    }),
    triggerCommitInfo: {
      commitSha: c.sha,
      commitMessage: c.message,
      commitAuthor: person(c.authorName, c.authorEmail),
      commitDate: isoOf(c.committerDate),
      repoURL: ctx.repoURL,
      revision: ctx.branch,
      avatarURL: null,
    },
    status: st.status,
    createdAt: iso(r.createdAtMs),
    updatedAt: iso(st.updatedAtMs()),
    promotionAppVersion: r.version,
    failure: failure
      ? {
          message: failure.text,
          code: r.scenario.kind === 'terminated' ? 'PROMOTION_TERMINATION' : 'UNKNOWN',
          timestamp: iso(st.updatedAtMs()),
        }
      : null,
  };
}

/** `Product.latestRelease`. */
export function releaseEntityView(r: DemoRelease, ctx: ReleaseContext): GqlObject {
  const st = releaseState(r, ctx.stage);
  return {
    releaseId: r.id,
    promotionFlowName: r.flow.name,
    triggerEnvironment: r.flow.triggerEnvironment,
    status: st.status,
    updatedAt: iso(st.updatedAtMs()),
    createdAt: iso(r.createdAtMs),
    productName: r.product.name,
    initiator: { name: r.trigger.authorName, avatarUrl: null },
    version: r.version,
  };
}

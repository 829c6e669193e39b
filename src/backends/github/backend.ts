// The GitHub release backend: a product is a repository, its environments are the repository's environments, a
// release is a workflow run with the deployments it made (or a lone deployment), and the flow comes from the local
// workflow files. Polling is cheap: the deployments and runs lists are asked with their ETags first, and when both
// answer 304 the last page is returned without spending a rate-limit point. The GraphQL API gives the deployments
// with their latest status in one query; REST gives jobs, pending reviews and the actions. Release notes name the
// run's deployments with their links, and the pull requests of the commits the notes compute locally (./pulls).

import type { CommitChecks } from '../../core/checks';
import type { Logger } from '../../core/log';
import {
  type CommitPullRequests,
  emptyNotes,
  type Environment,
  type EnvironmentStep,
  type Product,
  type PromotionFlow,
  type ReleaseDetail,
  type ReleaseIssue,
  type ReleaseNotes,
  type ReleaseSummary,
} from '../../core/model';
import { countText, keepFirst, mapBounded, REQUEST_CONCURRENCY } from '../bounded';
import type { ProxyOptions } from '../http/dispatcher';
import { BACKENDS } from '../registry';
import {
  type AccountInfo,
  type ActionRequest,
  type ActionResult,
  type BackendCapabilities,
  BackendError,
  isBackendError,
  type ListReleasesOptions,
  type ReleaseBackend,
  type ReleasePage,
} from '../types';
import { CommitChecksReader } from './checks';
import { deriveFlows, fallbackFlow, type DerivedFlows, type WorkflowFlow } from './flow';
import { GitHubHttp, type GitHubHttpOptions, type HttpStats } from './transport';
import { deploymentNotes } from './deploymentNotes';
import { deploymentEnvironment, groupReleases, jobIdOfLogUrl, jobStep, parseReleaseId, placeJobs, reviewerNames, runOfDeployment } from './mapping';
import { pullRequestsOfCommits } from './pulls';
import { readWorkflowFiles, repositoryOfCheckout, type RepoSource } from './repos';
import {
  DeploymentsDataSchema,
  EnvironmentsDataSchema,
  type GqlDeployment,
  GqlDeploymentSchema,
  GqlEnvironmentSchema,
  JobSchema,
  parseItems,
  parseWhole,
  type PendingDeployment,
  PendingDeploymentSchema,
  RepositorySchema,
  RestDeploymentSchema,
  RestEnvironmentsSchema,
  type Run,
  RunSchema,
  RunsSchema,
  UserSchema,
} from './schemas';

export const DEPLOYMENTS_QUERY = `query Deployments($owner: String!, $name: String!, $first: Int!, $after: String) {
  rateLimit { cost }
  repository(owner: $owner, name: $name) {
    deployments(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes {
        databaseId environment latestEnvironment state task createdAt updatedAt commitOid
        ref { name }
        creator { login avatarUrl }
        latestStatus { state description logUrl environmentUrl createdAt }
        commit { message committedDate author { name email } }
      }
    }
  }
}`;

export const ENVIRONMENTS_QUERY = `query Environments($owner: String!, $name: String!) {
  rateLimit { cost }
  repository(owner: $owner, name: $name) {
    environments(first: 100) { nodes { name isPinned pinnedPosition } }
  }
}`;

/**
 * Older workflow runs (named by a deployment's log URL, not on the first page of runs) read in one refresh; the rest
 * are read by the next refreshes, and their deployments show on their own until then.
 */
export const OLDER_RUNS_PER_REFRESH = 20;
/** Jobs of one run kept for its detail: far above what a run has (a matrix makes at most 256 jobs). */
export const MAX_JOBS = 1_000;
/** Workflow runs remembered per repository across refreshes (the least recently seen are dropped first). */
export const MAX_RUNS_HELD = 2_000;
/** Deployments remembered per repository across "load more" pages (the newest are kept). */
export const MAX_DEPLOYMENTS_HELD = 5_000;
/** GraphQL error messages of one answer shown as warnings (a server may send thousands). */
const MAX_GRAPHQL_WARNINGS = 20;
/** The most GitHub lets one ask per page of REST or GraphQL (`per_page`, `first`). */
const PAGE_MAX = 100;

/** Classic OAuth scopes that allow re-running and cancelling runs and reading private repositories' environments. */
const WRITE_SCOPES = ['repo'];

export interface GitHubBackendOptions {
  /** `github`, or `github-demo` for the test engine (its data is made up and labelled so). */
  id?: 'github' | 'github-demo';
  apiUrl?: string;
  token: string;
  /** Local checkouts: each one's GitHub remote is a product, and its workflow files give the flow. */
  localRepos?: () => readonly string[];
  /** More repositories (`owner/name`) from the settings. */
  repositories?: () => readonly string[];
  /** Environment names that are production (default `production`, `prod`). */
  prodNames?: () => readonly string[];
  /** `environment → the environments it follows`, for repositories whose workflow files do not say. */
  flowSetting?: () => Readonly<Record<string, readonly string[]>>;
  log?: Logger;
  proxy?: ProxyOptions;
  caFile?: string;
  /** Milliseconds per `retry-after` second (tests). */
  retryAfterUnitMs?: number;
  /** The shared HTTP client's limits (../http/client); its defaults when absent. */
  timeouts?: GitHubHttpOptions['timeouts'];
  retries?: number;
  backoff?: GitHubHttpOptions['backoff'];
}

interface RepoState {
  source: RepoSource;
  flows: DerivedFlows;
  canWrite: boolean;
  prodByDeployments: Set<string>;
  page?: ReleasePage;
  runs: Map<number, Run>;
  deployments: GqlDeployment[];
  pending: Map<number, PendingDeployment[]>;
  environments?: Environment[];
  /** The flow used when the workflow files give none (the setting, else environment order). */
  fallback?: PromotionFlow;
}

/** Remember a run, as the most recently seen, dropping the least recently seen beyond MAX_RUNS_HELD. */
function rememberRun(st: RepoState, run: Run): void {
  st.runs.delete(run.id);
  st.runs.set(run.id, run);
  for (const oldest of st.runs.keys()) {
    if (st.runs.size <= MAX_RUNS_HELD) break;
    st.runs.delete(oldest);
  }
}

function splitRepo(fullName: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = fullName.split('/');
  return { owner, repo };
}

export class GitHubBackend implements ReleaseBackend {
  readonly id: 'github' | 'github-demo';
  readonly capabilities: BackendCapabilities;
  readonly description: string;
  readonly http: GitHubHttp;
  private readonly repos = new Map<string, RepoState>();
  private readonly checks: CommitChecksReader;
  private user: string | undefined;

  constructor(private readonly options: GitHubBackendOptions) {
    this.id = options.id ?? 'github';
    this.capabilities = BACKENDS[this.id].capabilities;
    this.http = new GitHubHttp({
      apiUrl: options.apiUrl ?? '',
      token: options.token,
      log: options.log,
      proxy: options.proxy,
      caFile: options.caFile,
      retryAfterUnitMs: options.retryAfterUnitMs,
      timeouts: options.timeouts,
      retries: options.retries,
      backoff: options.backoff,
    });
    this.description = `${this.id === 'github-demo' ? 'GitHub test engine' : 'GitHub'} at ${this.http.webUrl}`;
    this.checks = new CommitChecksReader(this.http);
  }

  get stats(): HttpStats {
    return this.http.stats;
  }

  /** What the token's classic scopes keep from working, in plain words; empty when nothing (or when GitHub does not say). */
  scopeProblems(): string[] {
    const scopes = this.http.scopes;
    if (scopes === undefined || WRITE_SCOPES.some((s) => scopes.includes(s))) return [];
    return [
      `The GitHub token has no "repo" scope (it has ${scopes.length ? scopes.join(', ') : 'none'}): environments and runs of private repositories cannot be read, and runs cannot be re-run or cancelled.`,
    ];
  }

  async whoAmI(signal?: AbortSignal): Promise<AccountInfo> {
    const res = await this.http.get('GET /user', {}, signal);
    const user = parseWhole(UserSchema, res.data, 'GET /user');
    this.user = user.login;
    return { user: user.login, account: this.http.webUrl };
  }

  private async sources(): Promise<RepoSource[]> {
    const host = this.id === 'github-demo' ? undefined : new URL(this.http.webUrl).host;
    const out = new Map<string, RepoSource>();
    for (const p of this.options.localRepos?.() ?? []) {
      const full = await repositoryOfCheckout(p, host);
      if (full && !out.has(full)) out.set(full, { fullName: full, localPath: p });
    }
    for (const r of this.options.repositories?.() ?? []) {
      const name = r.trim().replace(/^https?:\/\/[^/]+\//, '').replace(/\.git$/, '');
      if (/^[^/\s]+\/[^/\s]+$/.test(name) && !out.has(name)) out.set(name, { fullName: name });
    }
    return [...out.values()];
  }

  private state(source: RepoSource): RepoState {
    let s = this.repos.get(source.fullName);
    if (!s) {
      s = { source, flows: { workflows: [], notUnderstood: [] }, canWrite: false, prodByDeployments: new Set(), runs: new Map(), deployments: [], pending: new Map() };
      this.repos.set(source.fullName, s);
    } else s.source = source;
    return s;
  }

  async listProducts(signal?: AbortSignal): Promise<Product[]> {
    const sources = await this.sources();
    if (sources.length === 0)
      throw new BackendError('config', `No GitHub repository: the workspace has no remote on ${this.http.webUrl} and the gitopsReleases.github.repositories setting names none.`);
    const products: Product[] = [];
    for (const source of sources) products.push(await this.loadProduct(this.state(source), signal));
    return products;
  }

  private async loadProduct(st: RepoState, signal?: AbortSignal): Promise<Product> {
    const { owner, repo } = splitRepo(st.source.fullName);
    const repoRes = await this.http.get('GET /repos/{owner}/{repo}', { owner, repo }, signal);
    const info = parseWhole(RepositorySchema, repoRes.data, `the repository ${st.source.fullName}`);
    const scopes = this.http.scopes;
    const scopeOk = scopes === undefined || scopes.includes('repo') || (scopes.includes('public_repo') && info.private !== true);
    st.canWrite = info.permissions?.push === true && scopeOk;
    st.flows = st.source.localPath ? deriveFlows(await readWorkflowFiles(st.source.localPath)) : { workflows: [], notUnderstood: [] };
    for (const n of st.flows.notUnderstood) this.http.logger.warn(`${st.source.fullName}: not understood in the workflow files: ${n}`);

    const envRes = await this.http.get('GET /repos/{owner}/{repo}/environments', { owner, repo, per_page: 100 }, signal);
    parseWhole(RestEnvironmentsSchema, envRes.data, `the environments of ${st.source.fullName}`);
    if (envRes.changed || !st.environments) {
      const { data } = await this.http.graphql(ENVIRONMENTS_QUERY, { owner, name: repo }, signal);
      const parsed = parseWhole(EnvironmentsDataSchema, data, `the environments of ${st.source.fullName}`);
      this.http.addPoints(parsed.rateLimit?.cost ?? 1);
      const envs = parseItems(GqlEnvironmentSchema, (parsed.repository?.environments.nodes ?? []).slice(0, PAGE_MAX), 'repository.environments.nodes').items;
      const pinned = envs.filter((e) => e.isPinned && e.pinnedPosition != null).sort((a, b) => a.pinnedPosition! - b.pinnedPosition!);
      const rest = envs.filter((e) => !pinned.includes(e));
      st.environments = [...pinned, ...rest].map((e, i) => ({ name: e.name, kind: 'NON_PROD', position: i }));
    }
    const deps = await this.http.get('GET /repos/{owner}/{repo}/deployments', { owner, repo, per_page: 100 }, signal);
    const restDeps = parseItems(RestDeploymentSchema, (Array.isArray(deps.data) ? deps.data : []).slice(0, PAGE_MAX), 'deployments').items;
    st.prodByDeployments = new Set(restDeps.filter((d) => d.production_environment).map((d) => d.environment));
    const prodNames = (this.options.prodNames?.() ?? ['production', 'prod']).map((n) => n.toLowerCase());
    const environments = (st.environments ?? []).map((e) => ({
      ...e,
      kind: st.prodByDeployments.has(e.name) || prodNames.includes(e.name.toLowerCase()) ? 'PROD' : 'NON_PROD',
    }));
    const fromFiles = st.flows.workflows.map((w) => w.flow);
    const setting = this.options.flowSetting?.();
    const fallback = fromFiles.length ? undefined : fallbackFlow(environments.map((e) => e.name), setting);
    st.fallback = fallback;
    return {
      name: st.source.fullName,
      environments,
      flows: fromFiles.length ? fromFiles : fallback ? [fallback] : [],
      flowSource: fromFiles.length ? 'workflow-files' : setting && Object.keys(setting).length ? 'settings' : 'api',
    };
  }

  private dependsOnFor(st: RepoState): (env: string) => string[] {
    const setting = this.options.flowSetting?.() ?? {};
    return (env) => {
      for (const w of st.flows.workflows) {
        const step = w.flow.steps.find((s) => s.environment === env);
        if (step) return step.dependsOn;
      }
      const step = st.fallback?.steps.find((s) => s.environment === env);
      return [...(step?.dependsOn ?? setting[env] ?? [])];
    };
  }

  async listReleases(productName: string, options: ListReleasesOptions = {}): Promise<ReleasePage> {
    const signal = options.signal;
    const before = this.http.stats.requests;
    let st = this.repos.get(productName);
    if (!st) {
      await this.listProducts(signal);
      st = this.repos.get(productName);
      if (!st) throw new BackendError('not-found', `${productName} is not one of the GitHub repositories in use.`);
    }
    const { owner, repo } = splitRepo(productName);
    const perPage = Math.min(100, Math.max(1, options.pageSize ?? 100));
    const depsRes = await this.http.get('GET /repos/{owner}/{repo}/deployments', { owner, repo, per_page: 100 }, signal);
    const runsRes = await this.http.get('GET /repos/{owner}/{repo}/actions/runs', { owner, repo, per_page: perPage }, signal);
    if (!options.after && !depsRes.changed && !runsRes.changed && st.page) {
      return { ...st.page, requests: this.http.stats.requests - before };
    }
    const skippedReasons: string[] = [];
    const notices: string[] = [];
    const runsSent = parseWhole(RunsSchema, runsRes.data, `the workflow runs of ${productName}`).workflow_runs;
    const runsAsked = keepFirst(runsSent, perPage, notices, (sent, kept) => `GitHub sent ${sent} workflow runs of ${productName} where ${kept} were asked; only the first ${kept} are read.`);
    const runsParsed = parseItems(RunSchema, runsAsked, 'workflow_runs');
    for (const r of runsParsed.reasons) skippedReasons.push(r);
    for (const r of runsParsed.items) rememberRun(st, r);

    const { data, warnings: gqlWarnings } = await this.http.graphql(DEPLOYMENTS_QUERY, { owner, name: repo, first: perPage, after: options.after ?? null }, signal);
    const parsed = parseWhole(DeploymentsDataSchema, data, `the deployments of ${productName}`);
    this.http.addPoints(parsed.rateLimit?.cost ?? 1);
    if (!parsed.repository) throw new BackendError('not-found', `GitHub has no repository ${productName}, or the token cannot see it.`);
    const depsSent = parsed.repository.deployments.nodes ?? [];
    const depsAsked = keepFirst(depsSent, perPage, notices, (sent, kept) => `GitHub sent ${sent} deployments of ${productName} where ${kept} were asked; only the first ${kept} are read.`);
    const depsParsed = parseItems(GqlDeploymentSchema, depsAsked, 'repository.deployments.nodes');
    for (const r of depsParsed.reasons) skippedReasons.push(r);
    const deployments = depsParsed.items;

    // Runs the deployments name that are older than the first page of runs: a few per refresh, a few at a time.
    const runIds = new Set(deployments.map((d) => /\/actions\/runs\/(\d+)/.exec(d.latestStatus?.logUrl ?? '')?.[1]).filter((x): x is string => !!x).map(Number));
    await this.readOlderRuns(st, [...runIds].filter((id) => !st.runs.has(id)), notices, signal);
    const onPage = new Set(runsParsed.items.map((r) => r.id));
    const runs = options.after
      ? [...runIds].map((id) => st.runs.get(id)).filter((r): r is Run => !!r)
      : runsParsed.items.concat([...runIds].filter((id) => !onPage.has(id)).map((id) => st.runs.get(id)).filter((r): r is Run => !!r));

    st.pending = new Map();
    const waiting = runs.filter((r) => r.status === 'waiting');
    await mapBounded(waiting, REQUEST_CONCURRENCY, async (run) => {
      const res = await this.http.get('GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', { owner, repo, run_id: run.id }, signal);
      const p = parseItems(PendingDeploymentSchema, (Array.isArray(res.data) ? res.data : []).slice(0, PAGE_MAX), 'pending_deployments');
      st.pending.set(run.id, p.items);
    });
    st.deployments = options.after ? st.deployments.concat(deployments).slice(0, MAX_DEPLOYMENTS_HELD) : deployments;
    const releases = groupReleases({
      repo: productName,
      webUrl: this.http.webUrl,
      deployments,
      runs,
      workflows: st.flows.workflows,
      pending: st.pending,
      canWrite: st.canWrite,
      dependsOn: this.dependsOnFor(st),
      order: (st.environments ?? []).map((e) => e.name),
    });
    const known = options.knownTerminalIds;
    const warnings = [...(gqlWarnings ?? []).slice(0, MAX_GRAPHQL_WARNINGS), ...notices, ...this.scopeProblems(), ...st.flows.notUnderstood.map((n) => `Not understood in the workflow files: ${n}`)];
    const page: ReleasePage = {
      releases: options.limit ? releases.slice(0, options.limit) : releases,
      ...(parsed.repository.deployments.pageInfo.endCursor ? { endCursor: parsed.repository.deployments.pageInfo.endCursor } : {}),
      hasMore: parsed.repository.deployments.pageInfo.hasNextPage,
      reachedKnown: known ? releases.some((r) => known.has(r.id)) : false,
      requests: this.http.stats.requests - before,
      ...(skippedReasons.length ? { skipped: { count: skippedReasons.length, reasons: [...new Set(skippedReasons)].slice(0, 5) } } : {}),
      ...(warnings.length ? { warnings } : {}),
    };
    if (!options.after) st.page = page;
    return page;
  }

  /**
   * Read older runs by id: at most OLDER_RUNS_PER_REFRESH, REQUEST_CONCURRENCY at a time. A run GitHub no longer has
   * (404) is left out quietly; other failures and the runs left for later are said in `notices`; a cancel ends the call.
   */
  private async readOlderRuns(st: RepoState, ids: readonly number[], notices: string[], signal?: AbortSignal): Promise<void> {
    const { owner, repo } = splitRepo(st.source.fullName);
    const now = ids.slice(0, OLDER_RUNS_PER_REFRESH);
    const failures: string[] = [];
    await mapBounded(now, REQUEST_CONCURRENCY, async (id) => {
      try {
        const one = await this.http.get('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner, repo, run_id: id }, signal);
        const r = RunSchema.safeParse(one.data);
        if (r.success) rememberRun(st, r.data);
        else failures.push(`run ${id}: not a workflow run this version can read`);
      } catch (e) {
        if (signal?.aborted) throw new BackendError('cancelled', 'The request was cancelled.');
        if (isBackendError(e) && e.kind === 'cancelled') throw e;
        if (isBackendError(e) && e.kind === 'not-found') return;
        failures.push(`run ${id}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    const later = ids.length - now.length;
    if (later > 0)
      notices.push(`${countText(later)} older workflow runs of ${st.source.fullName} named by deployments were not read in this refresh (at most ${OLDER_RUNS_PER_REFRESH} per refresh); their deployments show on their own until a later refresh reads them.`);
    if (failures.length > 0)
      notices.push(`${countText(failures.length)} older workflow runs of ${st.source.fullName} could not be read, so their deployments show on their own: ${failures.slice(0, 3).join('; ')}`);
  }

  private async summaryOf(releaseId: string, signal?: AbortSignal): Promise<{ st: RepoState; summary: ReleaseSummary; ref: NonNullable<ReturnType<typeof parseReleaseId>> }> {
    const ref = parseReleaseId(releaseId);
    if (!ref) throw new BackendError('not-found', `"${releaseId}" is not a GitHub release id.`);
    let st = this.repos.get(ref.repo);
    let summary = st?.page?.releases.find((r) => r.id === releaseId);
    if (!summary) {
      await this.listReleases(ref.repo, { signal });
      st = this.repos.get(ref.repo);
      summary = st?.page?.releases.find((r) => r.id === releaseId);
    }
    if (!st || !summary) throw new BackendError('not-found', `GitHub has no release ${releaseId} in the newest runs and deployments of ${ref.repo}.`);
    return { st, summary, ref };
  }

  async getRelease(releaseId: string, signal?: AbortSignal): Promise<ReleaseDetail> {
    const { st, summary, ref } = await this.summaryOf(releaseId, signal);
    const { owner, repo } = splitRepo(ref.repo);
    const run = ref.kind === 'run' ? st.runs.get(ref.id) : undefined;
    const wf: WorkflowFlow | undefined = run ? st.flows.workflows.find((w) => (run.path ? run.path.split('@')[0] === w.path : run.name === w.name)) : undefined;
    const placed = new Map<string, { pre: ReturnType<typeof jobStep>[]; post: ReturnType<typeof jobStep>[] }>();
    const jobIssues: ReleaseIssue[] = [];
    let jobsNote: ReleaseIssue | undefined;
    if (run) {
      // One more than shown, so the note below knows there were more.
      const raw = await this.http.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', { owner, repo, run_id: run.id, filter: 'latest' }, signal, MAX_JOBS + 1);
      if (raw.length > MAX_JOBS) {
        const note = `Run ${run.id} has more than ${countText(MAX_JOBS)} jobs; only the first ${countText(MAX_JOBS)} are shown.`;
        this.http.logger.warn(note);
        jobsNote = { type: 'WORKFLOW', level: 'WARNING', message: note, date: summary.updatedAt ?? summary.createdAt };
      }
      const jobs = parseItems(JobSchema, raw.slice(0, MAX_JOBS), 'jobs').items;
      const byDeployment = new Map<number, string>();
      for (const d of st.deployments) {
        const jobId = jobIdOfLogUrl(d.latestStatus?.logUrl);
        if (jobId !== undefined) byDeployment.set(jobId, deploymentEnvironment(d));
      }
      for (const [env, slot] of placeJobs(jobs, wf, byDeployment)) {
        placed.set(env, { pre: slot.pre.map((j) => jobStep(j, ref.repo)), post: slot.post.map((j) => jobStep(j, ref.repo)) });
        for (const j of [...slot.pre, ...slot.post])
          if (j.conclusion === 'failure' || j.conclusion === 'timed_out')
            jobIssues.push({ type: 'WORKFLOW', level: 'ERROR', message: `Job "${j.name}" ${j.conclusion === 'timed_out' ? 'timed out' : 'failed'} in ${env}`, date: j.completed_at ?? summary.updatedAt ?? summary.createdAt, workflowName: j.name });
      }
    }
    const product = st.environments ?? [];
    const prodNames = (this.options.prodNames?.() ?? ['production', 'prod']).map((n) => n.toLowerCase());
    const steps: EnvironmentStep[] = summary.environments.map((e, index) => {
      const issues: ReleaseIssue[] = jobIssues.filter((i) => i.message.endsWith(` in ${e.name}`));
      if (index === 0 && jobsNote) issues.push(jobsNote);
      for (const p of (run ? st.pending.get(run.id) : undefined) ?? []) {
        if (p.environment.name !== e.name) continue;
        const who = reviewerNames(p);
        const timer = p.wait_timer > 0 ? ` (wait timer ${p.wait_timer} min${p.wait_timer_started_at ? ` from ${p.wait_timer_started_at}` : ''})` : '';
        issues.push({ type: 'WORKFLOW', level: 'WARNING', message: `Waiting for review${who.length ? ` by ${who.join(', ')}` : ''}${timer}${p.current_user_can_approve ? '; you may approve it' : ''}`, date: p.wait_timer_started_at ?? summary.updatedAt ?? summary.createdAt });
      }
      if (ref.kind === 'deployment') {
        const d = st.deployments.find((x) => x.databaseId === ref.id);
        if (d?.latestStatus?.description && (e.status === 'FAILED' || e.status === 'TERMINATED'))
          issues.push({ type: 'WORKFLOW', level: 'ERROR', message: d.latestStatus.description, date: d.latestStatus.createdAt });
      }
      const slot = placed.get(e.name);
      return {
        environment: e.name,
        kind: st.prodByDeployments.has(e.name) || prodNames.includes(e.name.toLowerCase()) ? 'PROD' : product.find((p) => p.name === e.name)?.kind ?? 'NON_PROD',
        dependsOn: e.dependsOn ?? [],
        status: e.status,
        ...(e.startedAt ? { startedAt: e.startedAt } : {}),
        ...(e.updatedAt ? { updatedAt: e.updatedAt } : {}),
        ...(e.active ? { active: true } : {}),
        preWorkflows: slot?.pre ?? [],
        postWorkflows: slot?.post ?? [],
        applications: [],
        issues,
      };
    });
    return { ...summary, steps };
  }

  async getReleaseNotes(releaseId: string, signal?: AbortSignal): Promise<ReleaseNotes> {
    const { st, summary, ref } = await this.summaryOf(releaseId, signal);
    const notes = emptyNotes(releaseId);
    const run = ref.kind === 'run' ? st.runs.get(ref.id) : undefined;
    if (run) notes.builds.push({ id: String(run.id), pipeline: run.name ?? undefined, url: run.html_url });
    const own = ref.kind === 'run' ? st.deployments.filter((d) => run && runOfDeployment(d, [run])?.id === run.id) : st.deployments.filter((d) => d.databaseId === ref.id);
    const deployments = deploymentNotes(own, summary.environments.map((e) => e.name));
    if (deployments.length) notes.deployments = deployments;
    return notes;
  }

  /** The commit's deployment-related statuses and check runs (./checks), judged by the repository's environments and workflow files. */
  async commitChecks(productName: string, sha: string, signal?: AbortSignal): Promise<CommitChecks> {
    let st = this.repos.get(productName);
    if (!st?.environments) {
      await this.listProducts(signal);
      st = this.repos.get(productName);
      if (!st) throw new BackendError('not-found', `${productName} is not one of the GitHub repositories in use.`);
    }
    const environments = [...new Set([...(st.environments ?? []).map((e) => e.name), ...st.flows.workflows.flatMap((w) => w.flow.steps.map((s) => s.environment))])];
    return this.checks.read(productName, sha, { environments, workflows: st.flows.workflows }, signal);
  }

  /** The pull requests of commits of one of the repositories in use: one GraphQL query per 50 commits. */
  async pullRequestsOf(productName: string, shas: readonly string[], signal?: AbortSignal): Promise<CommitPullRequests> {
    const { owner, repo } = splitRepo(productName);
    if (!owner || !repo) throw new BackendError('not-found', `${productName} is not a GitHub repository (owner/name).`);
    return pullRequestsOfCommits(this.http, { owner, name: repo }, shas, signal);
  }

  async act(request: ActionRequest, signal?: AbortSignal): Promise<ActionResult> {
    const { st, summary, ref } = await this.summaryOf(request.releaseId, signal);
    if (ref.kind !== 'run') throw new BackendError('config', `${summary.version ?? request.releaseId} was not made by a workflow run, so there is nothing to approve, re-run or cancel.`);
    const env = summary.environments.find((e) => e.name === request.environment);
    if (!env?.actions?.includes(request.action))
      throw new BackendError('config', `"${request.action}" is not possible for ${summary.version} in ${request.environment} now (it may have moved on; refresh).`);
    const { owner, repo } = splitRepo(ref.repo);
    const label = `${summary.version ?? request.releaseId}`;
    switch (request.action) {
      case 'approve':
      case 'reject': {
        const pending = st.pending.get(ref.id)?.find((p) => p.environment.name === request.environment);
        if (pending?.environment.id === undefined) throw new BackendError('not-found', `${label} is no longer waiting for a review in ${request.environment}.`);
        await this.http.post('POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', {
          owner,
          repo,
          run_id: ref.id,
          environment_ids: [pending.environment.id],
          state: request.action === 'approve' ? 'approved' : 'rejected',
          comment: request.comment ?? '',
        }, signal);
        return { message: `${request.action === 'approve' ? 'Approved' : 'Rejected'} the deployment of ${label} to ${request.environment}` };
      }
      case 'retry':
        await this.http.post('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', { owner, repo, run_id: ref.id }, signal);
        return { message: `Re-running the failed jobs of ${label}` };
      case 'abort':
        await this.http.post('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', { owner, repo, run_id: ref.id }, signal);
        return { message: `Cancelling ${label}` };
      default:
        throw new BackendError('config', `GitHub has no "${request.action}" for a workflow run.`);
    }
  }

  /** The signed-in user, once whoAmI has run. */
  get login(): string | undefined {
    return this.user;
  }

  async dispose(): Promise<void> {
    await this.http.dispose();
  }
}

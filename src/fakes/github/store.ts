// The test engine's made-up repository: workflow runs of the workflow files (or, without any that deploy, of a
// build → staging → production workflow), one every few commits of the local history, each with a deployment per
// environment it reached. The newest run waits for a review before production, an older one failed there, and one
// deployment was made outside Actions. A commit's pull requests are the ones ./pulls makes up from the history's
// merge and squash messages. Answers are built in the shapes GitHub's REST description and GraphQL schema
// give them; the server checks them against those.

import type { HistoryCommit } from '../history';
import { deriveFlows, type WorkflowFile, type WorkflowFlow } from '../../backends/github/flow';
import { fakeStatusCheckRollup } from './checks';
import type { FakePullRequest } from './pulls';

const DEFAULT_WORKFLOW: WorkflowFile = {
  path: '.github/workflows/deploy.yml',
  text: [
    'name: Deploy',
    'on: { push: { branches: [main] } }',
    'jobs:',
    '  build: { runs-on: ubuntu-latest, steps: [{ run: make }] }',
    '  staging: { needs: build, environment: staging, runs-on: ubuntu-latest, steps: [{ run: ./deploy staging }] }',
    '  production: { needs: staging, environment: { name: production, url: "https://example.com" }, runs-on: ubuntu-latest, steps: [{ run: ./deploy production }] }',
  ].join('\n'),
};

interface FakeStatus {
  state: 'error' | 'failure' | 'inactive' | 'pending' | 'success' | 'queued' | 'in_progress' | 'waiting';
  createdAt: string;
  description: string;
}

export interface FakeDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  creator: string;
  createdAt: string;
  updatedAt: string;
  statuses: FakeStatus[];
  /** GitHub gave up on it: no status came for 30 minutes (GraphQL `DeploymentState.ABANDONED`). */
  abandoned?: boolean;
  runId?: number;
  jobId?: number;
}

export interface FakeJob {
  id: number;
  name: string;
  environment?: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting';
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
}

export interface FakeRun {
  id: number;
  runNumber: number;
  attempt: number;
  workflow: WorkflowFlow;
  commit: HistoryCommit;
  branch: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting';
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
  jobs: FakeJob[];
}

export interface FakeEnvironment {
  id: number;
  name: string;
  reviewers: string[];
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MIN = 60_000;

export class FakeStore {
  readonly repository: string;
  readonly runs: FakeRun[] = [];
  readonly deployments: FakeDeployment[] = [];
  readonly environments: FakeEnvironment[] = [];
  private nextId = 1000;
  private readonly canWrite: boolean;
  private readonly web: () => string;
  private readonly api: () => string;
  private readonly owner: string;
  private readonly name: string;
  private readonly flowOrder: string[];
  /** Every commit of the repository (all branches of the history, not only the first-parent line). */
  private readonly commits: ReadonlySet<string>;
  readonly pullRequests: readonly FakePullRequest[];

  constructor(options: {
    repository: string;
    history: readonly HistoryCommit[];
    workflows: readonly WorkflowFile[];
    canWrite: boolean;
    web: () => string;
    api: () => string;
    /** Every commit sha of the repository; default: those of `history`. */
    commits?: readonly string[];
    pullRequests?: readonly FakePullRequest[];
  }) {
    this.repository = options.repository;
    this.commits = new Set(options.commits ?? options.history.map((c) => c.sha));
    this.pullRequests = options.pullRequests ?? [];
    [this.owner = 'local', this.name = 'repo'] = options.repository.split('/');
    this.canWrite = options.canWrite;
    this.web = options.web;
    this.api = options.api;
    let flows = deriveFlows(options.workflows).workflows;
    if (flows.length === 0) flows = deriveFlows([DEFAULT_WORKFLOW]).workflows;
    const wf = flows[0]!;
    const envNames = wf.flow.steps.map((s) => s.environment);
    this.flowOrder = envNames;
    for (const n of [...envNames, 'preview']) this.environments.push({ id: this.id(), name: n, reviewers: /prod/i.test(n) ? ['release-captain'] : [] });
    const commits = options.history.length ? options.history : [];
    // One run every third commit, the newest commit always.
    const picked = commits.filter((_, i) => (commits.length - 1 - i) % 3 === 0).slice(-12);
    picked.forEach((c, i) => {
      const newest = i === picked.length - 1;
      const failed = picked.length > 2 && i === picked.length - 3;
      this.addRun(wf, c, newest ? 'wait-last' : failed ? 'fail-last' : 'succeed');
    });
    const loneOn = picked[Math.max(0, picked.length - 2)];
    if (loneOn) {
      const at = Date.parse(loneOn.committerDate) + 30 * MIN;
      this.deployments.push({ id: this.id(), sha: loneOn.sha, ref: loneOn.sha, environment: 'preview', creator: 'preview-bot', createdAt: iso(at), updatedAt: iso(at + MIN), statuses: [
        { state: 'success', createdAt: iso(at + MIN), description: 'Preview is up' },
      ] });
    }
  }

  private id(): number {
    return this.nextId++;
  }

  private envJobs(wf: WorkflowFlow): { name: string; environment?: string }[] {
    return wf.jobs.flatMap((j) => (j.environments.length ? j.environments.map((e) => ({ name: j.environments.length > 1 ? `${j.name} (${e})` : j.name, environment: e })) : [{ name: j.name }]));
  }

  private addRun(wf: WorkflowFlow, commit: HistoryCommit, outcome: 'succeed' | 'fail-last' | 'wait-last'): void {
    const start = Date.parse(commit.committerDate) + MIN;
    const run: FakeRun = { id: this.id(), runNumber: this.runs.length + 1, attempt: 1, workflow: wf, commit, branch: 'main', status: 'completed', conclusion: 'success', createdAt: iso(start), updatedAt: iso(start), jobs: [] };
    const order = wf.flow.steps.map((s) => s.environment);
    let t = start;
    for (const j of this.envJobs(wf)) {
      t += 3 * MIN;
      const last = j.environment !== undefined && j.environment === order[order.length - 1];
      const job: FakeJob = { id: this.id(), name: j.name, environment: j.environment, status: 'completed', conclusion: 'success', startedAt: iso(t - 2 * MIN), completedAt: iso(t) };
      run.jobs.push(job);
      if (!j.environment) continue;
      const dep: FakeDeployment = { id: this.id(), sha: commit.sha, ref: 'main', environment: j.environment, creator: 'github-actions', createdAt: iso(t - 2 * MIN), updatedAt: iso(t), statuses: [], runId: run.id, jobId: job.id };
      if (last && outcome === 'wait-last') {
        job.status = 'waiting';
        job.conclusion = null;
        job.completedAt = null;
        dep.statuses.push({ state: 'waiting', createdAt: iso(t - 2 * MIN), description: 'Waiting for review' });
        run.status = 'waiting';
        run.conclusion = null;
      } else if (last && outcome === 'fail-last') {
        job.conclusion = 'failure';
        dep.statuses.push({ state: 'in_progress', createdAt: iso(t - 2 * MIN), description: '' }, { state: 'failure', createdAt: iso(t), description: 'Deployment failed' });
        run.conclusion = 'failure';
      } else {
        dep.statuses.push({ state: 'in_progress', createdAt: iso(t - 2 * MIN), description: '' }, { state: 'success', createdAt: iso(t), description: '' });
      }
      this.deployments.push(dep);
    }
    run.updatedAt = iso(t);
    this.runs.push(run);
  }

  run(id: number): FakeRun | undefined {
    return this.runs.find((r) => r.id === id);
  }

  private touch(run: FakeRun): string {
    const now = iso(Math.max(Date.now(), Date.parse(run.updatedAt) + 1000));
    run.updatedAt = now;
    return now;
  }

  private latestDeployment(run: FakeRun, env: string): FakeDeployment | undefined {
    return this.deployments.filter((d) => d.runId === run.id && d.environment === env).pop();
  }

  /** Approve or reject the run's deployments waiting in these environments. */
  review(run: FakeRun, environmentIds: number[], state: 'approved' | 'rejected'): object[] {
    const now = this.touch(run);
    const out: object[] = [];
    for (const envId of environmentIds) {
      const env = this.environments.find((e) => e.id === envId);
      const job = env && run.jobs.find((j) => j.environment === env.name && j.status === 'waiting');
      const dep = env && this.latestDeployment(run, env.name);
      if (!env || !job || !dep) continue;
      job.status = 'completed';
      job.conclusion = state === 'approved' ? 'success' : 'failure';
      job.completedAt = now;
      dep.statuses.push(state === 'approved' ? { state: 'success', createdAt: now, description: 'Approved and deployed' } : { state: 'failure', createdAt: now, description: 'Rejected' });
      dep.updatedAt = now;
      out.push(this.deploymentJson(dep));
    }
    if (!run.jobs.some((j) => j.status === 'waiting')) {
      run.status = 'completed';
      run.conclusion = run.jobs.some((j) => j.conclusion === 'failure') ? 'failure' : 'success';
    }
    return out;
  }

  /** A new attempt of the failed jobs, which this time succeed. */
  rerunFailed(run: FakeRun): void {
    const now = this.touch(run);
    run.attempt++;
    run.jobs = run.jobs.map((j) => {
      if (j.conclusion !== 'failure' && j.conclusion !== 'cancelled') return j;
      const job: FakeJob = { ...j, id: this.id(), status: 'completed', conclusion: 'success', startedAt: now, completedAt: now };
      if (j.environment)
        this.deployments.push({ id: this.id(), sha: run.commit.sha, ref: run.branch, environment: j.environment, creator: 'github-actions', createdAt: now, updatedAt: now, runId: run.id, jobId: job.id, statuses: [
          { state: 'success', createdAt: now, description: '' },
        ] });
      return job;
    });
    run.status = 'completed';
    run.conclusion = 'success';
  }

  cancel(run: FakeRun): void {
    const now = this.touch(run);
    for (const j of run.jobs) {
      if (j.status === 'completed') continue;
      j.status = 'completed';
      j.conclusion = 'cancelled';
      j.completedAt = now;
      const dep = j.environment ? this.latestDeployment(run, j.environment) : undefined;
      if (dep) {
        dep.statuses.push({ state: 'error', createdAt: now, description: 'The run was cancelled' });
        dep.updatedAt = now;
      }
    }
    run.status = 'completed';
    run.conclusion = 'cancelled';
  }

  // ----- REST shapes (https://docs.github.com/en/rest)

  private urls(path: string, names: string[]): Record<string, string> {
    return Object.fromEntries(names.map((n) => [n, `${this.api()}${path}/${n.replace(/_url$/, '')}`]));
  }

  private userJson(login: string, type: 'User' | 'Bot' = 'User'): Record<string, unknown> {
    return {
      login,
      id: login.length * 1000 + 7,
      node_id: `U_${login}`,
      avatar_url: `${this.web()}/avatars/${login}`,
      gravatar_id: '',
      url: `${this.api()}/users/${login}`,
      html_url: `${this.web()}/${login}`,
      ...this.urls(`/users/${login}`, ['followers_url', 'following_url', 'gists_url', 'starred_url', 'subscriptions_url', 'organizations_url', 'repos_url', 'events_url', 'received_events_url']),
      type,
      site_admin: false,
    };
  }

  user(): object {
    return {
      ...this.userJson('octo-demo'),
      user_view_type: 'public',
      name: 'Demo User',
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 1,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: '2020-01-01T00:00:00Z',
      updated_at: '2020-01-01T00:00:00Z',
    };
  }

  private minimalRepoJson(): Record<string, unknown> {
    const path = `/repos/${this.repository}`;
    return {
      id: 4242,
      node_id: 'R_demo',
      name: this.name,
      full_name: this.repository,
      owner: this.userJson(this.owner),
      private: true,
      html_url: `${this.web()}/${this.repository}`,
      description: 'Made-up repository of the GitHub test engine',
      fork: false,
      url: `${this.api()}${path}`,
      ...this.urls(path, [
        'archive_url', 'assignees_url', 'blobs_url', 'branches_url', 'collaborators_url', 'comments_url', 'commits_url', 'compare_url', 'contents_url',
        'contributors_url', 'deployments_url', 'downloads_url', 'events_url', 'forks_url', 'git_commits_url', 'git_refs_url', 'git_tags_url', 'hooks_url',
        'issue_comment_url', 'issue_events_url', 'issues_url', 'keys_url', 'labels_url', 'languages_url', 'merges_url', 'milestones_url', 'notifications_url',
        'pulls_url', 'releases_url', 'stargazers_url', 'statuses_url', 'subscribers_url', 'subscription_url', 'tags_url', 'teams_url', 'trees_url',
      ]),
    };
  }

  repositoryJson(): object {
    return {
      ...this.minimalRepoJson(),
      clone_url: `${this.web()}/${this.repository}.git`,
      git_url: `git://example.invalid/${this.repository}.git`,
      ssh_url: `git@example.invalid:${this.repository}.git`,
      svn_url: `${this.web()}/${this.repository}`,
      mirror_url: null,
      homepage: null,
      language: 'TypeScript',
      default_branch: 'main',
      forks: 0,
      forks_count: 0,
      stargazers_count: 0,
      watchers: 0,
      watchers_count: 0,
      size: 100,
      open_issues: 0,
      open_issues_count: 0,
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      has_pages: false,
      has_discussions: false,
      archived: false,
      disabled: false,
      license: null,
      pushed_at: this.runs.at(-1)?.createdAt ?? '2020-01-01T00:00:00Z',
      created_at: '2020-01-01T00:00:00Z',
      updated_at: '2020-01-01T00:00:00Z',
      network_count: 0,
      subscribers_count: 0,
      permissions: { admin: false, maintain: false, push: this.canWrite, triage: true, pull: true },
    };
  }

  environmentsJson(): object[] {
    return this.environments.map((e) => ({
      id: e.id,
      node_id: `EN_${e.id}`,
      name: e.name,
      url: `${this.api()}/repos/${this.repository}/environments/${e.name}`,
      html_url: `${this.web()}/${this.repository}/deployments/activity_log?environments_filter=${e.name}`,
      created_at: '2020-01-01T00:00:00Z',
      updated_at: '2020-01-01T00:00:00Z',
      protection_rules: e.reviewers.length
        ? [{ id: e.id + 1, node_id: `GA_${e.id}`, type: 'required_reviewers', prevent_self_review: false, reviewers: e.reviewers.map((r) => ({ type: 'User', reviewer: this.userJson(r) })) }]
        : [],
      deployment_branch_policy: null,
    }));
  }

  private logUrl(d: FakeDeployment): string {
    return d.runId !== undefined ? `${this.web()}/${this.repository}/actions/runs/${d.runId}/job/${d.jobId}` : '';
  }

  deploymentJson(d: FakeDeployment): object {
    return {
      url: `${this.api()}/repos/${this.repository}/deployments/${d.id}`,
      id: d.id,
      node_id: `DE_${d.id}`,
      sha: d.sha,
      ref: d.ref,
      task: 'deploy',
      payload: {},
      original_environment: d.environment,
      environment: d.environment,
      description: null,
      creator: this.userJson(d.creator, d.creator === 'github-actions' ? 'Bot' : 'User'),
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      statuses_url: `${this.api()}/repos/${this.repository}/deployments/${d.id}/statuses`,
      repository_url: `${this.api()}/repos/${this.repository}`,
      transient_environment: false,
      production_environment: d.environment === 'production',
    };
  }

  /** Newest first, as GitHub lists them. */
  deploymentsJson(perPage: number): object[] {
    return [...this.deployments].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id).slice(0, Math.min(100, perPage)).map((d) => this.deploymentJson(d));
  }

  runJson(run: FakeRun): object {
    const path = `/repos/${this.repository}/actions/runs/${run.id}`;
    const repo = this.minimalRepoJson();
    return {
      id: run.id,
      name: run.workflow.name,
      node_id: `WFR_${run.id}`,
      head_branch: run.branch,
      head_sha: run.commit.sha,
      path: run.workflow.path,
      display_title: run.commit.message.split('\n')[0] ?? '',
      run_number: run.runNumber,
      run_attempt: run.attempt,
      event: 'push',
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: 77,
      url: `${this.api()}${path}`,
      html_url: `${this.web()}/${this.repository}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: run.createdAt,
      updated_at: run.updatedAt,
      run_started_at: run.createdAt,
      actor: this.userJson('octo-demo'),
      triggering_actor: this.userJson('octo-demo'),
      jobs_url: `${this.api()}${path}/jobs`,
      logs_url: `${this.api()}${path}/logs`,
      check_suite_url: `${this.api()}/repos/${this.repository}/check-suites/${run.id}`,
      artifacts_url: `${this.api()}${path}/artifacts`,
      cancel_url: `${this.api()}${path}/cancel`,
      rerun_url: `${this.api()}${path}/rerun`,
      workflow_url: `${this.api()}/repos/${this.repository}/actions/workflows/77`,
      head_commit: {
        id: run.commit.sha,
        tree_id: run.commit.sha,
        message: run.commit.message,
        timestamp: run.commit.committerDate,
        author: { name: run.commit.authorName, email: run.commit.authorEmail },
        committer: { name: run.commit.committerName, email: run.commit.committerEmail },
      },
      repository: repo,
      head_repository: repo,
    };
  }

  /** Newest first. */
  runsJson(perPage: number): object[] {
    return [...this.runs].reverse().slice(0, Math.min(100, perPage)).map((r) => this.runJson(r));
  }

  jobsJson(run: FakeRun): object[] {
    return run.jobs.map((j) => ({
      id: j.id,
      run_id: run.id,
      run_url: `${this.api()}/repos/${this.repository}/actions/runs/${run.id}`,
      run_attempt: run.attempt,
      node_id: `J_${j.id}`,
      head_sha: run.commit.sha,
      url: `${this.api()}/repos/${this.repository}/actions/jobs/${j.id}`,
      html_url: `${this.web()}/${this.repository}/actions/runs/${run.id}/job/${j.id}`,
      status: j.status,
      conclusion: j.conclusion,
      created_at: j.startedAt,
      started_at: j.startedAt,
      completed_at: j.completedAt,
      name: j.name,
      steps: [
        { name: 'Set up job', status: 'completed', conclusion: 'success', number: 1, started_at: j.startedAt, completed_at: j.startedAt },
        { name: j.environment ? `Deploy to ${j.environment}` : 'Run make', status: j.status === 'completed' ? 'completed' : 'queued', conclusion: j.conclusion, number: 2, started_at: j.startedAt, completed_at: j.completedAt },
      ],
      check_run_url: `${this.api()}/repos/${this.repository}/check-runs/${j.id}`,
      labels: ['ubuntu-latest'],
      runner_id: null,
      runner_name: null,
      runner_group_id: null,
      runner_group_name: null,
      workflow_name: run.workflow.name,
      head_branch: run.branch,
    }));
  }

  pendingJson(run: FakeRun): object[] {
    return run.jobs
      .filter((j) => j.status === 'waiting' && j.environment)
      .map((j) => {
        const env = this.environments.find((e) => e.name === j.environment)!;
        return {
          environment: { id: env.id, node_id: `EN_${env.id}`, name: env.name, url: `${this.api()}/repos/${this.repository}/environments/${env.name}`, html_url: `${this.web()}/${this.repository}/deployments` },
          wait_timer: 0,
          wait_timer_started_at: j.startedAt,
          current_user_can_approve: this.canWrite,
          reviewers: env.reviewers.map((r) => ({ type: 'User', reviewer: this.userJson(r) })),
        };
      });
  }

  // ----- GraphQL root (https://docs.github.com/en/graphql/reference), resolved by graphql-js's default resolvers

  private gqlDeployment(d: FakeDeployment): Record<string, unknown> {
    const latest = d.statuses.at(-1);
    const newerSuccess = this.deployments.some((o) => o.environment === d.environment && o.createdAt > d.createdAt && o.statuses.at(-1)?.state === 'success');
    const superseded = latest?.state === 'success' && newerSuccess && d.environment !== 'production';
    const state = d.abandoned ? 'ABANDONED' : latest ? (superseded ? 'INACTIVE' : latest.state === 'success' ? 'ACTIVE' : latest.state.toUpperCase()) : 'PENDING';
    const commit = this.runs.find((r) => r.commit.sha === d.sha)?.commit;
    const run = d.runId !== undefined ? this.run(d.runId) : undefined;
    return {
      databaseId: d.id,
      environment: d.environment,
      latestEnvironment: d.environment,
      originalEnvironment: d.environment,
      state,
      task: 'deploy',
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      commitOid: d.sha,
      ref: { name: d.ref },
      creator: { __typename: d.creator === 'github-actions' ? 'Bot' : 'User', login: d.creator, avatarUrl: `${this.web()}/avatars/${d.creator}` },
      latestStatus: latest
        ? { state: superseded ? 'INACTIVE' : latest.state.toUpperCase(), description: latest.description || null, logUrl: this.logUrl(d) || null, environmentUrl: d.environment === 'production' ? 'https://example.com' : null, createdAt: latest.createdAt }
        : null,
      commit: commit ? { message: commit.message, committedDate: commit.committerDate, author: { name: commit.authorName, email: commit.authorEmail } } : run ? null : null,
    };
  }

  /** `Repository.object(oid:)`: a commit of the history as GraphQL's `Commit`, or null for any other object id (as for one GitHub lacks). */
  private gqlCommit(oid: string): Record<string, unknown> | null {
    const sha = oid.toLowerCase();
    if (!this.commits.has(sha)) return null;
    const prs = this.pullRequests.filter((p) => p.commits.has(sha));
    return {
      __typename: 'Commit',
      oid: sha,
      statusCheckRollup: () => fakeStatusCheckRollup({ runs: this.runs, deployments: this.deployments, repository: this.repository, web: this.web() }, sha),
      associatedPullRequests: (a: { first?: number | null }) => {
        const nodes = prs.slice(0, Math.min(100, a.first ?? 100)).map((p) => ({
          number: p.number,
          title: p.title,
          url: `${this.web()}/${this.repository}/pull/${p.number}`,
          state: 'MERGED',
          merged: true,
          mergedAt: p.mergedAt,
          author: { __typename: 'User', login: p.author },
          baseRefName: 'main',
        }));
        return { totalCount: prs.length, nodes, pageInfo: { hasNextPage: nodes.length < prs.length, hasPreviousPage: false, endCursor: null, startCursor: null } };
      },
    };
  }

  graphqlRoot(): Record<string, unknown> {
    const connection = <T>(items: T[], args: { first?: number | null; after?: string | null }): Record<string, unknown> => {
      const start = args.after ? Number(Buffer.from(args.after, 'base64').toString('utf8').replace('cursor:', '')) + 1 : 0;
      const first = Math.min(100, args.first ?? 100);
      const slice = items.slice(start, start + first);
      const cursor = (i: number): string => Buffer.from(`cursor:${i}`).toString('base64');
      return {
        totalCount: items.length,
        nodes: slice,
        edges: slice.map((node, i) => ({ node, cursor: cursor(start + i) })),
        pageInfo: { hasNextPage: start + first < items.length, hasPreviousPage: start > 0, endCursor: slice.length ? cursor(start + slice.length - 1) : null, startCursor: slice.length ? cursor(start) : null },
      };
    };
    return {
      rateLimit: { cost: 1, limit: 5000, remaining: 4999, used: 1, nodeCount: 100, resetAt: new Date(Date.now() + 3600_000).toISOString() },
      repository: (args: { owner: string; name: string }) => {
        if (`${args.owner}/${args.name}` !== this.repository) return null;
        return {
          nameWithOwner: this.repository,
          deployments: (a: { first?: number; after?: string; orderBy?: { direction?: string } }) => {
            const asc = [...this.deployments].sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id - y.id);
            return connection((a.orderBy?.direction === 'DESC' ? asc.reverse() : asc).map((d) => this.gqlDeployment(d)), a);
          },
          object: (a: { oid?: string | null; expression?: string | null }) => (a.oid ? this.gqlCommit(a.oid) : null),
          environments: (a: { first?: number; after?: string }) =>
            connection(
              // The flow's environments pinned in flow order, as a team would pin them on the repository page.
              [...this.environments].sort((x, y) => x.name.localeCompare(y.name)).map((e) => {
                const pin = this.flowOrder.indexOf(e.name);
                return { name: e.name, databaseId: e.id, isPinned: pin >= 0, pinnedPosition: pin >= 0 ? pin + 1 : null };
              }),
              a,
            ),
        };
      },
    };
  }
}

// The GitHub backend against a server that sends far more than it was asked for: no crash, at most the page asked is
// read, a bounded number of requests per refresh (a few at once), a notice that says what was left out, and a
// cancelled call that ends as cancelled.

import { strict as assert } from 'node:assert';
import { GitHubBackend } from '../../../../src/backends/github/backend';
import { groupReleases } from '../../../../src/backends/github/mapping';
import { pullRequestsOfCommits } from '../../../../src/backends/github/pulls';
import type { GqlDeployment, Run } from '../../../../src/backends/github/schemas';
import { isBackendError } from '../../../../src/backends/types';
import { deploymentNode, HOSTILE_TOKEN, type HostileGitHub, runJson, startHostileGitHub } from './hostile';

describe('GitHub backend: answers larger than asked, and work bounded per refresh', function () {
  this.timeout(60_000);
  let server: HostileGitHub;
  let backend: GitHubBackend;

  beforeEach(async () => {
    server = await startHostileGitHub();
    backend = new GitHubBackend({ apiUrl: server.apiUrl, token: HOSTILE_TOKEN, repositories: () => ['o/r'], retryAfterUnitMs: 10 });
  });
  afterEach(async () => {
    await backend.dispose();
    await server.close();
  });

  it('200,000 unreadable workflow runs where 100 were asked: no stack overflow, only the page is read, and a warning says so', async () => {
    server.set({ runs: Array.from({ length: 200_000 }, (_, i) => ({ id: `not a number ${i}` })) });
    const page = await backend.listReleases('o/r', { pageSize: 100 });
    assert.equal(page.skipped?.count, 100, 'the unreadable runs counted are those of the page asked');
    assert.ok(page.warnings?.some((w) => /200,000 workflow runs/.test(w) && /100/.test(w)), JSON.stringify(page.warnings));
  });

  it('200,000 unreadable deployments where 50 were asked: no stack overflow, only the page is read, and a warning says so', async () => {
    server.set({ deployments: Array.from({ length: 200_000 }, () => ({ databaseId: 'x' })) });
    const page = await backend.listReleases('o/r', { pageSize: 50 });
    assert.equal(page.skipped?.count, 50);
    assert.ok(page.warnings?.some((w) => /200,000 deployments/.test(w) && /50/.test(w)), JSON.stringify(page.warnings));
  });

  it('20,000 readable deployments and runs where 100 were asked: at most 100 releases', async () => {
    server.set({
      runs: Array.from({ length: 20_000 }, (_, i) => runJson(1_000_000 + i)),
      deployments: Array.from({ length: 20_000 }, (_, i) => deploymentNode(i + 1, 1_000_000 + i)),
    });
    const page = await backend.listReleases('o/r', { pageSize: 100 });
    assert.ok(page.releases.length <= 100, `${page.releases.length} releases`);
    assert.ok(page.releases.length > 0);
  });

  it('a partial answer with 200,000 GraphQL errors: at most 20 of them become warnings', async () => {
    server.set({ deploymentErrors: Array.from({ length: 200_000 }, (_, i) => ({ message: `error ${i}`, path: ['repository'] })) });
    const page = await backend.listReleases('o/r');
    assert.ok((page.warnings?.length ?? 0) <= 25, `${page.warnings?.length} warnings`);
    assert.ok(page.warnings?.includes('error 0'), JSON.stringify(page.warnings?.slice(0, 3)));
  });

  it('a run with 200,000 jobs: its detail reads no more than the jobs cap (11 pages), keeps it and says there were more', async () => {
    server.set({
      runs: [runJson(7)],
      deployments: [deploymentNode(1, 7)],
      jobs: Array.from({ length: 200_000 }, (_, i) => ({ id: i + 1, run_id: 7, name: `job ${i}`, status: 'completed', conclusion: 'failure', html_url: null, started_at: null, completed_at: null })),
    });
    const page = await backend.listReleases('o/r');
    const detail = await backend.getRelease(page.releases[0]!.id);
    const staging = detail.steps.find((s) => s.environment === 'staging')!;
    const issues = detail.steps.flatMap((s) => s.issues);
    assert.ok(issues.length <= 1_001, `${issues.length} issues`);
    assert.ok(issues.some((i) => /more than 1,000 jobs/.test(i.message) && /first 1,000/.test(i.message)), issues.slice(-2).map((i) => i.message).join('\n'));
    assert.ok(staging.preWorkflows.length <= 1_000);
  });

  it('100 deployments naming older runs: at most 20 runs read per refresh, at most 4 at once, and a warning names the rest', async () => {
    server.set({
      deployments: Array.from({ length: 100 }, (_, i) => deploymentNode(i + 1, 500 + i)),
      run: (id) => runJson(id),
      runDelayMs: 20,
    });
    const page = await backend.listReleases('o/r', { pageSize: 100 });
    assert.equal(server.runReads.total, 20);
    assert.ok(server.runReads.most <= 4, `${server.runReads.most} at once`);
    assert.ok(server.runReads.most > 1, 'the reads overlap');
    assert.ok(page.warnings?.some((w) => /80 older workflow runs/.test(w)), JSON.stringify(page.warnings));
    // The next refresh reads the next ones.
    await backend.listReleases('o/r', { pageSize: 100 });
    assert.equal(server.runReads.total, 40);
  });

  it('a call cancelled while an older run is read ends as cancelled, not as a page without that run', async () => {
    const ac = new AbortController();
    server.set({ deployments: [deploymentNode(1, 42)], run: (id) => runJson(id), runDelayMs: 200, onRunRead: () => ac.abort() });
    const outcome = await backend.listReleases('o/r', { signal: ac.signal }).then(
      (p) => `a page of ${p.releases.length}`,
      (e: unknown) => e,
    );
    assert.ok(isBackendError(outcome) && outcome.kind === 'cancelled', String(outcome));
  });

  it('a commit with 200,000 unreadable pull requests where 5 were asked: no stack overflow, the few asked are reported', async () => {
    const sha = 'a'.repeat(40);
    server.set({ pulls: { data: { rateLimit: { cost: 1 }, repository: { c0: { associatedPullRequests: { nodes: Array.from({ length: 200_000 }, () => ({ number: 'x' })) } } } } } });
    const answer = await pullRequestsOfCommits(backend.http, { owner: 'o', name: 'r' }, [sha]);
    assert.deepEqual(answer.pullRequests, []);
    assert.equal(answer.skipped?.count, 5);
  });

  it('grouping 40,000 deployments of one run is linear (not one array copy per deployment)', () => {
    const run = runJson(9) as unknown as Run;
    const deployments = Array.from({ length: 40_000 }, (_, i) => deploymentNode(i + 1, 9, `env-${i % 5}`) as unknown as GqlDeployment);
    const started = performance.now();
    const releases = groupReleases({ repo: 'o/r', webUrl: 'https://github.example', deployments, runs: [run], workflows: [], pending: new Map(), canWrite: false, dependsOn: () => [] });
    const ms = performance.now() - started;
    assert.equal(releases.length, 1);
    assert.equal(releases[0]!.environments.length, 5);
    assert.ok(ms < 1_500, `took ${Math.round(ms)} ms`);
  });
});

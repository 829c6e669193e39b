// The GitHub backend against the test engine (GitHub's GraphQL schema executed, every REST answer checked against
// GitHub's REST description): what a first load and an unchanged refresh cost, the actions, and every fault.

import { strict as assert } from 'node:assert';
import { type GitHubBackend } from '../../../../src/backends/github/backend';
import type { FakeGitHub, FakeGitHubOptions } from '../../../../src/fakes/github/server';
import { isBackendError } from '../../../../src/backends/types';
import { removeRepo } from '../demo/helpers';
import { type EngineBackend, repoWithDeployWorkflow, startEngineBackend } from './helpers';


describe('GitHub backend on the test engine', function () {
  this.timeout(60_000);
  let repo: string;
  let fake: FakeGitHub;
  let backend: GitHubBackend;

  before(() => {
    repo = repoWithDeployWorkflow();
  });
  after(() => removeRepo(repo));

  let engine: EngineBackend | undefined;
  async function start(options: Partial<FakeGitHubOptions> = {}): Promise<void> {
    engine = await startEngineBackend(repo, options);
    ({ fake, backend } = engine);
  }
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it('lists the repository with its environments and the flow from the workflow file, and its releases newest first', async () => {
    await start();
    assert.equal((await backend.whoAmI()).user, 'octo-demo');
    const [product] = await backend.listProducts();
    assert.equal(product!.name, 'local/shop');
    assert.equal(product!.flowSource, 'workflow-files');
    assert.deepEqual(product!.flows[0]!.steps, [
      { environment: 'staging', dependsOn: [] },
      { environment: 'production', dependsOn: ['staging'] },
    ]);
    assert.equal(product!.environments.find((e) => e.name === 'production')!.kind, 'PROD');
    const page = await backend.listReleases('local/shop');
    const times = page.releases.map((r) => Date.parse(r.createdAt));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const newest = page.releases[0]!;
    assert.equal(newest.status, 'SUSPENDED');
    assert.deepEqual(newest.environments.map((e) => [e.name, e.status]), [['staging', 'SUCCEEDED'], ['production', 'SUSPENDED']]);
    assert.ok(page.releases.some((r) => r.source.kind === 'deployment' && r.environments[0]!.name === 'preview'));
    assert.ok(page.releases.some((r) => r.status === 'FAILED'));
    const detail = await backend.getRelease(newest.id);
    const prod = detail.steps.find((s) => s.environment === 'production')!;
    assert.deepEqual(prod.preWorkflows.map((w) => w.name), ['production']);
    assert.match(prod.issues[0]!.message, /Waiting for review by @release-captain/);
    assert.deepEqual(detail.steps.find((s) => s.environment === 'staging')!.preWorkflows.map((w) => w.name), ['build', 'staging']);
  });

  it('an unchanged refresh costs only 304s and no rate-limit point', async () => {
    await start();
    await backend.listProducts();
    await backend.listReleases('local/shop');
    const first = { ...backend.stats };
    const mark = fake.log.length;
    await backend.listProducts();
    const again = await backend.listReleases('local/shop');
    const refresh = fake.log.slice(mark);
    assert.ok(refresh.length > 0);
    assert.ok(refresh.every((l) => l.endsWith('-> 304')), refresh.join('\n'));
    assert.equal(backend.stats.points, first.points);
    assert.equal(again.releases.length > 0, true);
  });

  it('approves a waiting deployment, re-runs failed jobs and cancels a running run; the next refresh shows it', async () => {
    await start();
    let page = await backend.listReleases('local/shop');
    const waiting = page.releases[0]!;
    const approved = await backend.act({ action: 'approve', releaseId: waiting.id, productName: 'local/shop', environment: 'production' });
    assert.match(approved.message, /^Approved the deployment of Deploy #\d+ to production$/);
    page = await backend.listReleases('local/shop');
    assert.equal(page.releases.find((r) => r.id === waiting.id)!.status, 'SUCCEEDED');
    const failed = page.releases.find((r) => r.status === 'FAILED')!;
    assert.deepEqual(failed.environments.find((e) => e.name === 'production')!.actions, ['retry']);
    await backend.act({ action: 'retry', releaseId: failed.id, productName: 'local/shop', environment: 'production' });
    page = await backend.listReleases('local/shop');
    assert.equal(page.releases.find((r) => r.id === failed.id)!.status, 'SUCCEEDED');
    // Cancel: a run still deploying to production.
    const run = fake.store.runs.at(-1)!;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    Object.assign(run, { status: 'in_progress', conclusion: null, updatedAt: now });
    Object.assign(run.jobs.find((j) => j.environment === 'production')!, { status: 'in_progress', conclusion: null, completedAt: null });
    const deployment = fake.store.deployments.filter((d) => d.runId === run.id && d.environment === 'production').at(-1)!;
    deployment.statuses.push({ state: 'in_progress', createdAt: now, description: '' });
    deployment.updatedAt = now;
    page = await backend.listReleases('local/shop');
    const running = page.releases.find((r) => r.id.endsWith(`/runs/${run.id}`))!;
    assert.ok(running.environments.some((e) => e.actions?.includes('abort')));
    const env = running.environments.find((e) => e.actions?.includes('abort'))!.name;
    await backend.act({ action: 'abort', releaseId: running.id, productName: 'local/shop', environment: env });
    page = await backend.listReleases('local/shop');
    assert.equal(page.releases.find((r) => r.id === running.id)!.status, 'TERMINATED');
  });

  it('offers no action without write access, and says what a token without the repo scope blocks', async () => {
    await start({ canWrite: false, scopes: ['repo_deployment'] });
    await backend.listProducts();
    const page = await backend.listReleases('local/shop');
    assert.ok(page.releases.every((r) => r.environments.every((e) => !e.actions)));
    assert.ok(page.warnings?.some((w) => /no "repo" scope/.test(w) && /re-run or cancelled/.test(w)));
  });

  it('401: an auth error that says to sign in again, never the token', async () => {
    await start();
    fake.setFaults([{ kind: '401' }]);
    const e = await backend.whoAmI().then(() => undefined, (x: unknown) => x);
    assert.ok(isBackendError(e) && e.kind === 'auth', String(e));
    assert.match(e.message, /rejected the token.*Sign in again/);
    assert.ok(!e.message.includes(fake.token));
  });

  it('403 secondary rate limit: waits for retry-after, then succeeds', async () => {
    await start();
    fake.setFaults([{ kind: 'secondary-rate-limit', retryAfterSeconds: 2, times: 1, path: '/user' }]);
    assert.equal((await backend.whoAmI()).user, 'octo-demo');
    assert.deepEqual(fake.log.filter((l) => l.startsWith('GET /api/v3/user')), ['GET /api/v3/user -> 403', 'GET /api/v3/user -> 200']);
  });

  it('403 secondary rate limit that does not end: a rate-limit error', async () => {
    await start();
    fake.setFaults([{ kind: 'secondary-rate-limit', retryAfterSeconds: 1, path: '/user' }]);
    const e = await backend.whoAmI().then(() => undefined, (x: unknown) => x);
    assert.ok(isBackendError(e) && e.kind === 'rate-limit', String(e));
  });

  it('502 once is retried; 502 every time is an http error naming the status', async () => {
    await start();
    fake.setFaults([{ kind: '502', times: 1, path: '/user' }]);
    assert.equal((await backend.whoAmI()).user, 'octo-demo');
    fake.setFaults([{ kind: '502', path: '/user' }]);
    const e = await backend.whoAmI().then(() => undefined, (x: unknown) => x);
    assert.ok(isBackendError(e) && e.kind === 'http' && e.details?.status === 502, String(e));
  });

  it('a slow answer still arrives, and an aborted call ends as cancelled', async () => {
    await start();
    fake.setFaults([{ kind: 'slow', ms: 300 }]);
    assert.equal((await backend.whoAmI()).user, 'octo-demo');
    const ac = new AbortController();
    const p = backend.whoAmI(ac.signal);
    ac.abort();
    const e = await p.then(() => undefined, (x: unknown) => x);
    assert.ok(isBackendError(e) && e.kind === 'cancelled', String(e));
  });

  it('the engine fails a query that GitHub\'s schema rejects', async () => {
    await start();
    const e = await backend.http.graphql('{ repository(owner: "local", name: "shop") { noSuchField } }', {}).then(() => undefined, (x: unknown) => x);
    assert.ok(isBackendError(e) && e.kind === 'graphql' && /noSuchField/.test(e.message), String(e));
  });
});

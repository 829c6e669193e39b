import * as assert from 'node:assert/strict';
import { KargoBackend } from '../../../../src/backends/kargo/backend';
import { FAKE_ROUTES, type FakeKargo, startFakeKargo } from '../../../../src/fakes/kargo/server';
import { isBackendError } from '../../../../src/backends/types';
import { lifelikeMessages, makeRepo, removeRepo, repoShas } from '../demo/helpers';
import { checkRequest, checkResponse, operations } from './contract';

/** Re-check `ready` until it holds (each check is cheap), bounded by the test's own timeout. */
async function until(ready: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const started = Date.now();
  while (!(await ready())) {
    if (Date.now() - started > 15_000) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('Kargo backend against the fake Kargo server', function () {
  let repo: string;
  let fake: FakeKargo;
  const backends: KargoBackend[] = [];
  const make = (extra: Partial<ConstructorParameters<typeof KargoBackend>[0]> = {}): KargoBackend => {
    const b = new KargoBackend({ baseUrl: fake.url, token: fake.token, watch: false, retries: 0, watchBackoff: { baseMs: 5, maxMs: 20 }, ...extra });
    backends.push(b);
    return b;
  };

  before(() => {
    repo = makeRepo(lifelikeMessages(60), 'shop');
  });
  after(() => removeRepo(repo));
  beforeEach(async () => {
    fake = await startFakeKargo({ repoPath: repo, check: checkResponse, checkRequest, freightCount: 16 });
  });
  afterEach(async () => {
    for (const b of backends.splice(0)) await b.dispose();
    const violations = [...fake.violations];
    await fake.close();
    assert.deepEqual(violations, [], 'the fake answered something Kargo could not, or the client asked something Kargo does not take');
  });

  it('answers only on routes of the API description, with their method', () => {
    for (const r of FAKE_ROUTES) {
      const op = operations.get(r.operationId);
      assert.ok(op, `${r.operationId} is not in swagger.json`);
      assert.equal(op.method, r.method, r.operationId);
      assert.equal(op.path, r.path, r.operationId);
    }
  });

  it('releases are Freight carrying the repository\'s real commits, linked exactly or by image revision', async () => {
    const b = make();
    const shas = new Set(repoShas(repo));
    const [product] = await b.listProducts();
    assert.equal(product?.name, 'kargo-demo');
    assert.deepEqual(product?.environments.map((e) => [e.name, e.kind]), [
      ['dev', 'NON_PROD'],
      ['qa', 'NON_PROD'],
      ['staging', 'NON_PROD'],
      ['prod', 'PROD'],
    ]);
    const page = await b.listReleases('kargo-demo');
    assert.equal(page.releases.length, 16);
    const links = new Set<string>();
    for (const r of page.releases) {
      assert.ok(r.triggerCommit && shas.has(r.triggerCommit.sha), `${r.version}: its commit is one of the repository's`);
      links.add(r.triggerCommit.link);
      assert.equal(r.source.backend, 'kargo');
    }
    assert.deepEqual([...links].sort(), ['exact-sha', 'image-revision']);
    // Newest first, and the newest is on its way into dev.
    const created = page.releases.map((r) => r.createdAt);
    assert.deepEqual(created, [...created].sort().reverse());
    assert.equal(page.releases[0]?.environments.find((e) => e.name === 'dev')?.status, 'RUNNING');
    const statuses = new Set(page.releases.flatMap((r) => r.environments.map((e) => e.status)));
    for (const s of ['RUNNING', 'SUSPENDED', 'FAILED', 'TERMINATED', 'SUCCEEDED', 'PENDING']) assert.ok(statuses.has(s), `some Stage is ${s}`);
  });

  it('a release in detail has the Promotion steps and verification runs; its notes the commit, image and chart', async () => {
    const b = make();
    const page = await b.listReleases('kargo-demo');
    const suspended = page.releases.find((r) => r.environments.some((e) => e.status === 'SUSPENDED'));
    assert.ok(suspended);
    const d = await b.getRelease(suspended.id);
    const prod = d.steps.find((s) => s.environment === 'prod');
    assert.deepEqual(prod?.preWorkflows.map((w) => [w.templateName, w.status]), [
      ['git-clone', 'Succeeded'],
      ['kustomize-set-image', 'Succeeded'],
      ['git-open-pr', 'Succeeded'],
      ['wait-for-approval', 'Running'],
      ['argocd-update', 'Pending'],
    ]);
    assert.deepEqual(d.steps.find((s) => s.environment === 'staging')?.postWorkflows.map((w) => w.status), ['Succeeded']);
    assert.ok(d.steps.find((s) => s.environment === 'qa')?.issues.some((i) => /protected branch/.test(i.message)), 'the failed promotion says why');
    const exact = page.releases.find((r) => r.triggerCommit?.link === 'exact-sha');
    assert.ok(exact);
    const notes = await b.getReleaseNotes(exact.id);
    assert.equal(notes.commits[0]?.sha, exact.triggerCommit?.sha);
    assert.match(notes.images[0]?.image ?? '', /^ghcr\.io\/example\/shop:v[\d.]+@sha256:[0-9a-f]{64}$/);
    assert.equal(notes.images[0]?.commit?.sha, exact.triggerCommit?.sha);
    assert.equal(notes.charts?.[0]?.name, 'app');
    // A Freight with only an image: no commit of its own, the image names its source revision.
    const imageOnly = page.releases.find((r) => r.triggerCommit?.link === 'image-revision');
    assert.ok(imageOnly);
    const imageNotes = await b.getReleaseNotes(imageOnly.id);
    assert.deepEqual(imageNotes.commits, []);
    assert.deepEqual([imageNotes.images[0]?.commit?.sha, imageNotes.images[0]?.commit?.link], [imageOnly.triggerCommit?.sha, 'image-revision']);
  });

  it('promote, approve, abort and verify change what the next listing shows', async () => {
    const b = make();
    const env = async (id: string, stage: string) => (await b.listReleases('kargo-demo')).releases.find((r) => r.id === id)?.environments.find((e) => e.name === stage);
    const releases = (await b.listReleases('kargo-demo')).releases;
    const inDev = releases[1];
    assert.ok(inDev);
    assert.deepEqual((await env(inDev.id, 'qa'))?.actions, ['promote']);
    const promoted = await b.act({ action: 'promote', releaseId: inDev.id, productName: 'kargo-demo', environment: 'qa' });
    assert.match(promoted.message, /^Promoting .+ to qa \(Promotion .+\)\.$/);
    assert.equal((await env(inDev.id, 'qa'))?.status, 'RUNNING');
    assert.deepEqual((await env(inDev.id, 'qa'))?.actions, ['abort']);
    assert.match((await b.act({ action: 'abort', releaseId: inDev.id, productName: 'kargo-demo', environment: 'qa' })).message, /^Aborted the promotion of .+ to qa\.$/);
    assert.equal((await env(inDev.id, 'qa'))?.status, 'TERMINATED');

    assert.deepEqual((await env(inDev.id, 'prod'))?.actions, ['approve']);
    assert.match((await b.act({ action: 'approve', releaseId: inDev.id, productName: 'kargo-demo', environment: 'prod' })).message, /^Approved .+ for prod\.$/);
    assert.deepEqual((await env(inDev.id, 'prod'))?.actions, ['promote']);

    const inProd = releases.find((r) => r.environments.some((e) => e.name === 'prod' && e.active));
    assert.ok(inProd);
    assert.deepEqual((await env(inProd.id, 'prod'))?.actions, ['verify']);
    assert.match((await b.act({ action: 'verify', releaseId: inProd.id, productName: 'kargo-demo', environment: 'prod' })).message, /^Re-running the verification of .+ in prod\.$/);
    assert.equal((await env(inProd.id, 'prod'))?.status, 'RUNNING');
    fake.advance();
    assert.equal((await env(inProd.id, 'prod'))?.status, 'SUCCEEDED');
  });

  describe('faults, said plainly', () => {
    const failure = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        assert.ok(isBackendError(e), String(e));
        assert.ok(!e.message.includes(fake.token), 'the token never shows');
        return e;
      }
      throw new Error('expected a failure');
    };

    it('401: the token was rejected, sign in again', async () => {
      const e = await failure(make({ token: 'wrong-token' }).listProducts());
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /rejected the token \(HTTP 401: unauthorized: invalid token\)\. Sign in to Kargo again/);
    });

    it('403: the role does not allow it, for a read and for an action', async () => {
      fake.setFaults([{ kind: 'status', status: 403, operation: 'ListStages', message: 'stages is forbidden for this role' }]);
      const e = await failure(make().listReleases('kargo-demo'));
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /^Could not list the Stages of kargo-demo: your Kargo role does not allow this \(HTTP 403: stages is forbidden for this role\)\.$/);
      const b = make();
      const r = (await (fake.setFaults([]), b.listReleases('kargo-demo'))).releases[1];
      fake.setFaults([{ kind: 'status', status: 403, operation: 'PromoteToStage', message: 'promote is forbidden' }]);
      const a = await failure(b.act({ action: 'promote', releaseId: r?.id ?? '', productName: 'kargo-demo', environment: 'qa' }));
      assert.match(a.message, /^Could not promote .+ to qa: your Kargo role does not allow this \(HTTP 403: promote is forbidden\)\.$/);
    });

    it('404: a Freight that is gone, a project that does not exist', async () => {
      const b = make();
      const e = await failure(b.getRelease('kargo-demo/0000000000000000000000000000000000000000'));
      assert.equal(e.kind, 'not-found');
      assert.match(e.message, /freight "0+" not found/);
      assert.equal((await failure(make({ project: 'nope' }).listProducts())).kind, 'not-found');
    });

    it('409: a conflict the server reports (a promotion already running) is said as such', async () => {
      const b = make();
      const r = (await b.listReleases('kargo-demo')).releases[2];
      const e = await failure(b.act({ action: 'promote', releaseId: r?.id ?? '', productName: 'kargo-demo', environment: 'dev' }));
      assert.equal(e.details?.status, 409);
      assert.match(e.message, /^Could not promote .+ to dev: Kargo refused because of a conflict \(HTTP 409: a promotion to Stage "dev" is already running\)\.$/);
      fake.setFaults([{ kind: 'status', status: 409, operation: 'ApproveFreight', message: 'the object has been modified' }]);
      const a = await failure(b.act({ action: 'approve', releaseId: r?.id ?? '', productName: 'kargo-demo', environment: 'prod' }));
      assert.match(a.message, /conflict \(HTTP 409: the object has been modified\)/);
    });

    it('slow answers: a timeout that names the server and the limit', async () => {
      fake.setFaults([{ kind: 'slow', ms: 2_000 }]);
      const e = await failure(make({ timeouts: { totalMs: 100 } }).listProducts());
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /^Could not list the Kargo projects: no complete answer from http:\/\/127\.0\.0\.1:\d+ within 100 ms$/);
    });

    it('a 5xx on a read is retried; the answer after it is used', async () => {
      fake.setFaults([{ kind: 'status', status: 500, operation: 'ListProjects', times: 1 }]);
      const [p] = await make({ retries: 1 }).listProducts();
      assert.equal(p?.name, 'kargo-demo');
    });
  });

  describe('live updates', () => {
    const stagesOnServer = () => fake.data.stages.map((s) => `${s.name}@${s.resourceVersion}`).sort();
    const stagesInCopy = (b: KargoBackend) => (b.watchState('kargo-demo')?.stages.snapshot() ?? []).map((s) => `${s.metadata.name}@${s.metadata.resourceVersion}`).sort();
    const promotionsInCopy = (b: KargoBackend) => (b.watchState('kargo-demo')?.promotions.snapshot() ?? []).map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`).sort();
    const promotionsOnServer = () => fake.data.promotions.map((p) => `${p.name}@${p.resourceVersion}`).sort();

    it('streams Stage and Promotion changes; a refresh then costs one Freight query', async () => {
      const b = make({ watch: true });
      let changes = 0;
      b.onDidChange(() => changes++);
      await b.listReleases('kargo-demo');
      await until(() => fake.openStreams === 2 && b.watchState('kargo-demo')?.stages.snapshot() !== undefined && b.watchState('kargo-demo')?.promotions.snapshot() !== undefined, 'both streams open and listed');
      const before = changes;
      fake.advance();
      await until(() => stagesInCopy(b).join() === stagesOnServer().join() && promotionsInCopy(b).join() === promotionsOnServer().join(), 'the copy follows the server');
      assert.ok(changes > before, 'listeners heard of the change');
      const page = await b.listReleases('kargo-demo');
      assert.equal(page.requests, 1);
      assert.equal(b.watchState('kargo-demo')?.stages.mode, 'stream');
    });

    it('a dropped stream reconnects and lists again: changes made while it was down are not lost, none is doubled', async () => {
      const b = make({ watch: true });
      await b.listReleases('kargo-demo');
      await until(() => fake.openStreams === 2 && promotionsInCopy(b).length > 0, 'streams open');
      const w = b.watchState('kargo-demo');
      const connections = (w?.stages.connections ?? 0) + (w?.promotions.connections ?? 0);
      fake.dropStreams();
      // While nobody listens: a promotion starts and others move on.
      const r = (await make().listReleases('kargo-demo')).releases[1];
      await make().act({ action: 'promote', releaseId: r?.id ?? '', productName: 'kargo-demo', environment: 'staging' });
      fake.advance();
      await until(() => (w?.stages.connections ?? 0) + (w?.promotions.connections ?? 0) >= connections + 2 && fake.openStreams === 2, 'both streams back');
      await until(() => stagesInCopy(b).join() === stagesOnServer().join() && promotionsInCopy(b).join() === promotionsOnServer().join(), 'the copy equals the server');
      // No duplicates: one entry per name, as many as the server has.
      assert.equal(new Set(promotionsInCopy(b).map((x) => x.split('@')[0])).size, fake.data.promotions.length);
      const page = await b.listReleases('kargo-demo');
      assert.equal(page.releases.find((x) => x.id === r?.id)?.environments.find((e) => e.name === 'staging')?.status, 'RUNNING');
    });

    it('without event streams (refused) it polls with backoff and still follows changes', async () => {
      fake.setFaults([{ kind: 'no-streams' }]);
      const b = make({ watch: true });
      await b.listReleases('kargo-demo');
      await until(() => b.watchState('kargo-demo')?.stages.mode === 'poll' && (b.watchState('kargo-demo')?.stages.lists ?? 0) > 0, 'polling');
      assert.match(b.watchState('kargo-demo')?.stages.lastError?.message ?? '', /Could not watch the Stages of kargo-demo: not found .*watch is not available here/);
      fake.advance();
      await until(() => stagesInCopy(b).join() === stagesOnServer().join(), 'polling picked the change up');
      // The stream comes back when the server allows it again.
      fake.setFaults([]);
      await until(() => fake.openStreams === 2, 'streams open again');
    });
  });
});

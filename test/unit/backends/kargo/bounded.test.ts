// The Kargo backend against a server that sends far more than anyone would ask for, or odd pieces among good ones:
// no crash, at most a documented number of items kept, a few requests at a time with a notice for what was left out,
// a cancel that ends as cancelled; and its watch streams against streams that end or break at once, send other kinds
// of object, an ERROR event, or thousands of unreadable events.

import * as assert from 'node:assert/strict';
import { KargoBackend } from '../../../../src/backends/kargo/backend';
import { orderStages, stageView } from '../../../../src/backends/kargo/mapping';
import { type KargoStage, stage as stageSchema } from '../../../../src/backends/kargo/schemas';
import { KargoTransport } from '../../../../src/backends/kargo/transport';
import { ResourceWatch } from '../../../../src/backends/kargo/watch';
import type { Logger } from '../../../../src/core/log';
import { isBackendError } from '../../../../src/backends/types';
import { freight, stage } from './builders';
import { freightJson, HOSTILE_KARGO_TOKEN, type HostileKargo, sse, stageJson, startHostileKargo } from './hostile';

/** Re-check `ready` until it holds (each check is cheap), giving up after a few seconds. */
async function until(ready: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!ready()) {
    if (Date.now() - started > 8_000) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

function capturingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string): void => {
    lines.push(m);
  };
  return { lines, debug: () => undefined, info: keep, warn: keep, error: keep };
}

describe('Kargo backend: answers larger than asked, and work bounded per refresh', function () {
  this.timeout(60_000);
  let server: HostileKargo;
  const backends: KargoBackend[] = [];
  const make = (extra: Partial<ConstructorParameters<typeof KargoBackend>[0]> = {}): KargoBackend => {
    const b = new KargoBackend({ baseUrl: server.url, token: HOSTILE_KARGO_TOKEN, watch: false, retries: 0, ...extra });
    backends.push(b);
    return b;
  };
  beforeEach(async () => {
    server = await startHostileKargo();
  });
  afterEach(async () => {
    for (const b of backends.splice(0)) await b.dispose();
    await server.close();
  });

  it('200,000 Freight in one answer: no stack overflow; the newest 1,000 are read, a page holds 50, and a warning says so', async () => {
    server.set({ stages: () => ({ items: [stageJson('dev')] }), freight: { groups: { '': { items: Array.from({ length: 200_000 }, (_, i) => freightJson(i)) } } } });
    const page = await make().listReleases('p');
    assert.equal(page.releases.length, 50);
    assert.equal(page.releases[0]!.releaseName, 'alias-199999', 'the newest Freight first');
    assert.ok(page.warnings?.some((w) => /200,000 Freight/.test(w) && /newest 1,000/.test(w)), JSON.stringify(page.warnings));
    const last = await make().listReleases('p', { after: '950' });
    assert.equal(last.hasMore, false, 'no more than the 1,000 kept');
  });

  it('a Freight group that is not an object: the other groups\' Freight is kept, the bad group reported', async () => {
    server.set({ stages: () => ({ items: [stageJson('dev')] }), freight: { groups: { '': { items: [freightJson(1), freightJson(2)] }, broken: 42 } } });
    const page = await make().listReleases('p');
    assert.deepEqual(page.releases.map((r) => r.releaseName), ['alias-2', 'alias-1']);
    assert.equal(page.skipped?.count, 1);
    assert.match(page.skipped?.reasons[0] ?? '', /groups\["broken"\]/);
  });

  it('200,000 Stages of a project: the first 500 are read, and a warning says so', async () => {
    server.set({ stages: () => ({ items: Array.from({ length: 200_000 }, (_, i) => stageJson(`s${i}`, i ? { from: [`s${i - 1}`] } : {})) }) });
    const b = make();
    const [product] = await b.listProducts();
    assert.equal(product!.environments.length, 500);
    const page = await b.listReleases('p');
    assert.ok(page.warnings?.some((w) => /200,000 Stages of p/.test(w) && /first 500/.test(w)), JSON.stringify(page.warnings));
  });

  it('300 projects: at most 100 Stages lists per refresh, at most 4 at once, and a notice names what was left out', async () => {
    server.set({ projects: { items: Array.from({ length: 300 }, (_, i) => ({ metadata: { name: `p${i}` } })) }, stages: () => ({ items: [stageJson('dev')] }), stagesDelayMs: 10 });
    const b = make();
    const products = await b.listProducts();
    assert.equal(products.length, 100);
    assert.equal(server.stageReads.total, 100);
    assert.ok(server.stageReads.most <= 4 && server.stageReads.most > 1, `${server.stageReads.most} at once`);
    const page = await b.listReleases(products[0]!.name);
    assert.ok(page.warnings?.some((w) => /200 of the 300 Kargo projects/.test(w)), JSON.stringify(page.warnings));
  });

  it('whoAmI cancelled while the version is read ends as cancelled and asks nothing more', async () => {
    const ac = new AbortController();
    server.set({ onVersion: () => ac.abort() });
    const e = await make().whoAmI(ac.signal).then(() => undefined, (x: unknown) => x);
    assert.ok(isBackendError(e) && e.kind === 'cancelled', String(e));
    assert.deepEqual(server.log, ['GET /v1beta1/system/server-version']);
  });

  it('a 200,000-Stage chain is ordered without recursion; a cycle and a dangling source still end', () => {
    const chain: KargoStage[] = Array.from({ length: 200_000 }, (_, i) => stage(`s${String(i).padStart(6, '0')}`, i ? { from: [`s${String(i - 1).padStart(6, '0')}`] } : { direct: true }));
    const ordered = orderStages([...chain].reverse());
    assert.equal(ordered.length, 200_000);
    assert.equal(ordered[0]!.metadata.name, 's000000');
    assert.equal(ordered.at(-1)!.metadata.name, 's199999');
    const odd = orderStages([stage('c', { from: ['b'] }), stage('b', { from: ['a', 'ghost'] }), stage('a', { from: ['b'] }), stage('root', { direct: true }), stage('next', { from: ['root'] })]);
    assert.deepEqual(odd.slice(0, 2).map((s) => s.metadata.name), ['root', 'next']);
    assert.deepEqual(odd.map((s) => s.metadata.name).sort(), ['a', 'b', 'c', 'next', 'root']);
  });

  it('a Stage with 200,000 verification runs of a Freight: no stack overflow', () => {
    const runs = Array.from({ length: 200_000 }, (_, i) => ({ id: `v${i}`, phase: 'Successful', startTime: new Date(Date.UTC(2025, 0, 1) + i).toISOString() }));
    const s = stage('dev', { direct: true, verification: true, history: { freightHistory: [{ items: { app: { name: 'f1' } }, verificationHistory: runs }] } });
    const view = stageView(s, freight('f1', { currentlyIn: ['dev'] }), []);
    assert.equal(view.verifications.length, 200_000);
  });
});

describe('Kargo watch streams against a misbehaving server', function () {
  this.timeout(30_000);
  let server: HostileKargo;
  let transport: KargoTransport;
  let watch: ResourceWatch<KargoStage> | undefined;
  let log: ReturnType<typeof capturingLog>;
  const start = (backoff: { baseMs: number; maxMs: number; healthyMs?: number } = { baseMs: 20, maxMs: 5_000, healthyMs: 10_000 }): ResourceWatch<KargoStage> => {
    watch = new ResourceWatch({ transport, log, path: '/projects/p/stages', schema: stageSchema, kind: 'Stage', what: 'Stages of p', onChange: () => undefined, backoff });
    watch.start();
    return watch;
  };
  const gaps = (): number[] => server.streamOpens.slice(1).map((t, i) => t - server.streamOpens[i]!);

  beforeEach(async () => {
    server = await startHostileKargo();
    server.set({ stages: () => ({ items: [stageJson('a')] }) });
    log = capturingLog();
    transport = new KargoTransport({ baseUrl: server.url, token: HOSTILE_KARGO_TOKEN, log, retries: 0 });
  });
  afterEach(async () => {
    await watch?.stop();
    watch = undefined;
    await transport.close();
    await server.close();
  });

  it('a stream that ends cleanly after one event is reopened on a growing backoff, not at once', async () => {
    server.set({ watch: (res, n) => res.end(sse('MODIFIED', stageJson('a', { resourceVersion: String(n + 1) }))) });
    start();
    await until(() => server.streamOpens.length >= 6, 'six streams');
    // 20, 40, 80, 160, 320 ms between them: the fifth gap waits at least 16 times the first backoff.
    assert.ok(gaps()[4]! >= 300, `gaps ${gaps().map(Math.round).join(', ')} ms`);
  });

  it('a stream cut after one event backs off more each time: the event before the cut does not reset it', async () => {
    server.set({
      watch: (res, n) => {
        res.write(sse('MODIFIED', stageJson('a', { resourceVersion: String(n + 1) })));
        setImmediate(() => res.socket?.destroy());
      },
    });
    start();
    await until(() => server.streamOpens.length >= 6, 'six streams');
    assert.ok(gaps()[4]! >= 300, `gaps ${gaps().map(Math.round).join(', ')} ms`);
  });

  it('a stream that stayed up past the healthy time resets the backoff: the next one opens after the first step', async () => {
    server.set({
      watch: (res, n) => {
        // The first three close at once; the fourth stays up 150 ms (healthy here), then closes.
        if (n === 4) setTimeout(() => res.end(), 150);
        else if (n < 4) res.end();
      },
    });
    // Waits of 100, 200, 400 ms after the quick closes; after the healthy one 100 ms again, not 800.
    start({ baseMs: 100, maxMs: 5_000, healthyMs: 100 });
    await until(() => server.streamOpens.length >= 5, 'five streams');
    const g = gaps();
    assert.ok(g[2]! >= 390, `after three quick closes the wait has grown: ${g.map(Math.round).join(', ')}`);
    assert.ok(g[3]! - 150 < 600, `after a healthy stream the wait starts over: ${g.map(Math.round).join(', ')}`);
  });

  it('a Warehouse on the Stages stream is left out and reported, the Stage after it kept', async () => {
    server.set({
      watch: (res) => {
        res.write(sse('ADDED', { apiVersion: 'kargo.akuity.io/v1alpha1', kind: 'Warehouse', metadata: { name: 'wh', resourceVersion: '5' }, spec: { subscriptions: [] } }));
        res.write(sse('ADDED', { ...stageJson('b', { resourceVersion: '6' }), kind: 'Stage', apiVersion: 'kargo.akuity.io/v1alpha1' }));
      },
    });
    const w = start();
    await until(() => (w.snapshot() ?? []).some((s) => s.metadata.name === 'b'), 'Stage b');
    assert.deepEqual((w.snapshot() ?? []).map((s) => s.metadata.name).sort(), ['a', 'b']);
    assert.equal(w.wrongKindEvents, 1);
    assert.ok(log.lines.some((l) => /Warehouse/.test(l) && /Stages of p/.test(l)), log.lines.join('\n'));
  });

  it('an ERROR event (410 Gone, the resourceVersion expired) lists again', async () => {
    server.set({
      watch: (res, n) => {
        if (n === 1) res.write(sse('ERROR', { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version: 1 (5)' }));
      },
    });
    const w = start();
    await until(() => w.lists >= 2, 'a second list');
    assert.equal(server.log.filter((l) => l === 'GET /v1beta1/projects/p/stages').length, 2);
  });

  it('20,000 unreadable events: counted, the first few and the count logged, not one line each', async () => {
    server.set({
      watch: (res) => {
        res.write(Array.from({ length: 20_000 }, () => sse('ADDED', { metadata: 5 })).join(''));
        res.write(sse('ADDED', stageJson('z', { resourceVersion: '9' })));
      },
    });
    const w = start();
    await until(() => (w.snapshot() ?? []).some((s) => s.metadata.name === 'z'), 'Stage z after them');
    assert.equal(w.unreadableEvents, 20_000);
    const lines = log.lines.filter((l) => /could not be read|unreadable/.test(l));
    assert.ok(lines.length <= 10, `${lines.length} lines`);
    assert.ok(lines.some((l) => /10,000/.test(l)), lines.join('\n'));
  });
});

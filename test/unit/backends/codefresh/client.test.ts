// The Codefresh client against the REAL demo server (graphql-js executing its SDL) over loopback HTTP:
// both API generations, paging across more than 50 releases, incremental refresh, detail and notes, cancellation,
// every injected fault, 401, proxies, and the key never appearing in any log line.

import { strict as assert } from 'node:assert';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';
import {
  apiGenerationFor,
  type CodefreshBackend,
  type CodefreshOptions,
  createCodefreshBackend,
} from '../../../../src/backends/codefresh';
import type { DemoServer } from '../../../../src/fakes/codefresh/server';
import { type BackendError } from '../../../../src/backends/types';
import { isTerminal, releaseStatus } from '../../../../src/core/status';
import { captureLogger, within, failure, useDemoServers } from './helpers';

describe('codefresh client against the demo server', function () {
  this.timeout(20_000);
  const { demo, track } = useDemoServers();

  function client(s: DemoServer, options: Partial<CodefreshOptions> = {}): CodefreshBackend {
    const b = createCodefreshBackend({
      baseUrl: s.url,
      apiKey: s.apiKey,
      id: 'demo',
      serverName: 'Demo server',
      retries: 2,
      backoff: { baseMs: 20, maxMs: 100 },
      timeouts: { connectMs: 2000, totalMs: 5000 },
      ...options,
    });
    return track(b);
  }
  const firstProduct = (s: DemoServer): string => {
    const p = s.data.products[0];
    assert.ok(p);
    return p.name;
  };
  const expectedIds = (s: DemoServer, product: string): string[] => (s.data.releases.get(product) ?? []).map((r) => r.id);

  it('whoAmI and listProducts: the account, products with environments by position and full flows', async () => {
    const s = await demo();
    const b = client(s);
    assert.equal(b.description, `Demo server at ${s.url}`);
    const me = await b.whoAmI();
    assert.equal(me.user, 'Demo User');
    assert.ok(me.account && me.account.length > 0);
    const products = await b.listProducts();
    assert.deepEqual(
      products.map((p) => p.name),
      s.data.products.map((p) => p.name),
    );
    for (const p of products) {
      assert.ok(p.environments.length >= 3, `${p.name} has environments`);
      const positions = p.environments.map((e) => e.position);
      assert.deepEqual(positions, [...positions].sort((a, b2) => a - b2));
      assert.ok(p.flows.length > 0);
      for (const f of p.flows) {
        assert.ok(f.triggerEnvironment, `flow ${f.name} has its definition`);
        assert.ok(f.steps.length > 0);
      }
      assert.equal(p.latestRelease?.id, expectedIds(s, p.name)[0]);
    }
    // A flow that is not a straight line exists (some step depends on more than one environment, or two on one).
    const steps = products.flatMap((p) => p.flows.flatMap((f) => f.steps));
    assert.ok(steps.some((st) => st.dependsOn.length > 1) || new Set(steps.map((st) => st.dependsOn.join())).size < steps.length);
  });

  it('current API: pages across more than 50 releases (first <= 50, following endCursor), both node kinds', async () => {
    const s = await demo({ releasesPerProduct: 120 });
    const b = client(s);
    const product = firstProduct(s);
    const before = s.requests;
    const page = await b.listReleases(product, { limit: 500 });
    assert.equal(page.releases.length, 120);
    assert.deepEqual(
      page.releases.map((r) => r.id),
      expectedIds(s, product),
    );
    assert.equal(page.requests, 3);
    assert.equal(s.requests - before, 3);
    assert.equal(page.hasMore, false);
    assert.equal(page.reachedKnown, false);
    assert.equal(b.apiGeneration, 'promotions');
    assert.equal(apiGenerationFor(s.url), 'promotions');
    const kinds = new Set(page.releases.map((r) => `${r.source.backend}:${r.source.kind}`));
    assert.deepEqual([...kinds].sort(), ['demo:product-release', 'demo:promotion']);
    for (const r of page.releases) {
      assert.equal(r.productName, product);
      assert.match(r.id, /^[0-9a-f]{24}$/);
      assert.match(r.triggerCommit?.sha ?? '', /^[0-9a-f]{40}$/);
      // The list carries the commit's subject, so a release row reads by it before any detail is loaded.
      assert.ok(r.triggerCommit?.message, `${r.id} (${r.source.kind}) has its trigger commit's message`);
      assert.ok(r.environments.length >= 3);
      assert.notEqual(releaseStatus(r.status).kind, 'unknown');
    }
  });

  it('pages one page at a time with after = endCursor ("load more")', async () => {
    const s = await demo({ releasesPerProduct: 70 });
    const b = client(s);
    const product = firstProduct(s);
    const p1 = await b.listReleases(product, { pageSize: 30 });
    assert.equal(p1.releases.length, 30);
    assert.equal(p1.hasMore, true);
    assert.ok(p1.endCursor);
    const p2 = await b.listReleases(product, { pageSize: 50, after: p1.endCursor });
    const p3 = await b.listReleases(product, { pageSize: 50, after: p2.endCursor });
    assert.equal(p2.releases.length, 40);
    assert.equal(p2.hasMore, false);
    assert.equal(p3.releases.length, 0);
    assert.deepEqual([...p1.releases, ...p2.releases].map((r) => r.id), expectedIds(s, product));
    // Page size requests above the cap are capped at 50.
    const big = await b.listReleases(product, { pageSize: 500 });
    assert.equal(big.releases.length, 50);
  });

  it('legacy platform: detects it from the error text, falls back to productReleases, and remembers it per URL', async () => {
    const s = await demo({ legacy: true, releasesPerProduct: 60 });
    const log = captureLogger();
    const b = client(s, { log });
    const product = firstProduct(s);
    const page = await b.listReleases(product, { limit: 100 });
    // One failed `promotions` request plus two pages of the legacy query.
    assert.equal(page.requests, 3);
    assert.equal(page.releases.length, 60);
    assert.deepEqual(
      page.releases.map((r) => r.id),
      expectedIds(s, product),
    );
    assert.equal(apiGenerationFor(s.url), 'productReleases');
    assert.ok(log.lines.some((l) => /older platform .*using the productReleases query/.test(l)), log.lines.join('\n'));
    for (const r of page.releases) {
      assert.deepEqual(r.source, { backend: 'demo', kind: 'product-release' });
      assert.equal(r.productName, product);
      // The legacy query selects the full trigger commit.
      assert.ok(r.triggerCommit?.repoURL && r.triggerCommit.message && r.triggerCommit.date);
    }
    // Remembered: a second client for the same URL goes straight to the legacy query.
    const b2 = client(s);
    const before = s.requests;
    const again = await b2.listReleases(product);
    assert.equal(again.requests, 1);
    assert.equal(s.requests - before, 1);
  });

  it('incremental refresh: unchanged = 1 request per product; a release that moved is picked up', async () => {
    const s = await demo({ releasesPerProduct: 120 });
    const b = client(s);
    const known = new Map<string, Set<string>>();
    for (const p of s.data.products) {
      const page = await b.listReleases(p.name, { limit: 1000 });
      known.set(p.name, new Set(page.releases.filter((r) => isTerminal(releaseStatus(r.status).kind)).map((r) => r.id)));
    }
    const before = s.requests;
    let total = 0;
    for (const p of s.data.products) {
      const page = await b.listReleases(p.name, { knownTerminalIds: known.get(p.name), limit: 1000 });
      assert.equal(page.reachedKnown, true, `${p.name} reached known releases`);
      assert.equal(page.requests, 1, `${p.name} refresh cost`);
      total += page.requests;
    }
    assert.equal(total, s.data.products.length);
    assert.equal(s.requests - before, s.data.products.length);

    // The moving release advances; the same one-request refresh shows its new status.
    const moving = s.data.moving;
    assert.ok(moving, 'the demo has a moving release');
    const name = moving.product.name;
    const statusNow = async () => (await b.listReleases(name, { knownTerminalIds: known.get(name) })).releases.find((r) => r.id === moving.id);
    const was = await statusNow();
    const { final } = s.stage();
    for (let i = 0; i < final; i++) s.advance();
    const now = await statusNow();
    assert.ok(was && now);
    assert.notDeepEqual(now.environments, was.environments);
    assert.equal(releaseStatus(now.status).kind === 'running', false);
  });

  it('release detail and notes through the assumed productRelease field; unknown id is not-found', async () => {
    const s = await demo();
    const b = client(s);
    const product = firstProduct(s);
    const [latest] = (await b.listReleases(product)).releases;
    assert.ok(latest);
    const d = await b.getRelease(latest.id);
    assert.equal(d.id, latest.id);
    assert.ok(d.steps.length >= 3);
    assert.ok(d.triggerEnvironment);
    assert.ok(d.steps.some((st) => st.preWorkflows.length + st.postWorkflows.length > 0), 'some environment has workflows');
    assert.ok(d.steps.some((st) => st.applications.length > 0));
    for (const st of d.steps) for (const w of [...st.preWorkflows, ...st.postWorkflows]) assert.ok(w.templateName);
    const notes = await b.getReleaseNotes(latest.id);
    assert.equal(notes.releaseId, latest.id);
    assert.ok(notes.images.length + notes.issues.length + notes.pullRequests.length > 0, JSON.stringify(notes));
    const e = await failure(b.getRelease('000000000000000000000000'));
    assert.equal(e.kind, 'not-found');
    assert.match(e.message, /Release 000000000000000000000000 was not found/);
  });

  it('401 with a clear message when the key is wrong', async () => {
    const s = await demo();
    const b = client(s, { apiKey: 'wrong-key-123' });
    const e = await failure(b.whoAmI());
    assert.equal(e.kind, 'auth');
    assert.equal(e.details?.status, 401);
    assert.match(e.message, /rejected the API key \(HTTP 401: Unauthorized: Invalid token\.\)\. Sign in again/);
    assert.equal(e.message.includes('wrong-key-123'), false);
  });

  it('cancellation: an aborted call ends at once with a cancelled error', async () => {
    const s = await demo({ faults: ['slow=5000'] });
    const b = client(s);
    const ac = new AbortController();
    const p = failure(b.listReleases(firstProduct(s), { signal: ac.signal }));
    setTimeout(() => ac.abort(), 150);
    const e = await within(2000, p, 'cancelled listReleases');
    assert.equal(e.kind, 'cancelled');
  });

  describe('injected faults end in a specific error or a successful retry', () => {
    const cases: { fault: string; expect: (b: CodefreshBackend, s: DemoServer) => Promise<void> }[] = [
      {
        fault: 'http-500@1',
        expect: async (b, s) => {
          const page = await b.listReleases(firstProduct(s));
          assert.equal(page.requests, 2);
          assert.equal(page.releases.length > 0, true);
        },
      },
      {
        fault: 'http-500',
        expect: async (b, s) => {
          const e = await failure(b.listReleases(firstProduct(s)));
          assert.equal(e.kind, 'http');
          assert.match(e.message, /HTTP 500 .*\(after 3 attempts\)/);
        },
      },
      {
        fault: 'rate-limit@1',
        expect: async (b, s) => {
          const t0 = Date.now();
          const page = await b.listReleases(firstProduct(s));
          assert.ok(Date.now() - t0 >= 950, 'waited for Retry-After: 1');
          assert.equal(page.requests, 2);
        },
      },
      {
        fault: 'rate-limit-403@1',
        expect: async (b, s) => {
          const page = await b.listReleases(firstProduct(s));
          assert.equal(page.requests, 2);
        },
      },
      {
        fault: 'rate-limit=1',
        expect: async (b, s) => {
          const e = await failure(b.listReleases(firstProduct(s)));
          assert.equal(e.kind, 'rate-limit');
          assert.equal(e.details?.retryAfterMs, 1000);
        },
      },
      {
        fault: 'reset@1',
        expect: async (b, s) => {
          const page = await b.listReleases(firstProduct(s));
          assert.equal(page.requests, 2);
        },
      },
      {
        fault: 'reset',
        expect: async (b, s) => {
          const e = await failure(b.listReleases(firstProduct(s)));
          assert.equal(e.kind, 'network');
        },
      },
      {
        fault: 'truncated',
        expect: async (b, s) => {
          const e = await failure(b.listReleases(firstProduct(s)));
          assert.equal(e.kind, 'payload');
          assert.match(e.message, /^Could not read the release list \(promotions\): the response is not valid JSON/);
        },
      },
      {
        fault: 'wrong-types',
        expect: async (b, s) => {
          const e = await failure(b.listReleases(firstProduct(s)));
          assert.equal(e.kind, 'payload');
          assert.match(e.message, /^Could not read the release list \(promotions\): data\.promotions\.[\w.[\]]+: expected (string|boolean), got (number|string)/);
          assert.ok(e.details?.path?.startsWith('data.promotions.'));
        },
      },
      {
        fault: 'unknown-enum',
        expect: async (b, s) => {
          const page = await b.listReleases(firstProduct(s));
          assert.ok(page.releases.length > 0);
          for (const r of page.releases) {
            assert.deepEqual(releaseStatus(r.status), { kind: 'unknown', raw: 'WARPING' });
            for (const e of r.environments) assert.equal(e.status, 'WARPING');
          }
        },
      },
      {
        fault: 'empty-page',
        expect: async (b, s) => {
          const page = await b.listReleases(firstProduct(s), { limit: 500 });
          assert.deepEqual(page.releases, []);
          assert.equal(page.hasMore, false);
          assert.equal(page.requests, 1);
        },
      },
      {
        fault: 'empty-page-loop',
        expect: async (b, s) => {
          const page = await b.listReleases(firstProduct(s), { limit: 500 });
          assert.deepEqual(page.releases, []);
          assert.equal(page.requests, 1);
          const products = await b.listProducts();
          assert.deepEqual(products, []);
        },
      },
      {
        fault: 'graphql-error',
        expect: async (b, s) => {
          const e = await failure(b.listReleases(firstProduct(s)));
          assert.equal(e.kind, 'graphql');
          assert.match(e.message, /^Could not read the release list \(promotions\): Internal error: promotion service unavailable/);
        },
      },
      {
        fault: 'slow=3000',
        expect: async (b, s) => {
          const e = await failure(b.listReleases(firstProduct(s)));
          assert.equal(e.kind, 'timeout');
        },
      },
      {
        fault: 'slow=100',
        expect: async (b, s) => {
          const page = await b.listReleases(firstProduct(s));
          assert.ok(page.releases.length > 0);
        },
      },
    ];
    for (const c of cases)
      it(c.fault, async () => {
        const s = await demo();
        // A first clean call, so the fault hits the release list query itself.
        const b = client(s, { timeouts: { connectMs: 1000, totalMs: 1000 } });
        await b.whoAmI();
        s.setFaults([c.fault]);
        await within(8000, c.expect(b, s), c.fault);
      });
  });

  describe('proxies', () => {
    let proxy: http.Server & { seen: string[] };
    let proxyUrl: string;
    beforeEach(async () => {
      const server = createProxy() as http.Server & { seen: string[] };
      server.seen = [];
      server.on('connect', (req: http.IncomingMessage) => server.seen.push(`CONNECT ${req.url ?? ''}`));
      server.on('request', (req: http.IncomingMessage) => server.seen.push(`${req.method ?? ''} ${req.url ?? ''}`));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      proxy = server;
      proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      });
    });

    it('an explicit proxy (VS Code http.proxy) carries the traffic', async () => {
      const s = await demo();
      const log = captureLogger();
      const b = client(s, { proxy: { url: proxyUrl }, log });
      const page = await b.listReleases(firstProduct(s));
      assert.ok(page.releases.length > 0);
      const host = new URL(s.url).host;
      assert.ok(proxy.seen.some((l) => l === `CONNECT ${host}`), proxy.seen.join('\n'));
      assert.ok(log.lines.some((l) => l.includes(`Using proxy ${proxyUrl}`)));
    });

    it('HTTP_PROXY from the environment carries the traffic, and NO_PROXY bypasses it', async () => {
      const s = await demo();
      const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
      try {
        delete process.env.http_proxy;
        delete process.env.no_proxy;
        delete process.env.NO_PROXY;
        process.env.HTTP_PROXY = proxyUrl;
        await client(s).whoAmI();
        assert.equal(proxy.seen.length, 1, proxy.seen.join('\n'));
        process.env.NO_PROXY = '127.0.0.1';
        await client(s).whoAmI();
        assert.equal(proxy.seen.length, 1, 'NO_PROXY host went direct');
        // The explicit noProxy option wins over the environment.
        await client(s, { proxy: { url: proxyUrl, noProxy: '' } }).whoAmI();
        assert.equal(proxy.seen.length, 2);
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    });

    it('a dead proxy is a network error naming the Codefresh URL', async () => {
      const s = await demo();
      const b = client(s, { proxy: { url: 'http://127.0.0.1:9' }, retries: 0 });
      const e = await failure(b.whoAmI());
      assert.equal(e.kind, 'network');
      assert.match(e.message, new RegExp(`cannot reach ${s.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    });
  });

  it('never writes the key to any log line (client and server logs captured), whatever happens', async () => {
    const key = 'sk-live-7c1d9e0f2a4b6c8d';
    const serverLog = captureLogger();
    const s = await demo({ apiKey: key, log: serverLog, releasesPerProduct: 60 });
    const log = captureLogger();
    const b = client(s, { log });
    await b.whoAmI();
    await b.listProducts();
    const product = firstProduct(s);
    const page = await b.listReleases(product, { limit: 100 });
    await b.getRelease(page.releases[0]?.id ?? '');
    await b.getReleaseNotes(page.releases[0]?.id ?? '');
    const errors: BackendError[] = [];
    for (const fault of ['http-500', 'rate-limit-403=0', 'reset', 'truncated', 'wrong-types', 'graphql-error']) {
      s.setFaults([fault]);
      errors.push(await failure(b.listReleases(product)));
    }
    s.setFaults([]);
    const wrong = client(s, { apiKey: `${key}-x`, log });
    errors.push(await failure(wrong.whoAmI()));
    assert.ok(log.lines.length >= 10, `captured ${log.lines.length} lines`);
    const all = [...log.lines, ...serverLog.lines, ...errors.map((e) => `${e.message} ${JSON.stringify(e.details?.cause ?? '')}`)];
    for (const line of all) assert.equal(line.includes(key), false, `key leaked in: ${line}`);
  });
});

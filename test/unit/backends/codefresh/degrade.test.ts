// The Codefresh client on a platform that lacks the root fields whose names are guesses (`products`,
// `promotionFlows`, `environments`, `productRelease`): the demo server is started without them, so every path here
// meets graphql-js's real validation error. Products then come from the settings or from the verified `promotions`
// query, environments and flows from the releases' own environment lists; what failed is remembered per base URL,
// logged once and not asked again; errors that do not say a field is missing are not remembered.

import { strict as assert } from 'node:assert';
import {
  type CodefreshBackend,
  type CodefreshOptions,
  createCodefreshBackend,
  forgetMissingQueries,
  missingQueriesFor,
} from '../../../../src/backends/codefresh';
import { isMissingRootField } from '../../../../src/backends/codefresh/backend';
import type { DemoServer } from '../../../../src/fakes/codefresh/server';
import { type DemoFlow, flowEnvironments, type DemoRelease } from '../../../../src/fakes/codefresh/seed';
import { BackendError } from '../../../../src/backends/types';
import { captureLogger, sendJson, startStub, type Stub, failure, useDemoServers } from './helpers';

describe('codefresh client without the guessed queries', function () {
  this.timeout(20_000);
  const { demo, track } = useDemoServers();
  let stub: Stub | undefined;

  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  function client(url: string, options: Partial<CodefreshOptions> = {}): CodefreshBackend & { lines: string[] } {
    const log = captureLogger();
    const b = track(createCodefreshBackend({ baseUrl: url, apiKey: 'demo-key', id: 'demo', retries: 0, log, ...options }));
    return Object.assign(b, { lines: log.lines });
  }
  /** HTTP requests the client sent for one query name (the transport logs one debug line per answer). */
  const sent = (lines: string[], name: string): number => lines.filter((l) => l.startsWith(`debug ${name}: HTTP `)).length;

  /** The demo's releases across all products, newest first (what an unfiltered `promotions` page lists). */
  function newestReleases(s: DemoServer, n: number): DemoRelease[] {
    return [...s.data.releases.values()]
      .flat()
      .sort((a, b) => b.createdAtMs - a.createdAtMs)
      .slice(0, n);
  }

  it('no `products`: lists the products the newest releases name, with environments and flows derived from them', async () => {
    const s = await demo({ without: ['products', 'promotionFlows', 'environments'] });
    const b = client(s.url);
    const products = await b.listProducts();

    const newest = newestReleases(s, 50);
    const expected = [...new Set(newest.map((r) => r.product.name))].sort();
    assert.ok(expected.length > 1, 'the page names several products');
    assert.deepEqual(products.map((p) => p.name), expected);
    for (const p of products) {
      assert.equal(p.flowSource, 'derived-from-releases', p.name);
      const latest = newest.find((r) => r.product.name === p.name);
      assert.ok(latest);
      // Environments in the flow order of the product's newest release (trigger first), positions in that order.
      const names = p.environments.map((e) => e.name);
      assert.deepEqual(names.slice(0, flowEnvironments(latest.flow).length), flowEnvironments(latest.flow), p.name);
      assert.deepEqual(p.environments.map((e) => e.position), names.map((_, i) => i));
      for (const n of names) assert.ok(latest.product.environments.includes(n), `${n} is an environment of ${p.name}`);
      // One flow per flow name seen, starting at its trigger environment, steps in the flow's order.
      const flowNames = [...new Set(newest.filter((r) => r.product.name === p.name).map((r) => r.flow.name))].sort();
      assert.deepEqual(p.flows.map((f) => f.name).sort(), flowNames);
      for (const f of p.flows) {
        const demoFlow: DemoFlow | undefined = latest.product.flows.find((x) => x.name === f.name);
        assert.ok(demoFlow, f.name);
        assert.equal(f.triggerEnvironment, demoFlow.triggerEnvironment);
        assert.deepEqual(f.steps.map((st) => st.environment), demoFlow.steps.map((st) => st.environment));
      }
    }
    assert.deepEqual(missingQueriesFor(s.url), ['environments', 'products', 'promotionFlows']);
  });

  it('no `products`: the gitopsReleases.products setting names the products, in its order', async () => {
    const s = await demo({ without: ['products'] });
    const names = s.data.products.map((p) => p.name);
    const configured = [names[1]!, names[0]!, 'not-a-product'];
    const b = client(s.url, { configuredProducts: configured });
    const products = await b.listProducts();
    assert.deepEqual(products.map((p) => p.name), configured);
    for (const p of products.slice(0, 2)) {
      const demoProduct = s.data.products.find((x) => x.name === p.name);
      assert.ok(demoProduct);
      assert.equal(p.flowSource, 'derived-from-releases');
      assert.ok(p.environments.length > 0, `${p.name} has environments from its releases`);
      for (const e of p.environments) assert.ok(demoProduct.environments.includes(e.name));
      // The account-wide environment list (still available) supplies the kinds.
      assert.ok(p.environments.every((e) => e.kind === 'PROD' || e.kind === 'NON_PROD'), JSON.stringify(p.environments));
    }
    // A configured product without releases is still listed: nothing is known about its flow.
    assert.deepEqual(products[2], { name: 'not-a-product', environments: [], flows: [], flowSource: 'settings' });

    // The setting as a function (the extension's way) is read at each listing: a changed setting applies at once.
    let setting = [names[0]!];
    const live = client(s.url, { configuredProducts: () => setting });
    assert.deepEqual((await live.listProducts()).map((p) => p.name), [names[0]]);
    setting = [names[2]!, names[1]!];
    assert.deepEqual((await live.listProducts()).map((p) => p.name), [names[2], names[1]]);
  });

  it('remembers a missing query per base URL: logged once, not asked again on the next refresh', async () => {
    const s = await demo({ without: ['products', 'promotionFlows'] });
    const b = client(s.url);
    const first = await b.listProducts();
    assert.equal(sent(b.lines, 'products'), 1);
    assert.equal(sent(b.lines, 'promotionFlows'), 1);
    const second = await b.listProducts();
    assert.deepEqual(second.map((p) => p.name), first.map((p) => p.name));
    assert.equal(sent(b.lines, 'products'), 1, 'products is not asked again');
    assert.equal(sent(b.lines, 'promotionFlows'), 1, 'promotionFlows is not asked again');
    assert.equal(b.lines.filter((l) => /products.*does not exist/.test(l)).length, 1, b.lines.join('\n'));
    // A second backend for the same URL (the extension rebuilds it when settings change) starts out knowing.
    const again = client(`${s.url}/`);
    await again.listProducts();
    assert.equal(sent(again.lines, 'products'), 0);
    // Forgetting (the user changed the URL, or tests) asks again.
    forgetMissingQueries(s.url);
    assert.deepEqual(missingQueriesFor(s.url), []);
    await b.listProducts();
    assert.equal(sent(b.lines, 'products'), 2);
  });

  it('no `promotionFlows`: products keep their environments, their flows get steps from the releases', async () => {
    const s = await demo({ without: ['promotionFlows'] });
    const b = client(s.url);
    const products = await b.listProducts();
    assert.deepEqual(products.map((p) => p.name), s.data.products.map((p) => p.name));
    const newest = newestReleases(s, 50);
    let derived = 0;
    for (const p of products) {
      const demoProduct = s.data.products.find((x) => x.name === p.name);
      assert.ok(demoProduct);
      assert.deepEqual(p.environments.map((e) => e.name).sort(), [...demoProduct.environments].sort(), 'environments from the products query');
      for (const f of p.flows) {
        const seen = newest.some((r) => r.product.name === p.name && r.flow.name === f.name);
        if (!seen) continue;
        derived++;
        const demoFlow: DemoFlow | undefined = demoProduct.flows.find((x) => x.name === f.name);
        assert.equal(f.triggerEnvironment, demoFlow?.triggerEnvironment);
        assert.deepEqual(f.steps.map((st) => st.environment), demoFlow?.steps.map((st) => st.environment));
      }
      assert.equal(p.flowSource, p.flows.some((f) => f.steps.length > 0) ? 'derived-from-releases' : 'api');
    }
    assert.ok(derived > 0, 'some flow was derived');
  });

  it('no `productRelease`: detail and notes fail at once with a plain message, asked once per base URL', async () => {
    const s = await demo({ without: ['productRelease'] });
    const b = client(s.url);
    const product = s.data.products[0]!.name;
    const [latest] = (await b.listReleases(product)).releases;
    assert.ok(latest);
    const e = await failure(b.getRelease(latest.id));
    assert.equal(e.message, `${s.url} cannot show release details: the platform has no productRelease query.`);
    assert.doesNotMatch(e.message, /^productRelease/);
    const notes = await failure(b.getReleaseNotes(latest.id));
    assert.equal(notes.message, `${s.url} cannot show release notes: the platform has no productRelease query.`);
    await failure(b.getRelease(latest.id));
    assert.equal(sent(b.lines, 'productRelease'), 1);
    assert.equal(sent(b.lines, 'productRelease (notes)'), 0, 'the notes use the same root field: not asked');
    assert.deepEqual(missingQueriesFor(s.url), ['productRelease']);
  });

  it('no `products` on a legacy platform either: says to set gitopsReleases.products', async () => {
    const s = await demo({ legacy: true, without: ['products'] });
    const e = await failure(client(s.url).listProducts());
    assert.equal(
      e.message,
      `${s.url} has neither a products query nor the promotions query, so the products cannot be listed. List them in the gitopsReleases.products setting.`,
    );
    const products = await client(s.url, { configuredProducts: [s.data.products[0]!.name] }).listProducts();
    assert.deepEqual(products.map((p) => [p.name, p.flowSource]), [[s.data.products[0]!.name, 'settings']]);
  });

  it('network, auth and other GraphQL errors are not taken for a missing query', async () => {
    let mode: 'auth' | 'other' | 'http-500' = 'auth';
    stub = await startStub((_req, res) => {
      if (mode === 'auth') return sendJson(res, 401, { error: 'Unauthorized: Invalid token.', status: 401 });
      if (mode === 'http-500') return sendJson(res, 500, { error: 'Cannot query field "products" on type "Query".' });
      sendJson(res, 200, { data: null, errors: [{ message: 'Forbidden: no access to products' }] });
    });
    forgetMissingQueries(stub.url);
    const b = client(stub.url);
    assert.equal((await failure(b.listProducts())).kind, 'auth');
    assert.equal((await failure(b.getRelease('a'.repeat(24)))).kind, 'auth');
    mode = 'other';
    assert.equal((await failure(b.listProducts())).kind, 'graphql');
    mode = 'http-500';
    assert.equal((await failure(b.listProducts())).kind, 'http');
    assert.deepEqual(missingQueriesFor(stub.url), []);
  });

  it('recognises the missing-field error in a GraphQL answer or a JSON-encoded HTTP 400 body, and nothing else', () => {
    const err = (kind: 'graphql' | 'http' | 'network', message: string, status?: number) => new BackendError(kind, message, { status });
    assert.ok(isMissingRootField(err('graphql', 'products: Cannot query field "products" on type "Query".', 400), 'products'));
    const body = 'products: HTTP 400 from x: {"errors":[{"message":"Cannot query field \\"products\\" on type \\"Query\\"."}]}';
    assert.ok(isMissingRootField(err('http', body, 400), 'products'));
    assert.equal(isMissingRootField(err('graphql', 'Cannot query field "products" on type "Query".', 400), 'promotionFlows'), false);
    assert.equal(isMissingRootField(err('http', 'Cannot query field "products" on type "Query".', 502), 'products'), false);
    assert.equal(isMissingRootField(err('network', 'Cannot query field "products" on type "Query".'), 'products'), false);
    assert.equal(isMissingRootField(err('graphql', 'Cannot query field "latestRelease" on type "Product".', 400), 'products'), false);
    assert.equal(isMissingRootField(new Error('Cannot query field "products" on type "Query".'), 'products'), false);
  });
});

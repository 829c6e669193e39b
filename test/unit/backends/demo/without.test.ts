// The demo server without some of the root fields whose names are guesses: a query naming a removed field gets
// graphql-js's genuine validation error, the verified fields keep answering, and the standalone command takes the
// same switch as `--without`.

import * as assert from 'node:assert/strict';
import { demoSchemaSdl, parseWithout } from '../../../../src/fakes/codefresh/schema';
import { type DemoServer, startDemoServer } from '../../../../src/fakes/codefresh/server';
import { DETAIL_QUERY, gql, makeRepo, PROMOTIONS_QUERY, removeRepo, spawnDemo } from './helpers';

describe('demo server without guessed root fields', function () {
  this.timeout(30_000);
  let repo: string;
  let server: DemoServer | undefined;
  before(() => {
    repo = makeRepo(['init', 'feat: one', 'fix: two (#3)', 'feat: three', 'fix: four', 'feat: five']);
  });
  after(() => removeRepo(repo));
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers a removed field with the validation error a platform without it gives; the others still answer', async () => {
    server = await startDemoServer({ repoPath: repo, stageMs: 0, without: ['products', 'promotionFlows', 'productRelease'] });
    const products = await gql(server.url, '{ products { edges { node { name } } } }');
    assert.equal(products.status, 400);
    assert.deepEqual(products.json().errors?.map((e) => [e.message, e.extensions?.code]), [
      ['Cannot query field "products" on type "Query".', 'GRAPHQL_VALIDATION_FAILED'],
    ]);
    const flows = await gql(server.url, '{ promotionFlows { edges { node { triggerEnvironment } } } }');
    assert.equal(flows.status, 400);
    assert.match(flows.json().errors?.[0]?.message ?? '', /^Cannot query field "promotionFlows" on type "Query"\./);
    const detail = await gql(server.url, DETAIL_QUERY, { id: 'x' });
    assert.equal(detail.status, 400);
    assert.match(detail.json().errors?.[0]?.message ?? '', /^Cannot query field "productRelease" on type "Query"\./);

    const promotions = await gql(server.url, PROMOTIONS_QUERY, { filters: {}, pagination: { first: 5 } });
    assert.equal(promotions.status, 200);
    const edges = (promotions.json().data?.promotions as { edges: unknown[] } | undefined)?.edges ?? [];
    assert.ok(edges.length > 0, 'the verified promotions query still lists releases');
    const env = await gql(server.url, '{ environments { name } }');
    assert.equal(env.status, 200, 'a field not switched off stays');
  });

  it('leaves the schema as it is without the switch, and combines with the legacy platform', () => {
    const queryType = (sdl: string): string => sdl.slice(sdl.indexOf('type Query {'));
    assert.match(queryType(demoSchemaSdl(false)), /^\s*products\(/m);
    const sdl = queryType(demoSchemaSdl(true, ['environments']));
    assert.doesNotMatch(sdl, /^\s*(promotions|environments)[(:]/m);
    assert.match(sdl, /^\s*productReleases\(/m);
    assert.match(sdl, /^\s*productRelease\(/m);
  });

  it('parses --without lists and names the valid fields for an unknown one', () => {
    assert.deepEqual(parseWithout(undefined), []);
    assert.deepEqual(parseWithout('products, productRelease'), ['products', 'productRelease']);
    assert.throws(() => parseWithout('products,promotions'), /unknown root field "promotions" \(valid: products, promotionFlows, productRelease, environments\)/);
  });

  it('the standalone command takes --without', async () => {
    const demo = await spawnDemo(['--repo', repo, '--port', '0', '--without', 'products']);
    try {
      const res = await gql(demo.url, '{ products { edges { cursor } } }');
      assert.equal(res.status, 400);
      assert.match(res.json().errors?.[0]?.message ?? '', /Cannot query field "products" on type "Query"/);
      assert.match(demo.err(), /without products/);
    } finally {
      demo.child.kill('SIGTERM');
    }
  });
});

import * as assert from 'node:assert/strict';
import { FaultSpecError, parseFault } from '../../../../src/fakes/codefresh/faults';
import { startDemoServer, type DemoServer } from '../../../../src/fakes/codefresh/server';
import { gql, lifelikeMessages, makeRepo, removeRepo } from './helpers';

const Q = `query($p: SlicePaginationArgs) { promotions(pagination: $p) {
  pageInfo { hasNextPage endCursor } edges { cursor node { __typename ... on Promotion { id status createdAt } ... on ProductRelease { releaseId status createdAt } } } } }`;

type Page = { pageInfo: { hasNextPage: unknown; endCursor: string | null }; edges: { node: { status: unknown; createdAt: unknown } }[] };
const page = (body: { data?: Record<string, unknown> | null }) => body.data?.promotions as Page;

describe('demo server: fault injection', function () {
  this.timeout(20_000);
  let repo: string;
  let server: DemoServer;

  before(async () => {
    repo = makeRepo(lifelikeMessages(30));
    server = await startDemoServer({ repoPath: repo, clock: () => 0, stageMs: 0 });
  });
  afterEach(() => server.setFaults([]));
  after(async () => {
    await server?.close();
    removeRepo(repo);
  });

  it('parses fault specs and rejects unknown names with the list of known ones', () => {
    assert.deepEqual(parseFault('500'), { name: 'http-500' });
    assert.deepEqual(parseFault('rate-limit=3@2'), { name: 'rate-limit', param: 3, remaining: 2 });
    assert.throws(() => parseFault('explode'), (e: unknown) => e instanceof FaultSpecError && /known: http-500/.test(e.message));
    assert.throws(() => server.setFaults(['nope']), FaultSpecError);
  });

  it('http-500: answers 500; with @1 only the next request fails', async () => {
    server.setFaults(['http-500@1']);
    const first = await gql(server.url, Q);
    assert.equal(first.status, 500);
    assert.match(first.text, /Internal Server Error/);
    const second = await gql(server.url, Q);
    assert.equal(second.status, 200);
  });

  it('rate-limit: 429 with Retry-After; rate-limit-403: 403 with Retry-After', async () => {
    server.setFaults(['429=3']);
    const r = await gql(server.url, Q);
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '3');
    server.setFaults(['rate-limit-403']);
    const f = await gql(server.url, Q);
    assert.equal(f.status, 403);
    assert.equal(f.headers.get('retry-after'), '1');
    assert.match(f.text, /rate limit/);
  });

  it('slow: delays the answer by the given milliseconds', async () => {
    server.setFaults(['slow=300']);
    const t0 = Date.now();
    const r = await gql(server.url, Q);
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 >= 280, `took ${Date.now() - t0} ms`);
  });

  it('reset: drops the connection without an answer', async () => {
    server.setFaults(['reset']);
    await assert.rejects(gql(server.url, Q), /fetch failed|other side closed|socket/i);
  });

  it('truncated: HTTP 200 with JSON cut short', async () => {
    server.setFaults(['truncated']);
    const r = await gql(server.url, Q, { p: { first: 5 } });
    assert.equal(r.status, 200);
    assert.throws(() => JSON.parse(r.text), SyntaxError);
    assert.ok(r.text.startsWith('{"data":{"promotions"'));
  });

  it('wrong-types: timestamps become numbers and hasNextPage a string', async () => {
    server.setFaults(['wrong-types']);
    const p = page((await gql(server.url, Q, { p: { first: 5 } })).json());
    assert.equal(typeof p.edges[0]!.node.createdAt, 'number');
    assert.equal(p.pageInfo.hasNextPage, 'yes');
  });

  it('unknown-enum: statuses take a value no vocabulary knows', async () => {
    server.setFaults(['unknown-enum']);
    const p = page((await gql(server.url, Q, { p: { first: 5 } })).json());
    assert.ok(p.edges.length === 5 && p.edges.every((e) => e.node.status === 'WARPING'));
  });

  it('bad-node: the second node of every page loses its status, the rest stay whole', async () => {
    server.setFaults(['bad-node']);
    const p = page((await gql(server.url, Q, { p: { first: 5 } })).json());
    assert.equal(p.edges.length, 5);
    assert.equal('status' in p.edges[1]!.node, false);
    assert.ok([0, 2, 3, 4].every((i) => typeof p.edges[i]!.node.status === 'string'));
  });

  it('empty-page: no edges and no next page; empty-page-loop: no edges but the same cursor again', async () => {
    server.setFaults(['empty-page']);
    const e = page((await gql(server.url, Q, { p: { first: 5 } })).json());
    assert.deepEqual(e, { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    server.setFaults([]);
    const cursor = page((await gql(server.url, Q, { p: { first: 5 } })).json()).pageInfo.endCursor;
    server.setFaults(['empty-page-loop']);
    const l = page((await gql(server.url, Q, { p: { first: 5, after: cursor } })).json());
    assert.deepEqual(l, { pageInfo: { hasNextPage: true, endCursor: cursor }, edges: [] });
  });

  it('graphql-error: HTTP 200 with data null and errors[]', async () => {
    server.setFaults(['graphql-error']);
    const r = await gql(server.url, Q);
    assert.equal(r.status, 200);
    assert.equal(r.json().data, null);
    assert.equal(r.json().errors?.[0]?.extensions?.code, 'INTERNAL_SERVER_ERROR');
  });

  it('applies the x-demo-fault header to that request only, and rejects an unknown header fault with 400', async () => {
    const headers = { authorization: 'demo-key', 'x-demo-fault': '500' };
    assert.equal((await gql(server.url, Q, undefined, headers)).status, 500);
    assert.equal((await gql(server.url, Q)).status, 200);
    const bad = await gql(server.url, Q, undefined, { authorization: 'demo-key', 'x-demo-fault': 'meteor' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Unknown demo fault \\"meteor\\"/);
  });

  it('takes faults from the start options', async () => {
    const s = await startDemoServer({ repoPath: repo, faults: ['rate-limit@1'], clock: () => 0, stageMs: 0 });
    try {
      assert.equal((await gql(s.url, Q)).status, 429);
      assert.equal((await gql(s.url, Q)).status, 200);
      assert.equal(s.requests, 2);
    } finally {
      await s.close();
    }
  });

  it('close() ends a slow request at once instead of waiting it out', async () => {
    const s = await startDemoServer({ repoPath: repo, faults: ['slow=60000'], clock: () => 0, stageMs: 0 });
    const pending = gql(s.url, Q).then(
      () => 'answered',
      () => 'failed',
    );
    // Wait until the server holds the request, then close: the suite's 20 s timeout is far below the 60 s answer, so
    // the test passes only if close() cut the request short.
    while (s.requests === 0) await new Promise((r) => setImmediate(r));
    await s.close();
    assert.equal(await pending, 'failed');
  });
});

import * as assert from 'node:assert/strict';
import { parse, validate } from 'graphql';
import { z } from 'zod';
import { demoSchema } from '../../../../src/fakes/codefresh/schema';
import { DEMO_API_KEY, startDemoServer, type DemoServer } from '../../../../src/fakes/codefresh/server';
import { DETAIL_QUERY, gql, LEGACY_QUERY, lifelikeMessages, makeRepo, PROMOTIONS_QUERY, removeRepo, repoShas } from './helpers';

const ID = /^[0-9a-f]{24}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SHA = /^[0-9a-f]{40}$/;
const iso = z.string().regex(ISO);

// The payload shapes of cli-v2's queries (../helpers.ts), with the types of go-sdk's generated models.
const pageInfo = z.strictObject({
  hasNextPage: z.boolean(),
  hasPrevPage: z.boolean(),
  startCursor: z.string().nullable(),
  endCursor: z.string().nullable(),
});
const releaseNode = z.strictObject({
  __typename: z.literal('ProductRelease'),
  releaseId: z.string().regex(ID),
  releaseName: z.string(),
  productName: z.string(),
  promotionFlowName: z.string().nullable(),
  error: z.strictObject({ message: z.string(), code: z.string() }).nullable(),
  status: z.enum(['QUEUED', 'RUNNING', 'SUSPENDED', 'SUCCEEDED', 'FAILED', 'TERMINATING', 'TERMINATED']),
  environmentsStatuses: z.array(z.strictObject({ __typename: z.literal('ProductReleaseEnvironment'), environmentName: z.string(), status: z.string() })),
  createdAt: iso,
  triggerCommit: z.strictObject({ sha: z.string().regex(SHA) }).nullable(),
  initiator: z.strictObject({ name: z.string(), avatarUrl: z.string().nullable() }).nullable(),
  version: z.string().nullable(),
});
const promotionNode = z.strictObject({
  __typename: z.literal('Promotion'),
  id: z.string().regex(ID),
  productName: z.string(),
  promotionFlowName: z.string().nullable(),
  status: z.enum(['QUEUED', 'RUNNING', 'SUSPENDED', 'SUCCEEDED', 'FAILED', 'TERMINATING', 'TERMINATED']),
  environments: z.array(z.strictObject({ __typename: z.literal('PromotionEnvironment'), name: z.string(), status: z.string() })),
  createdAt: iso,
  triggerCommitInfo: z.strictObject({ commitSha: z.string().regex(SHA), commitAuthor: z.string().regex(/^.+ <.+>$/), avatarURL: z.string().nullable() }).nullable(),
  promotionAppVersion: z.string().nullable(),
  failure: z.strictObject({ message: z.string() }).nullable(),
});
const promotionsPayload = z.strictObject({
  data: z.strictObject({
    promotions: z.strictObject({
      pageInfo,
      edges: z.array(z.strictObject({ node: z.discriminatedUnion('__typename', [releaseNode, promotionNode]) })),
    }),
  }),
});
const legacyPayload = z.strictObject({
  data: z.strictObject({
    productReleases: z.strictObject({
      edges: z.array(
        z.strictObject({
          node: z.strictObject({
            releaseId: z.string().regex(ID),
            triggerCommit: z.strictObject({
              sha: z.string().regex(SHA),
              committer: z.string(),
              date: iso,
              message: z.string(),
              repoURL: z.string().min(1),
              revision: z.string().min(1),
            }),
            steps: z.array(
              z.strictObject({
                environmentName: z.string(),
                status: z.string(),
                applications: z.array(
                  z.strictObject({
                    applicationId: z.strictObject({ runtime: z.string(), namespace: z.string(), name: z.string() }),
                    commitSha: z.string().regex(SHA).nullable(),
                  }),
                ),
              }),
            ),
            status: z.string(),
            updatedAt: iso,
            createdAt: iso,
          }),
        }),
      ),
    }),
  }),
});

type PromotionsPayload = z.infer<typeof promotionsPayload>;
const nodeId = (n: PromotionsPayload['data']['promotions']['edges'][number]['node']) => (n.__typename === 'Promotion' ? n.id : n.releaseId);
const nodeSha = (n: PromotionsPayload['data']['promotions']['edges'][number]['node']) =>
  n.__typename === 'Promotion' ? n.triggerCommitInfo?.commitSha : n.triggerCommit?.sha;

async function allPromotions(server: DemoServer, product: string): Promise<PromotionsPayload['data']['promotions']['edges'][number]['node'][]> {
  const out: PromotionsPayload['data']['promotions']['edges'][number]['node'][] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await gql(server.url, PROMOTIONS_QUERY, { filters: { productNames: [product] }, pagination: { first: 50, after } });
    assert.equal(res.status, 200, res.text);
    const body = promotionsPayload.parse(res.json());
    out.push(...body.data.promotions.edges.map((e) => e.node));
    if (!body.data.promotions.pageInfo.hasNextPage) return out;
    after = body.data.promotions.pageInfo.endCursor ?? undefined;
  }
  throw new Error('paging did not end');
}

describe('demo server: GraphQL contract', function () {
  this.timeout(20_000);
  let repo: string;
  let server: DemoServer;
  let legacy: DemoServer;

  before(async () => {
    repo = makeRepo(lifelikeMessages(90));
    server = await startDemoServer({ repoPath: repo, clock: () => 0, stageMs: 0 });
    legacy = await startDemoServer({ repoPath: repo, legacy: true, clock: () => 0, stageMs: 0 });
  });
  after(async () => {
    await server?.close();
    await legacy?.close();
    removeRepo(repo);
  });

  it('validates the verbatim reference queries against its schema', () => {
    assert.deepEqual(validate(demoSchema(false), parse(PROMOTIONS_QUERY)), []);
    assert.deepEqual(validate(demoSchema(false), parse(LEGACY_QUERY)), []);
    assert.deepEqual(validate(demoSchema(true), parse(LEGACY_QUERY)), []);
    assert.deepEqual(validate(demoSchema(false), parse(DETAIL_QUERY)), []);
  });

  it('answers the verbatim promotions query with both node types, newest first, real trigger commits in order', async () => {
    const shas = repoShas(repo);
    const nodes = await allPromotions(server, 'storefront');
    assert.ok(nodes.length > 20, `expected a few dozen releases, got ${nodes.length}`);
    const kinds = new Set(nodes.map((n) => n.__typename));
    assert.deepEqual([...kinds].sort(), ['ProductRelease', 'Promotion']);
    const created = nodes.map((n) => Date.parse(n.createdAt));
    for (let i = 1; i < created.length; i++) assert.ok(created[i - 1]! > created[i]!, 'newest first, strictly');
    const positions = nodes.map((n) => shas.indexOf(nodeSha(n) ?? ''));
    assert.ok(positions.every((p) => p >= 0), 'every trigger commit is a commit of the repository');
    for (let i = 1; i < positions.length; i++) assert.ok(positions[i - 1]! >= positions[i]!, 'triggers follow history order');
    assert.ok(positions[0]! >= shas.length - 3, 'the newest release is near HEAD');
    assert.equal(new Set(nodes.map(nodeId)).size, nodes.length, 'ids are unique');
    assert.ok(nodes.every((n) => n.productName === 'storefront'));
  });

  it('answers the verbatim legacy productReleases query, on both platforms', async () => {
    for (const s of [server, legacy]) {
      const res = await gql(s.url, LEGACY_QUERY, { productName: 'payments', filters: {}, pagination: { first: 10 } });
      assert.equal(res.status, 200, res.text);
      const body = legacyPayload.parse(res.json());
      const edges = body.data.productReleases.edges;
      assert.equal(edges.length, 10);
      assert.ok(edges.every((e) => e.node.steps.map((st) => st.environmentName).join() === 'dev,staging,prod-eu,prod-us'));
      assert.ok(edges.every((e) => e.node.steps.every((st) => st.status !== 'QUEUED')), 'legacy vocabulary has no QUEUED');
      assert.match(edges[0]!.node.triggerCommit.repoURL, /demo-repo/);
      assert.equal(edges[0]!.node.triggerCommit.revision, 'main');
    }
  });

  it('in legacy mode rejects promotions with HTTP 400 and the text the client detects', async () => {
    const res = await gql(legacy.url, PROMOTIONS_QUERY, { pagination: { first: 5 } });
    assert.equal(res.status, 400);
    assert.ok(res.text.includes('Cannot query field \\"promotions\\" on type \\"Query\\".'), res.text);
    assert.equal(res.json().errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects unknown fields and arguments with validation errors (HTTP 400)', async () => {
    const field = await gql(server.url, '{ products { edges { node { name colour } } } }');
    assert.equal(field.status, 400);
    assert.equal(field.json().errors?.[0]?.message, 'Cannot query field "colour" on type "Product".');
    const arg = await gql(server.url, '{ promotions(productName: "x") { edges { cursor } } }');
    assert.equal(arg.status, 400);
    assert.match(arg.json().errors?.[0]?.message ?? '', /Unknown argument "productName" on field "Query.promotions"/);
    const syntax = await gql(server.url, '{ promotions { ');
    assert.equal(syntax.status, 400);
    assert.equal(syntax.json().errors?.[0]?.extensions?.code, 'GRAPHQL_PARSE_FAILED');
  });

  it('accepts the key with or without Bearer and answers 401 with the Codefresh body otherwise', async () => {
    const q = '{ me { id name activeAccount { id name } } }';
    for (const auth of [DEMO_API_KEY, `Bearer ${DEMO_API_KEY}`]) {
      const ok = await gql(server.url, q, undefined, { authorization: auth });
      assert.equal(ok.status, 200);
      assert.equal((ok.json().data?.me as { name: string }).name, 'Demo User');
    }
    const bad: Record<string, string>[] = [{}, { authorization: 'wrong-key' }, { authorization: 'Bearer wrong' }];
    for (const headers of bad) {
      const res = await gql(server.url, q, undefined, headers);
      assert.equal(res.status, 401);
      assert.equal(res.text, '{"error":"Unauthorized: Invalid token.","status":401}');
    }
  });

  it('caps pages at 50 with a GraphQL error (HTTP 200) and pages with opaque cursors without gaps', async () => {
    const big = await gql(server.url, PROMOTIONS_QUERY, { pagination: { first: 51 } });
    assert.equal(big.status, 200);
    assert.equal(big.json().data, null);
    assert.match(big.json().errors?.[0]?.message ?? '', /at most 50/);
    const bad = await gql(server.url, PROMOTIONS_QUERY, { pagination: { first: 5, after: 'not-a-cursor' } });
    assert.equal(bad.status, 200);
    assert.match(bad.json().errors?.[0]?.message ?? '', /Invalid cursor/);

    const whole = promotionsPayload.parse((await gql(server.url, PROMOTIONS_QUERY, { pagination: { first: 50 } })).json());
    const a = promotionsPayload.parse((await gql(server.url, PROMOTIONS_QUERY, { pagination: { first: 20 } })).json());
    const cursor = a.data.promotions.pageInfo.endCursor;
    assert.ok(cursor && !cursor.includes(nodeId(a.data.promotions.edges[19]!.node)), 'cursor is opaque');
    const b = promotionsPayload.parse((await gql(server.url, PROMOTIONS_QUERY, { pagination: { first: 30, after: cursor } })).json());
    assert.deepEqual(
      [...a.data.promotions.edges, ...b.data.promotions.edges].map((e) => nodeId(e.node)),
      whole.data.promotions.edges.map((e) => nodeId(e.node)),
    );
    assert.equal(b.data.promotions.pageInfo.hasPrevPage, true);
    // Across all products, releases are merged newest first.
    const created = whole.data.promotions.edges.map((e) => Date.parse(e.node.createdAt));
    assert.deepEqual(created, [...created].sort((x, y) => y - x));
    assert.ok(new Set(whole.data.promotions.edges.map((e) => e.node.productName)).size >= 2);
  });

  it('filters by status and promotion flow', async () => {
    const failed = promotionsPayload.parse(
      (await gql(server.url, PROMOTIONS_QUERY, { filters: { productNames: ['storefront'], statuses: ['FAILED'] }, pagination: { first: 50 } })).json(),
    );
    assert.ok(failed.data.promotions.edges.length >= 1);
    assert.ok(failed.data.promotions.edges.every((e) => e.node.status === 'FAILED'));
    const none = promotionsPayload.parse(
      (await gql(server.url, PROMOTIONS_QUERY, { filters: { promotionFlows: ['no-such-flow'] } })).json(),
    );
    assert.equal(none.data.promotions.edges.length, 0);
    assert.equal(none.data.promotions.pageInfo.hasNextPage, false);
  });

  it('lists products with environments, flows and the latest release; flows are DAGs', async () => {
    const res = await gql(
      server.url,
      `{ products(pagination: { first: 10 }) { edges { node { id name environments { id name kind position }
           promotionFlows { name exists gitTriggerSelectors { key operator values } } concurrency
           latestRelease { releaseId status createdAt } } } pageInfo { hasNextPage } }
         environments { name kind position }
         promotionFlows { edges { node { id metadata { name runtime account } triggerEnvironment
           steps { environment dependsOn policy { action preAction postAction } } } } } }`,
    );
    assert.equal(res.status, 200, res.text);
    type P = { name: string; environments: { name: string; kind: string; id: string }[]; latestRelease: { releaseId: string } };
    const data = res.json().data as {
      products: { edges: { node: P }[] };
      environments: { name: string }[];
      promotionFlows: { edges: { node: { triggerEnvironment: string; steps: { environment: string; dependsOn: string[] }[] } }[] };
    };
    const products = data.products.edges.map((e) => e.node);
    assert.deepEqual(products.map((p) => p.name), ['storefront', 'payments', 'inventory']);
    for (const p of products) {
      assert.ok(p.environments.length >= 3 && p.environments.length <= 4);
      assert.ok(p.environments.some((e) => e.kind === 'PROD') && p.environments.some((e) => e.kind === 'NON_PROD'));
      assert.ok(p.environments.every((e) => ID.test(e.id)));
      assert.match(p.latestRelease.releaseId, ID);
    }
    // At least one flow has an environment with two dependencies or two environments sharing one (not a line).
    const flows = data.promotionFlows.edges.map((e) => e.node);
    const nonLinear = flows.some((f) => {
      const deps = f.steps.flatMap((s) => s.dependsOn);
      return f.steps.some((s) => s.dependsOn.length > 1) || new Set(deps).size < deps.length;
    });
    assert.ok(nonLinear);
  });

  it('returns a release in detail with workflows per application, hooks, issues and release notes', async () => {
    const nodes = await allPromotions(server, 'storefront');
    const failedId = nodeId(nodes.find((n) => n.status === 'FAILED')!);
    const res = await gql(server.url, DETAIL_QUERY, { id: failedId });
    assert.equal(res.status, 200, res.text);
    type Step = {
      environmentName: string;
      status: string;
      preWorkflowsStepsView: { status: string; workflows: { applicationName: string; status: string }[] }[];
      postWorkflowsStepsView: { status: string; workflows: { applicationName: string; status: string }[] }[];
      applications: { status: string }[];
      issues: { __typename: string; message: string; level: string }[];
    };
    const r = res.json().data?.productRelease as {
      status: string;
      error: { code: string; message: string };
      hooks: { onFail: { status: string } | null; onStart: { status: string } };
      steps: Step[];
      details: { images: { image: string; tag: string }[]; prs: { key: string; value: string }[]; issues: { key: string; value: string }[]; builds: unknown[] };
    };
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error.code, 'STEP_FAILED');
    assert.ok(r.hooks.onStart.status === 'Succeeded' && r.hooks.onFail !== null);
    const failedStep = r.steps.find((s) => s.status === 'FAILED')!;
    assert.ok(failedStep, 'one environment failed');
    const wf = [...failedStep.preWorkflowsStepsView, ...failedStep.postWorkflowsStepsView];
    assert.ok(wf.some((v) => v.status === 'Failed' && v.workflows.some((w) => w.status === 'Failed')));
    assert.ok(wf.every((v) => v.workflows.length === 3), 'one workflow per application');
    assert.ok(failedStep.issues.some((i) => i.__typename === 'WorkflowIssue' && i.level === 'ERROR' && r.error.message.includes(i.message)));
    assert.equal(r.details.images.length, 3);
    assert.ok(r.details.builds.length === 3);

    // Across the product's history, notes carry PRs (#n), Jira keys and commits from the commit messages.
    let prs = 0;
    let issues = 0;
    for (const n of nodes.slice(0, 8)) {
      const d = (await gql(server.url, DETAIL_QUERY, { id: nodeId(n) })).json().data?.productRelease as typeof r;
      for (const pr of d.details.prs) {
        assert.match(pr.key, /^#\d+$/);
        const v = JSON.parse(pr.value) as { url: string; commits: { sha: string }[] };
        assert.match(v.url, /\/pull\/\d+$/);
        assert.match(v.commits[0]!.sha, SHA);
        prs++;
      }
      for (const is of d.details.issues) {
        assert.match(is.key, /^[A-Z]+-\d+$/);
        assert.match((JSON.parse(is.value) as { url: string }).url, /browse\//);
        issues++;
      }
    }
    assert.ok(prs > 0 && issues > 0, `prs ${prs} issues ${issues}`);
    const missing = await gql(server.url, DETAIL_QUERY, { id: '000000000000000000000000' });
    assert.equal(missing.status, 200);
    assert.equal(missing.json().data?.productRelease, null);
  });

  it('returns 404 for other paths and 405 for GET', async () => {
    const nf = await fetch(`${server.url}/api/products`, { headers: { authorization: DEMO_API_KEY }, signal: AbortSignal.timeout(5000) });
    assert.equal(nf.status, 404);
    const get = await fetch(`${server.url}/2.0/api/graphql`, { headers: { authorization: DEMO_API_KEY }, signal: AbortSignal.timeout(5000) });
    assert.equal(get.status, 405);
    assert.ok(server.requests > 10);
  });
});

// Payload schemas and mapping into the core model: recorded payload samples (test/fixtures/payloads) parse and map
// to what the UI shows; malformed payloads fail with the query and field path; every enum value of every
// vocabulary survives the round trip; unknown values survive as `unknown` with the raw text.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ENUMS,
  ENUM_FIELDS_USED,
  type EnumName,
  EnvironmentsDataSchema,
  MAX_SKIP_REASONS,
  MeDataSchema,
  parseEdges,
  parsePayload,
  ProductReleaseEdgeSchema,
  ProductReleasesSliceSchema,
  PromotionsEdgeSchema,
  PromotionsSliceSchema,
  ProductReleaseDataSchema,
  ProductsDataSchema,
  PromotionFlowsDataSchema,
} from '../../../../src/backends/codefresh/schemas';
import {
  mapEnvironment,
  mapProduct,
  mapProductRelease,
  mapPromotionFlow,
  mapPromotionOrRelease,
  mapReleaseDetail,
  mapReleaseNotes,
} from '../../../../src/backends/codefresh/mapping';
import { BackendError } from '../../../../src/backends/types';
import {
  appPromotionStatus,
  environmentStatus,
  normalizeStatus,
  releaseStatus,
  workflowNodeStatus,
  workflowStatus,
} from '../../../../src/core/status';
import { environmentVerdict, releaseStatusFromEnvironments } from '../../../../src/core/rules';

// A whole page, every edge checked: the client reads a page edge by edge (parseEdges), these check the fixtures whole.
const PromotionsDataSchema = z.object({ promotions: PromotionsSliceSchema.shape.promotions.extend({ edges: z.array(PromotionsEdgeSchema) }) });
const ProductReleasesDataSchema = z.object({
  productReleases: ProductReleasesSliceSchema.shape.productReleases.extend({ edges: z.array(ProductReleaseEdgeSchema) }),
});

const FIXTURES = join(__dirname, '../../../fixtures/payloads');
function fixture(name: string): { data: unknown } {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as { data: unknown };
}
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function payloadError(fn: () => unknown): BackendError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BackendError, `expected BackendError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a payload error');
}

describe('codefresh schemas: recorded payloads map into the model', () => {
  it('maps a promotions page with both node kinds (Promotion and ProductRelease)', () => {
    const data = parsePayload('promotions', PromotionsDataSchema, fixture('promotions-current.json').data);
    assert.equal(data.promotions.pageInfo.endCursor, 'c2');
    const rows = data.promotions.edges.map((e) => mapPromotionOrRelease(e.node, 'my-product'));
    assert.deepEqual(
      rows.map((r) => [r.source.kind, r.id, r.status]),
      [
        ['promotion', '69143e08d3fc600692f605b6', 'TERMINATED'],
        ['product-release', '669fac7668fc487b38c2ad19', 'RUNNING'],
        ['product-release', '6726c9b65d5eb175438f4f3e', 'FAILED'],
      ],
    );
    const [promotion, running, failed] = rows;
    assert.ok(promotion && running && failed);
    // The real cli-v2 mock: author "Name <email>", version from promotionAppVersion, failure message kept.
    assert.equal(promotion.triggerCommit?.sha, 'b03059b9d9f1c1e0a7a4e5f6c7d8e9f0a1b29730');
    assert.equal(promotion.triggerCommit?.author, 'kim-codefresh <kim.aharfi@codefresh.io>');
    assert.equal(promotion.triggerCommit?.avatarUrl, 'https://avatars.githubusercontent.com/u/88274488?v=4');
    assert.equal(promotion.version, '0.1.0');
    assert.deepEqual(promotion.error, { message: 'terminated by concurrency' });
    assert.deepEqual(promotion.environments, [
      { name: 'dev', status: 'TERMINATED' },
      { name: 'staging', status: 'SKIPPED' },
    ]);
    assert.equal(promotion.flowName, 'test-post-trigger');
    // Manual promotion: null flow name stays null, not "null" or absent.
    assert.equal(running.flowName, null);
    assert.equal(running.version, '1.4.2');
    assert.deepEqual(running.initiator, { name: 'todaywasawesome' });
    assert.equal(releaseStatusFromEnvironments(running.environments.map((e) => environmentStatus(e.status).kind)), 'running');
    assert.deepEqual(failed.error, { code: 'STEP_FAILED', message: 'step qa failed' });
    assert.equal(failed.initiator, undefined);
    assert.equal(failed.version, undefined);
  });

  it('maps a legacy productReleases node, with per-environment statuses from steps and the full trigger commit', () => {
    const data = parsePayload('productReleases', ProductReleasesDataSchema, fixture('product-releases-legacy.json').data);
    const node = data.productReleases.edges[0]?.node;
    assert.ok(node);
    const r = mapProductRelease(node, 'demo-trioapp');
    assert.equal(r.productName, 'demo-trioapp');
    assert.deepEqual(r.source, { backend: 'codefresh', kind: 'product-release' });
    // The legacy query does not select promotionFlowName: the flow is not known (absent), not manual (null).
    assert.equal('flowName' in r, false);
    assert.deepEqual(r.triggerCommit, {
      sha: 'eea62d742aa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4',
      author: 'todaywasawesome <dan@example.com>',
      date: '2024-07-23T13:05:26.000Z',
      message: '[promotion:trio-flow] Merged PR: bump flask-ui',
      repoURL: 'https://github.com/aperture-sci/DevOps.git',
      branch: 'main',
      link: 'exact-sha',
    });
    // The promotion commits the list query selects are kept on the environment (the dev app has none yet).
    assert.deepEqual(r.environments, [
      { name: 'dev', status: 'SUCCEEDED' },
      {
        name: 'qa',
        status: 'FINALIZING',
        applicationCommits: [
          { application: { runtime: 'codefresh', namespace: 'codefresh', name: 'demo-trioapp-qa' }, commitSha: 'fedcba9876543210fedcba9876543210fedcba98' },
        ],
      },
    ]);
    // The legacy FINALIZING status reads as running.
    assert.equal(environmentStatus(r.environments[1]?.status).kind, 'running');
  });

  it('maps a release in detail: steps, workflows per application, applications with PRs, issues, hooks', () => {
    const data = parsePayload('productRelease', ProductReleaseDataSchema, fixture('product-release-detail.json').data);
    assert.ok(data.productRelease);
    const d = mapReleaseDetail(data.productRelease);
    assert.equal(d.triggerEnvironment, 'dev');
    assert.deepEqual(
      d.steps.map((s) => [s.environment, s.kind, s.dependsOn, s.status]),
      [
        ['dev', 'NON_PROD', [], 'SUCCEEDED'],
        ['qa', 'NON_PROD', ['dev'], 'FAILED'],
        ['staging', 'NON_PROD', ['qa'], 'SKIPPED'],
        ['prod', 'PROD', ['qa', 'staging'], 'SKIPPED'],
      ],
    );
    const [dev, qa, staging] = d.steps;
    assert.ok(dev && qa && staging);
    assert.equal(dev.active, true);
    assert.equal(dev.policyAction, 'commit');
    assert.equal(dev.postWorkflows[0]?.templateName, 'smoke-tests');
    assert.deepEqual(
      dev.postWorkflows[0]?.workflows.map((w) => w.applicationName),
      ['flask-ui-dev', 'api-dev'],
    );
    assert.equal(dev.applications[0]?.commitSha, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    assert.equal(qa.preWorkflows[0]?.status, 'Failed');
    assert.equal(qa.applications[0]?.pr?.url, 'https://github.com/aperture-sci/DevOps/pull/412');
    assert.equal(qa.applications[0]?.pr?.isMerged, false);
    assert.equal(appPromotionStatus(qa.applications[0]?.status).kind, 'failed');
    assert.deepEqual(
      qa.issues.map((i) => [i.type, i.level, i.message]),
      [
        ['WORKFLOW', 'ERROR', 'step lint failed'],
        ['APPLICATION', 'WARNING', 'app degraded'],
        ['GIT', 'ERROR', 'push rejected'],
      ],
    );
    assert.equal(qa.issues[0]?.workflowName, 'lint-manifests-q1');
    assert.equal(qa.issues[1]?.healthStatus, 'DEGRADED');
    // Null optional fields are absent, not null.
    assert.equal('active' in staging, false);
    assert.equal('startedAt' in staging, false);
    assert.deepEqual(d.hooks?.onStart, { templateName: 'slack-start', workflowName: 'slack-start-abc12', status: 'Succeeded' });
    assert.deepEqual(d.hooks?.onFail?.error, { message: 'template not found', date: '2025-11-10T10:20:00.000Z' });
    assert.equal(d.hooks?.onSuccess, undefined);
    // The core rules read the mapped detail: qa failed on its pre-action workflow.
    assert.equal(environmentVerdict(qa, d.steps).kind, 'failed');
  });

  it('maps release notes: annotation values parsed leniently, PR commits, images, builds, GitOps commits and PRs', () => {
    const data = parsePayload('productRelease (notes)', ProductReleaseDataSchema, fixture('product-release-notes.json').data);
    assert.ok(data.productRelease);
    const n = mapReleaseNotes(data.productRelease);
    assert.equal(n.releaseId, '669fac7668fc487b38c2ad19');
    assert.deepEqual(n.issues, [
      { key: 'AP-45834', title: 'Fix the login button', url: 'https://jira.example/browse/AP-45834', status: 'Done', assignee: 'Dan', source: 'backend' },
      { key: 'AP-1', title: 'Wrapped value', url: 'https://jira.example/browse/AP-1', source: 'backend' },
      // Broken JSON in the value: the key still shows.
      { key: 'AP-2', source: 'backend' },
    ]);
    assert.equal(n.pullRequests[0]?.key, '#12');
    assert.equal(n.pullRequests[0]?.number, 12);
    assert.equal(n.pullRequests[0]?.author, 'alice');
    // The commit entry with a non-string sha is dropped, the good one kept.
    assert.deepEqual(n.pullRequests[0]?.commits, [
      { sha: '1111111111111111111111111111111111111111', message: 'login form', url: 'https://github.com/o/r/commit/1111111111111111111111111111111111111111', author: 'alice' },
    ]);
    assert.deepEqual(n.pullRequests[1], { key: 'o/r#13', number: 13, source: 'backend' });
    assert.deepEqual(
      n.commits.map((c) => c.sha),
      ['1111111111111111111111111111111111111111'],
    );
    assert.deepEqual(n.images, [
      {
        image: 'docker.io/aperturesci/flask-ui:main-4026891',
        repositoryName: 'aperturesci/flask-ui',
        tag: 'main-4026891',
        binaryId: 'b1',
        workflowUrl: 'https://ci.example/1',
        source: 'backend',
      },
    ]);
    assert.deepEqual(n.builds, [{ id: 'build-1', pipeline: 'ci/flask-ui' }]);
    assert.deepEqual(
      n.gitopsCommits.map((c) => c.sha),
      ['bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
    );
    assert.deepEqual(n.gitopsPullRequests.map((p) => [p.key, p.url]), [['o/gitops#7', 'https://github.com/o/gitops/pull/7']]);
  });

  it('maps products with environments sorted by position, full flows when known and name-only flows otherwise', () => {
    const products = parsePayload('products', ProductsDataSchema, fixture('products.json').data).products.edges.map((e) => e.node);
    const flows = parsePayload('promotionFlows', PromotionFlowsDataSchema, fixture('promotion-flows.json').data).promotionFlows.edges.map((e) =>
      mapPromotionFlow(e.node),
    );
    const envs = parsePayload('environments', EnvironmentsDataSchema, fixture('environments.json').data).environments.map(mapEnvironment);
    const [p] = products.map((x) => mapProduct(x, new Map(flows.map((f) => [f.name, f])), new Map(envs.map((e) => [e.name, e]))));
    assert.ok(p);
    assert.equal(p.name, 'demo-trioapp');
    assert.deepEqual(p.environments.map((e) => [e.name, e.kind]), [
      ['dev', 'NON_PROD'],
      ['qa', 'NON_PROD'],
      ['prod', 'PROD'],
    ]);
    assert.equal(p.concurrency, 'queue');
    assert.deepEqual(p.latestRelease, { id: '669fac7668fc487b38c2ad19', status: 'RUNNING', createdAt: '2025-11-10T10:00:00.000Z', version: '1.4.2' });
    assert.equal(p.flows[0]?.triggerEnvironment, 'dev');
    assert.deepEqual(p.flows[0]?.steps[0], { environment: 'qa', dependsOn: ['dev'], policy: { action: 'pr', preAction: 'lint-manifests' } });
    assert.deepEqual(p.flows[0]?.steps[1]?.hooks, { onStart: 'notify', onFail: 'page-oncall' });
    assert.deepEqual(p.flows[1], { name: 'ghost-flow', triggerEnvironment: '', steps: [] });
  });

  it('parses me', () => {
    const me = parsePayload('me', MeDataSchema, fixture('me.json').data).me;
    assert.equal(me?.name, 'Dan');
    assert.equal(me?.activeAccount?.name, 'aperture-sci');
  });
});

describe('codefresh schemas: malformed payloads name the query and the field path', () => {
  const promotions = fixture('promotions-current.json').data as {
    promotions: { edges: { node: Record<string, unknown> }[]; pageInfo: Record<string, unknown> };
  };

  it('a wrong type deep in a list', () => {
    const bad = clone(promotions);
    const node = bad.promotions.edges[2]?.node;
    assert.ok(node);
    node.status = 42;
    const e = payloadError(() => parsePayload('promotions', PromotionsDataSchema, bad));
    assert.equal(e.kind, 'payload');
    assert.equal(e.message, 'Could not read the release list (promotions): data.promotions.edges[2].node.status: expected string, got number');
    assert.equal(e.details?.path, 'data.promotions.edges[2].node.status');
    assert.equal(e.details?.query, 'promotions');
  });

  it('a missing required field', () => {
    const bad = clone(promotions);
    delete bad.promotions.edges[0]?.node.id;
    const e = payloadError(() => parsePayload('promotions', PromotionsDataSchema, bad));
    assert.equal(e.message, 'Could not read the release list (promotions): data.promotions.edges[0].node.id: expected string, got missing');
  });

  it('an unknown __typename', () => {
    const bad = clone(promotions);
    const node = bad.promotions.edges[1]?.node;
    assert.ok(node);
    node.__typename = 'Deployment';
    const e = payloadError(() => parsePayload('promotions', PromotionsDataSchema, bad));
    assert.match(e.message, /^Could not read the release list \(promotions\): data\.promotions\.edges\[1\]\.node(\.__typename)?: unknown __typename "Deployment"/);
  });

  it('null where a list is required, and how many more problems there are', () => {
    const bad = clone(promotions);
    const n0 = bad.promotions.edges[0]?.node;
    const n1 = bad.promotions.edges[1]?.node;
    assert.ok(n0 && n1);
    n0.environments = null;
    n1.createdAt = 7;
    const e = payloadError(() => parsePayload('promotions', PromotionsDataSchema, bad));
    assert.equal(e.message, 'Could not read the release list (promotions): data.promotions.edges[0].node.environments: expected array, got null (and 1 more problem)');
  });

  it('a page without pageInfo.hasNextPage', () => {
    const bad = clone(promotions);
    bad.promotions.pageInfo = { endCursor: 'x' };
    const e = payloadError(() => parsePayload('promotions', PromotionsDataSchema, bad));
    assert.equal(e.message, 'Could not read the release list (promotions): data.promotions.pageInfo.hasNextPage: expected boolean, got missing');
  });
});

describe('codefresh schemas: release lists are read edge by edge', () => {
  const promotions = fixture('promotions-current.json').data as {
    promotions: { edges: { node: Record<string, unknown> }[]; pageInfo: Record<string, unknown> };
  };

  it('keeps the edges that pass, and names the field path of each one left out', () => {
    const edges: unknown[] = clone(promotions.promotions.edges);
    const n1 = (edges[1] as { node: Record<string, unknown> }).node;
    n1.status = 42;
    edges.push({ node: { __typename: 'Deployment', id: 'x' } }, null);
    const parsed = parseEdges('data.promotions.edges', PromotionsEdgeSchema, edges);
    assert.deepEqual(parsed.edges.map((e) => e.index), [0, 2]);
    assert.equal(parsed.skipped, 3);
    assert.deepEqual(parsed.reasons.slice(0, 1), ['data.promotions.edges[1].node.status: expected string, got number']);
    assert.match(parsed.reasons[1] ?? '', /^data\.promotions\.edges\[3\]\.node(\.__typename)?: unknown __typename "Deployment"/);
    assert.equal(parsed.reasons[2], 'data.promotions.edges[4]: expected object, got null');
  });

  it('counts every edge left out but keeps only the first few reasons', () => {
    const edges = Array.from({ length: 40 }, (_, i) => ({ node: { releaseId: `r${i}` } }));
    const parsed = parseEdges('data.productReleases.edges', ProductReleaseEdgeSchema, edges);
    assert.equal(parsed.skipped, 40);
    assert.equal(parsed.reasons.length, MAX_SKIP_REASONS);
    assert.equal(parsed.reasons[0], 'data.productReleases.edges[0].node.status: expected string, got missing');
  });

  it("maps nodes of the official CLI's oldest legacy query (releaseId, steps { environmentName status }, status)", () => {
    const data = {
      productReleases: {
        edges: [
          { node: { releaseId: 'a1', steps: [{ environmentName: 'dev', status: 'SUCCEEDED' }], status: 'SUCCEEDED', updatedAt: '2024-05-01T10:00:00.000Z' } },
          { node: { releaseId: 'a2', steps: [{ environmentName: 'dev', status: 'RUNNING' }], status: 'RUNNING' } },
        ],
      },
    };
    const slice = parsePayload('productReleases', ProductReleasesSliceSchema, data).productReleases;
    const parsed = parseEdges('data.productReleases.edges', ProductReleaseEdgeSchema, slice.edges);
    assert.equal(parsed.skipped, 0);
    const [withUpdate, bare] = parsed.edges.map((e) => mapProductRelease(e.edge.node, 'shop'));
    assert.ok(withUpdate && bare);
    // No createdAt: updatedAt stands in, and says so.
    assert.equal(withUpdate.createdAt, '2024-05-01T10:00:00.000Z');
    assert.equal(withUpdate.createdAtFallback, 'updatedAt');
    // Neither: no date at all rather than an invented one.
    assert.equal(bare.createdAt, '');
    assert.equal(bare.createdAtFallback, 'none');
    assert.deepEqual(bare.environments, [{ name: 'dev', status: 'RUNNING' }]);
    assert.equal(bare.productName, 'shop');
  });

  it('a release whose flow the API reports as null is a manual promotion; one without the field is flow not known', () => {
    const base = { releaseId: 'a1', status: 'SUCCEEDED', createdAt: '2024-05-01T10:00:00.000Z' };
    const manual = mapProductRelease(ProductReleaseDataSchema.parse({ productRelease: { ...base, promotionFlowName: null } }).productRelease ?? assert.fail());
    const named = mapProductRelease(ProductReleaseDataSchema.parse({ productRelease: { ...base, promotionFlowName: 'trio' } }).productRelease ?? assert.fail());
    const unknown = mapProductRelease(ProductReleaseDataSchema.parse({ productRelease: base }).productRelease ?? assert.fail());
    assert.equal(manual.flowName, null);
    assert.equal(named.flowName, 'trio');
    assert.equal('flowName' in unknown, false);
    assert.equal(unknown.createdAtFallback, undefined);
  });
});

describe('codefresh schemas: enum vocabularies', () => {
  it('uses every known enum in some schema field, and lists only enums with values', () => {
    for (const name of Object.keys(ENUMS) as EnumName[]) {
      assert.ok(ENUM_FIELDS_USED.has(name), `${name} is listed in ENUMS but no schema field reads it`);
      assert.ok(ENUMS[name].values.length > 0, `${name} has no values`);
    }
  });

  it('every value of every status enum has a mapping in src/core/status.ts (adding one without a mapping fails here)', () => {
    for (const [name, info] of Object.entries(ENUMS)) {
      if (!('vocabulary' in info)) continue;
      for (const value of info.values) {
        const status = normalizeStatus(info.vocabulary, value);
        assert.equal(status.raw, value);
        // Argo's own "Unknown" workflow phase is the one value that deliberately normalises to unknown.
        if (name === 'WorkflowPhases' && value === 'Unknown') assert.equal(status.kind, 'unknown');
        else assert.notEqual(status.kind, 'unknown', `${name}.${value} has no mapping in src/core/status.ts`);
      }
    }
  });

  it('every value round-trips through a payload, the mapping and the normaliser', () => {
    const base = fixture('product-release-detail.json').data as { productRelease: Record<string, unknown> };
    const check = (mutate: (r: Record<string, unknown>) => void, read: (d: ReturnType<typeof mapReleaseDetail>) => unknown, value: string): void => {
      const copy = clone(base);
      mutate(copy.productRelease);
      const parsed = parsePayload('productRelease', ProductReleaseDataSchema, copy).productRelease;
      assert.ok(parsed);
      assert.equal(read(mapReleaseDetail(parsed)), value);
    };
    type Step = Record<string, unknown> & { preWorkflowsStepsView: Record<string, unknown>[]; applications: Record<string, unknown>[] };
    const steps = (r: Record<string, unknown>): Step[] => r.steps as Step[];
    for (const v of ENUMS.ProductReleasePublicStatus.values) {
      check((r) => (r.status = v), (d) => d.status, v);
      assert.notEqual(releaseStatus(v).kind, 'unknown');
    }
    for (const v of ENUMS.ProductReleaseStepStatus.values) check((r) => (steps(r)[0]!.status = v), (d) => d.steps[0]?.status, v);
    for (const v of ENUMS.WorkflowNodePhases.values) {
      check((r) => (steps(r)[1]!.preWorkflowsStepsView[0]!.status = v), (d) => d.steps[1]?.preWorkflows[0]?.status, v);
      assert.notEqual(workflowNodeStatus(v).kind, 'unknown');
    }
    for (const v of ENUMS.ExtendedWorkflowPhases.values) check((r) => (steps(r)[1]!.applications[0]!.status = v), (d) => d.steps[1]?.applications[0]?.status, v);
    for (const v of ENUMS.WorkflowPhases.values)
      check((r) => ((r.hooks as Record<string, Record<string, unknown>>).onStart!.status = v), (d) => d.hooks?.onStart?.status, v);
    for (const v of ENUMS.EnvironmentKind.values) check((r) => (steps(r)[0]!.environmentKind = v), (d) => d.steps[0]?.kind, v);
    for (const v of ENUMS.PromotionPolicyAction.values) check((r) => (steps(r)[0]!.policyAction = v), (d) => d.steps[0]?.policyAction, v);
    for (const v of ENUMS.ProductReleaseErrorCode.values)
      check((r) => ((r.error as Record<string, unknown>).code = v), (d) => d.error?.code, v);

    const promo = fixture('promotions-current.json').data as { promotions: { edges: { node: Record<string, unknown> }[] } };
    for (const v of ENUMS.EnvironmentStatus.values) {
      const copy = clone(promo);
      (copy.promotions.edges[0]!.node.environments as Record<string, unknown>[])[0]!.status = v;
      const parsed = parsePayload('promotions', PromotionsDataSchema, copy);
      const row = mapPromotionOrRelease(parsed.promotions.edges[0]!.node);
      assert.equal(row.environments[0]?.status, v);
      assert.notEqual(environmentStatus(v).kind, 'unknown');
    }
  });

  it('an unknown enum value from a newer API is accepted, kept raw and normalises to unknown', () => {
    const copy = clone(fixture('product-release-detail.json').data) as { productRelease: Record<string, unknown> };
    const r = copy.productRelease;
    r.status = 'ROLLING_BACK';
    const steps = r.steps as Record<string, unknown>[];
    steps[0]!.status = 'WARPING';
    (steps[1]!.preWorkflowsStepsView as Record<string, unknown>[])[0]!.status = 'Paused';
    (steps[1]!.applications as Record<string, unknown>[])[0]!.status = 'BLESSED';
    (r.hooks as Record<string, Record<string, unknown>>).onStart!.status = 'Hibernating';
    steps[0]!.environmentKind = 'SANDBOX';
    const parsed = parsePayload('productRelease', ProductReleaseDataSchema, copy).productRelease;
    assert.ok(parsed);
    const d = mapReleaseDetail(parsed);
    assert.deepEqual(releaseStatus(d.status), { kind: 'unknown', raw: 'ROLLING_BACK' });
    assert.deepEqual(environmentStatus(d.steps[0]?.status), { kind: 'unknown', raw: 'WARPING' });
    assert.deepEqual(workflowNodeStatus(d.steps[1]?.preWorkflows[0]?.status), { kind: 'unknown', raw: 'Paused' });
    assert.deepEqual(appPromotionStatus(d.steps[1]?.applications[0]?.status), { kind: 'unknown', raw: 'BLESSED' });
    assert.deepEqual(workflowStatus(d.hooks?.onStart?.status), { kind: 'unknown', raw: 'Hibernating' });
    assert.equal(d.steps[0]?.kind, 'SANDBOX');
  });

  it('an unknown issue type still shows its message', () => {
    const copy = clone(fixture('product-release-detail.json').data) as { productRelease: { steps: { issues: unknown[] }[] } };
    copy.productRelease.steps[1]!.issues.push({ __typename: 'PolicyIssue', date: '2025-01-01T00:00:00.000Z', message: 'blocked by policy', type: 'POLICY', level: 'ERROR' });
    const parsed = parsePayload('productRelease', ProductReleaseDataSchema, copy).productRelease;
    assert.ok(parsed);
    assert.deepEqual(mapReleaseDetail(parsed).steps[1]?.issues[3], { type: 'POLICY', level: 'ERROR', message: 'blocked by policy', date: '2025-01-01T00:00:00.000Z' });
  });
});

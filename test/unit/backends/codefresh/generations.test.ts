// cli-v2-style detection of older platforms from the error text, including the two markers the demo server cannot
// produce (`Unknown argument "productNames"`, no `ProductReleaseStep.applications`), over a loopback stub that
// answers like Apollo (HTTP 400 + errors[]), with the quotes JSON-escaped as cli-v2 matches them.

import { strict as assert } from 'node:assert';
import { apiGenerationFor, createCodefreshBackend, forgetApiGeneration } from '../../../../src/backends/codefresh';
import { olderGenerationFor } from '../../../../src/backends/codefresh/backend';
import { BackendError } from '../../../../src/backends/types';
import { captureLogger, sendJson, startStub, type Stub } from './helpers';

const LEGACY_NODE = {
  releaseId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
  triggerCommit: { sha: 'b'.repeat(40), committer: 'Ada', date: '2024-01-01T00:00:00.000Z', message: 'm', repoURL: 'https://x/y', revision: 'main' },
  steps: [{ environmentName: 'dev', status: 'SUCCEEDED' }],
  status: 'SUCCEEDED',
  updatedAt: '2024-01-01T00:00:00.000Z',
  createdAt: '2024-01-01T00:00:00.000Z',
};

const validation = (message: string) => ({ errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });

describe('codefresh API generation detection', function () {
  this.timeout(10_000);
  let stub: Stub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('falls back promotions → productReleases → productReleases without applications, and remembers the last', async () => {
    stub = await startStub((req, res) => {
      const q = req.json?.query ?? '';
      if (q.includes('promotions(')) return sendJson(res, 400, validation('Unknown argument "productNames" on field "ProductReleaseFiltersArgs".'));
      if (q.includes('applications')) return sendJson(res, 400, validation('Cannot query field "applications" on type "ProductReleaseStep".'));
      sendJson(res, 200, { data: { productReleases: { pageInfo: null, edges: [{ node: LEGACY_NODE, cursor: 'k1' }] } } });
    });
    forgetApiGeneration(stub.url);
    const log = captureLogger();
    const b = createCodefreshBackend({ baseUrl: stub.url, apiKey: 'test-key-0123456789', log });
    const page = await b.listReleases('shop');
    await b.dispose();
    assert.equal(page.requests, 3);
    assert.deepEqual(page.releases.map((r) => [r.id, r.productName, r.environments[0]?.status]), [['aaaaaaaaaaaaaaaaaaaaaaaa', 'shop', 'SUCCEEDED']]);
    // Without pageInfo (as cli-v2's query), there is no next page; the last edge's cursor is kept.
    assert.equal(page.hasMore, false);
    assert.equal(page.endCursor, 'k1');
    assert.equal(apiGenerationFor(stub.url), 'productReleasesNoApps');
    assert.deepEqual(
      stub.requests.map((r) => (r.json?.query?.includes('promotions(') ? 'promotions' : r.json?.query?.includes('applications') ? 'legacy' : 'legacy-no-apps')),
      ['promotions', 'legacy', 'legacy-no-apps'],
    );
    // The legacy query gets the product name and the required (empty) filters.
    assert.deepEqual(stub.requests[2]?.json?.variables, { productName: 'shop', filters: {}, pagination: { first: 50 } });
    assert.equal(log.lines.filter((l) => /older platform/.test(l)).length, 2);
  });

  it('matches the markers with or without JSON-escaped quotes, and nothing else', () => {
    const err = (message: string, kind: 'graphql' | 'http' | 'network' = 'graphql') => new BackendError(kind, message);
    assert.equal(olderGenerationFor(err('Could not read the release list (promotions): Cannot query field "promotions" on type "Query".'), 'promotions'), 'productReleases');
    assert.equal(olderGenerationFor(err('HTTP 400: {"errors":[{"message":"Cannot query field \\"promotions\\" on type \\"Query\\"."}]}', 'http'), 'promotions'), 'productReleases');
    assert.equal(olderGenerationFor(err('Cannot query field "applications" on type "ProductReleaseStep".'), 'productReleases'), 'productReleasesNoApps');
    assert.equal(olderGenerationFor(err('Cannot query field "applications" on type "ProductReleaseStep".'), 'productReleasesNoApps'), undefined);
    assert.equal(olderGenerationFor(err('Cannot query field "promotions" on type "Query".'), 'productReleases'), undefined);
    assert.equal(olderGenerationFor(err('promotion service unavailable'), 'promotions'), undefined);
    assert.equal(olderGenerationFor(err('Cannot query field "promotions" on type "Query".', 'network'), 'promotions'), undefined);
    assert.equal(olderGenerationFor(new Error('Cannot query field "promotions" on type "Query".'), 'promotions'), undefined);
  });

  it('a GraphQL error that is not a version marker is reported as is, without fallback', async () => {
    stub = await startStub((_req, res) => sendJson(res, 200, { data: null, errors: [{ message: 'Forbidden: no access to product shop' }] }));
    forgetApiGeneration(stub.url);
    const b = createCodefreshBackend({ baseUrl: stub.url, apiKey: 'test-key-0123456789' });
    const e = await b.listReleases('shop').then(
      () => assert.fail('expected an error'),
      (x: unknown) => x,
    );
    await b.dispose();
    assert.ok(e instanceof BackendError);
    assert.equal(e.kind, 'graphql');
    assert.equal(e.message, 'Could not read the release list (promotions): Forbidden: no access to product shop');
    assert.equal(stub.requests.length, 1);
    assert.equal(apiGenerationFor(stub.url), undefined);
  });
});

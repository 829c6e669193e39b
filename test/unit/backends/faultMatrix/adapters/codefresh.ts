// Codefresh GitOps in the fault matrix: GraphQL over POST /2.0/api/graphql with the API key as the bare
// `Authorization` header (https://codefresh.io/docs/docs/integrations/codefresh-api/). The read is `promotions`
// (a Relay connection of Promotion | ProductRelease nodes); the paged read follows its `endCursor` to `limit`.
// Codefresh offers no actions from the editor, and its cursors are opaque strings, not URLs.

import { strict as assert } from 'node:assert';
import { createCodefreshBackend, forgetApiGeneration, forgetMissingQueries } from '../../../../../src/backends/codefresh';
import type { ReleasePage } from '../../../../../src/backends/types';
import type { StubRequest } from '../../codefresh/helpers';
import { type Adapter, type Answer, type Item, json, send } from '../adapter';

const PRODUCT = 'storefront';
const hex24 = (i: number): string => i.toString(16).padStart(24, '0');
const sha = (i: number): string => i.toString(16).padStart(40, 'a');
const iso = (i: number): string => new Date(Date.UTC(2025, 0, 1) - i * 60_000).toISOString();

/** A `Promotion` node as the current `promotions` query returns it; newest first by `i`. */
function promotion(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __typename: 'Promotion',
    id: hex24(i),
    productName: PRODUCT,
    promotionFlowName: 'to-prod',
    status: 'SUCCEEDED',
    environments: [{ __typename: 'PromotionEnvironment', name: 'dev', status: 'SUCCEEDED' }],
    triggerCommitInfo: { commitSha: sha(i), commitAuthor: 'Ada <ada@example.invalid>' },
    promotionAppVersion: `1.0.${i}`,
    createdAt: iso(i),
    ...over,
  };
}

function connection(nodes: unknown[], hasNextPage: boolean, cursorOf: (i: number) => string, extra: Record<string, unknown> = {}): Answer {
  return json(200, {
    data: {
      promotions: {
        pageInfo: { hasNextPage, hasPrevPage: false, startCursor: cursorOf(0), endCursor: cursorOf(nodes.length - 1) },
        edges: nodes.map((node, i) => ({ node, cursor: cursorOf(i) })),
      },
    },
    ...extra,
  });
}

function node(item: Item): Record<string, unknown> {
  if (typeof item === 'number') return promotion(item);
  if ('bad' in item) {
    if (item.bad === 'missing-field') {
      const p = promotion(item.index);
      delete p.id;
      return p;
    }
    // An unknown `__typename`: the client quotes it in its reason, so an echoed secret would show there.
    return promotion(item.index, { __typename: item.text });
  }
  if ('odd' in item) return promotion(item.index, { status: 'PAUSED_BY_OPERATOR' });
  return promotion(item.index, { failure: { message: 'x'.repeat(item.big) } });
}

const hugeCache = new Map<string, string>();
function huge(count: number, kind: 'good' | 'bad'): string {
  const key = `${kind}${count}`;
  const cached = hugeCache.get(key);
  if (cached) return cached;
  const parts: string[] = [];
  // A bad node lacks `environments`, which every release must have.
  const envs = kind === 'good' ? '"environments":[],' : '';
  for (let i = 0; i < count; i++)
    parts.push(`{"cursor":"c${i}","node":{"__typename":"Promotion","id":"r${i}","productName":"${PRODUCT}","status":"SUCCEEDED",${envs}"createdAt":"2025-01-01T00:00:00Z"}}`);
  const text = `{"data":{"promotions":{"pageInfo":{"hasNextPage":false,"endCursor":"c${count - 1}"},"edges":[${parts.join(',')}]}}}`;
  hugeCache.set(key, text);
  return text;
}

const isGraphql = (req: StubRequest): boolean => req.method === 'POST' && req.url.startsWith('/2.0/api/graphql');
const releaseIds = (p: ReleasePage) => ({ items: p.releases.map((r) => r.id), skipped: p.skipped, warnings: p.warnings, value: p });

export const codefresh: Adapter = {
  name: 'Codefresh',
  token: 'cf-key-7d41e0b9c2aa.Qm5Rt8Vx',
  carriesToken: (req) => req.headers.authorization === codefresh.token,
  async create({ url, log, tuning }) {
    forgetApiGeneration(url);
    forgetMissingQueries(url);
    return createCodefreshBackend({
      baseUrl: url,
      apiKey: codefresh.token,
      log,
      retries: tuning.retries,
      backoff: tuning.backoff,
      timeouts: { connectMs: tuning.connectMs, totalMs: tuning.totalMs },
    });
  },
  read: {
    run: async (b, signal, pageSize) => releaseIds(await b.listReleases(PRODUCT, { pageSize, signal })),
    isTarget: isGraphql,
    good: () => connection([promotion(1), promotion(2), promotion(3)], false, (i) => `c${i}`),
    goodItems: [1, 2, 3].map(hex24),
    page: (_req, items) => connection(items.map(node), false, (i) => `c${i}`),
    id: hex24,
    missingReason: (i) => new RegExp(`data\\.promotions\\.edges\\[${i}\\]\\.node\\.id.*missing`),
    huge,
    wrongShape: () => json(200, { data: null }),
  },
  page: {
    // Two per page, six asked for: three pages when the server keeps offering more.
    run: async (b, signal) => releaseIds(await b.listReleases(PRODUCT, { pageSize: 2, limit: 6, signal })),
    isTarget: isGraphql,
    good: (_req, n, next = n < 2 ? 'same' : 'none') =>
      connection([promotion(100 + 2 * n), promotion(101 + 2 * n)], next !== 'none', (i) => `p${n}.${i}`),
    goodItems: [100, 101, 102, 103, 104, 105].map(hex24),
    unreadablePage: (_req, n) => {
      // Nodes without `environments`, which every release has.
      const bad = (i: number): Record<string, unknown> => ({ __typename: 'Promotion', id: `bad${n}.${i}`, productName: PRODUCT, status: 'SUCCEEDED' });
      return connection([bad(0), bad(1)], true, (i) => `p${n}.${i}`);
    },
  },
  errorBody: (status, message) => json(status, { error: message, status }),
  graphqlErrors(_req, message, data) {
    if (data === 'none') return json(200, { data: null, errors: [{ message }] });
    if (data === 'null-root') return json(200, { data: { promotions: null }, errors: [{ message, path: ['promotions'] }] });
    return connection([promotion(1), promotion(2)], false, (i) => `c${i}`, { errors: [{ message, path: ['promotions', 'edges', 2] }] });
  },
  unknownTypes: (_req, typenames, good) => connection([...typenames.map((t) => ({ __typename: t, id: 'x' })), ...good.map((i) => promotion(i))], false, (i) => `c${i}`),
  olderApi: {
    // The oldest generation: no `promotions` root field, and no `applications` on a release step (cli-v2's markers).
    serve(req, res) {
      const q = req.json?.query ?? '';
      const validation = (message: string): Answer => json(400, { errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
      if (q.includes('promotions(')) return send(res, validation('Cannot query field "promotions" on type "Query".'));
      if (q.includes('applications')) return send(res, validation('Cannot query field "applications" on type "ProductReleaseStep".'));
      send(res, json(200, {
        data: {
          productReleases: {
            edges: [
              { node: { releaseId: hex24(7), steps: [{ environmentName: 'dev', status: 'SUCCEEDED' }], status: 'SUCCEEDED' } },
              { node: { releaseId: hex24(8), steps: [{ environmentName: 'dev', status: 'FAILED' }], status: 'FAILED' } },
            ],
          },
        },
      }));
    },
    ids: [hex24(7), hex24(8)],
    requests: 3,
    check: (o) => {
      const [first] = (o.value as ReleasePage).releases;
      assert.ok(first);
      assert.deepEqual(first.environments, [{ name: 'dev', status: 'SUCCEEDED' }]);
      // No date is invented: the release says it has none, and keeps the API's order.
      assert.equal(first.createdAt, '');
      assert.equal(first.createdAtFallback, 'none');
      // The legacy query does not select the flow: not known, which is not the same as a manual promotion (null).
      assert.equal(first.flowName, undefined);
    },
  },
  features: ['graphql', 'unions', 'olderApi'],
  missing: {
    write: 'Codefresh offers no actions from the editor (capabilities.actions is empty)',
    linkPaging: 'GraphQL cursors are opaque strings, not URLs: there is no next link to point elsewhere',
  },
  serve(req, res) {
    // Every request of these calls is a target; anything else is a query the matrix did not expect.
    send(res, json(400, { errors: [{ message: `the fault matrix did not expect ${req.method} ${req.url}` }] }));
  },
};

// Kargo in the fault matrix: its REST API under /v1beta1 with `Authorization: Bearer …`, in the shapes of Kargo's
// swagger.json (https://github.com/akuity/kargo/blob/main/api/swagger.json):
// - read: listReleases of a Project; releases are its Freight (`GET …/freight`, the target), with Stages and
//   Promotions listed alongside (watch streams off, as for a one-shot call, so every row sees plain requests);
// - write: approve a Freight for a Stage (`POST …/freight/{name}/approve?stage=`), which must go out at most once.
// Kargo's lists come whole (no page token), so there is no paged read.

import { KargoBackend, type KargoOptions } from '../../../../../src/backends/kargo/backend';
import type { StubRequest } from '../../codefresh/helpers';
import { type Adapter, type Answer, type Item, json, send } from '../adapter';

const PROJECT = 'shop';
const iso = (i: number): string => new Date(Date.UTC(2025, 0, 1) - i * 60_000).toISOString();
const name = (i: number): string => `f${i.toString(16).padStart(8, '0')}`;
const api = (path: string): string => `/v1beta1/projects/${PROJECT}${path}`;

/** A Freight from Warehouse `app`, newer for a smaller `i`. */
function freight(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    metadata: { name: name(i), namespace: PROJECT, creationTimestamp: iso(i) },
    alias: `alias-${i}`,
    origin: { kind: 'Warehouse', name: 'app' },
    commits: [{ repoURL: 'https://example.invalid/shop.git', id: i.toString(16).padStart(40, 'a'), message: `feat: change ${i}`, author: 'Ada <ada@example.invalid>' }],
    images: [{ repoURL: 'ghcr.io/example/shop', tag: `v1.0.${i}`, digest: `sha256:${i.toString(16).padStart(64, '0')}` }],
    status: {},
    ...over,
  };
}

const STAGES = {
  items: ['dev', 'prod'].map((s, i) => ({
    metadata: { name: s, namespace: PROJECT, creationTimestamp: iso(1000) },
    spec: {
      requestedFreight: [{ origin: { kind: 'Warehouse', name: 'app' }, sources: i === 0 ? { direct: true } : { stages: ['dev'] } }],
      promotionTemplate: { spec: { steps: [{ uses: 'git-clone', as: 'clone' }, { uses: 'argocd-update' }] } },
    },
  })),
  metadata: { resourceVersion: '10' },
};

function groups(items: unknown[]): Answer {
  return json(200, { groups: { '': { items } } });
}

function item(it: Item): Record<string, unknown> {
  if (typeof it === 'number') return freight(it);
  if ('bad' in it) {
    if (it.bad === 'missing-field') {
      const f = freight(it.index);
      delete f.origin;
      return f;
    }
    return freight(it.index, { metadata: { name: 42, labels: { echo: it.text } }, origin: it.text });
  }
  if ('odd' in it) return freight(it.index, { status: { currentlyIn: { dev: { since: iso(it.index) } }, phase: 'PAUSED_BY_OPERATOR' } });
  return freight(it.index, { commits: [{ id: 'a'.repeat(40), message: 'x'.repeat(it.big) }] });
}

const hugeCache = new Map<string, string>();
function huge(count: number, kind: 'good' | 'bad'): string {
  const key = `${kind}${count}`;
  const cached = hugeCache.get(key);
  if (cached) return cached;
  const parts: string[] = [];
  // What a Freight must have; a bad one lacks its origin.
  for (let i = 0; i < count; i++)
    parts.push(`{"metadata":{"name":"${name(i + 1)}","creationTimestamp":"2025-01-01T00:00:00Z"}${kind === 'good' ? ',"origin":{"kind":"Warehouse","name":"app"}' : ''}}`);
  const text = `{"groups":{"":{"items":[${parts.join(',')}]}}}`;
  hugeCache.set(key, text);
  return text;
}

const path = (req: StubRequest): string => req.url.split('?')[0] ?? '';

export const kargo: Adapter = {
  name: 'Kargo',
  token: 'kargo-7d41e0b9c2aa.Qm5Rt8Vx.leak-canary',
  carriesToken: (req) => req.headers.authorization === `Bearer ${kargo.token}`,
  async create({ url, log, tuning }) {
    const options: KargoOptions = {
      baseUrl: url,
      token: kargo.token,
      log,
      project: PROJECT,
      watch: false,
      timeouts: { connectMs: tuning.connectMs, totalMs: tuning.totalMs },
      retries: tuning.retries,
      backoff: tuning.backoff,
    };
    return new KargoBackend(options);
  },
  read: {
    run: async (b, signal, pageSize) => {
      const p = await b.listReleases(PROJECT, { pageSize, signal });
      return { items: p.releases.map((r) => r.id), skipped: p.skipped, warnings: p.warnings, value: p };
    },
    isTarget: (req) => req.method === 'GET' && path(req) === api('/freight'),
    good: () => groups([freight(1), freight(2), freight(3)]),
    goodItems: [1, 2, 3].map((i) => `${PROJECT}/${name(i)}`),
    page: (_req, items) => groups(items.map(item)),
    id: (i) => `${PROJECT}/${name(i)}`,
    missingReason: (i) => new RegExp(`items\\[${i}\\]\\.origin`),
    huge,
    wrongShape: () => json(200, { groups: [] }),
  },
  write: {
    run: async (b, signal) => {
      if (!b.act) throw new Error('the Kargo backend has no act');
      const r = await b.act({ action: 'approve', releaseId: `${PROJECT}/${name(1)}`, productName: PROJECT, environment: 'prod' }, signal);
      return { items: [r.message], value: r };
    },
    isTarget: (req) => req.method === 'POST' && path(req) === api(`/freight/${name(1)}/approve`),
    good: () => json(200, {}),
    goodItems: ['Approved alias-1 for prod.'],
  },
  errorBody: (status, message) => json(status, { error: message }),
  features: [],
  missing: {
    page: 'Kargo answers every list whole (no page token or next link)',
    linkPaging: 'Kargo answers every list whole (no page token or next link)',
    graphql: 'a REST API',
    unions: 'each list has one kind',
    olderApi: 'the client speaks one API version',
  },
  serve(req, res) {
    const p = path(req);
    if (req.method === 'GET' && p === api('')) return send(res, json(200, { metadata: { name: PROJECT }, status: {} }));
    if (req.method === 'GET' && p === api('/stages')) return send(res, json(200, STAGES));
    if (req.method === 'GET' && p === api('/promotions')) return send(res, json(200, { items: [], metadata: { resourceVersion: '11' } }));
    if (req.method === 'GET' && p === api(`/freight/${name(1)}`)) return send(res, json(200, freight(1)));
    if (req.method === 'GET' && p === api('/freight')) return send(res, groups([freight(1), freight(2), freight(3)]));
    send(res, json(404, { error: `${req.method} ${p} not found` }));
  },
};

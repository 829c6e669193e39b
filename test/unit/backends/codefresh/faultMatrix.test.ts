// One table of hostile answers from a loopback Codefresh stand-in, each row saying what `listReleases` gives the
// caller: an error (its kind and message) or the data kept (with the rows it could not read and the warnings). Every
// row also checks that the API key, which the server echoes back wherever it can, appears in no error message, error
// detail, skipped-row reason, warning or log line.
//
// Rows marked `failedBefore` pin fixed bugs: each failed against the client as it was before its fix. The others
// pin behaviour that was already right, so a later change cannot quietly break it.

import { strict as assert } from 'node:assert';
import type * as http from 'node:http';
import { inspect } from 'node:util';
import { type CodefreshOptions, createCodefreshBackend, forgetApiGeneration } from '../../../../src/backends/codefresh';
import { type BackendErrorKind, isBackendError, type ReleasePage } from '../../../../src/backends/types';
import { captureLogger, sendJson, startStub, type Stub, type StubRequest, within } from './helpers';

const KEY = 'cf-key-7d41e0b9c2aa.Qm5Rt8Vx';
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

function promotionsPage(nodes: unknown[], extra: Record<string, unknown> = {}, hasNextPage = false): Record<string, unknown> {
  return {
    data: {
      promotions: {
        pageInfo: { hasNextPage, hasPrevPage: false, startCursor: 'c0', endCursor: `c${nodes.length - 1}` },
        edges: nodes.map((node, i) => ({ node, cursor: `c${i}` })),
      },
    },
    ...extra,
  };
}

const THREE = promotionsPage([promotion(1), promotion(2), promotion(3)]);

/** The Apollo-style answer of a platform that lacks a field (cli-v2's version markers), as HTTP 400. */
const validation = (message: string) => ({ errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });

/** Write `total` bytes of a JSON-looking body in 1 MiB chunks, honouring backpressure, until done or the peer leaves. */
async function streamBytes(res: http.ServerResponse, total: number): Promise<void> {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"data":{"promotions":{"edges":[],"pageInfo":{"hasNextPage":false}},"padding":"');
  for (let sent = 0; sent < total && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk))
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
  }
  if (!res.destroyed) res.end('"}}');
}

/** A `promotions` page of `count` nodes built as one string (the 28 MB page is too big to build as objects cheaply). */
const hugePages = new Map<number, string>();
function hugePage(count: number): string {
  const cached = hugePages.get(count);
  if (cached) return cached;
  const page = buildHugePage(count);
  hugePages.set(count, page);
  return page;
}
function buildHugePage(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(
      `{"cursor":"c${i}","node":{"__typename":"Promotion","id":"r${i}","productName":"${PRODUCT}","status":"SUCCEEDED","environments":[],"createdAt":"2025-01-01T00:00:00Z"}}`,
    );
  }
  return `{"data":{"promotions":{"pageInfo":{"hasNextPage":false,"endCursor":"c${count - 1}"},"edges":[${parts.join(',')}]}}}`;
}

type Handler = (req: StubRequest, res: http.ServerResponse, index: number, other: Stub) => void | Promise<void>;

interface ExpectError {
  error: { kind: BackendErrorKind; message: RegExp };
}
interface ExpectData {
  /** Release ids, newest first, or just how many. */
  releases: string[] | number;
  skipped?: { count: number; reasons: RegExp };
  warnings?: RegExp;
  check?: (page: ReleasePage) => void;
}

interface Row {
  name: string;
  /** A fixed bug: this row failed against the client as it was before the fix. */
  failedBefore?: true;
  handler: Handler;
  /** Page size asked for (default 50). */
  pageSize?: number;
  /** Releases asked for in one call (default: one page). */
  limit?: number;
  options?: Partial<CodefreshOptions>;
  /** HTTP requests the server sees (retries included). */
  requests?: number;
  expect: ExpectError | ExpectData;
}

const ids = (...n: number[]): string[] => n.map(hex24);

const ROWS: Row[] = [
  {
    name: 'errors[] with HTTP 200 and no data',
    handler: (req, res) =>
      sendJson(res, 200, { data: null, errors: [{ message: `promotion service unavailable for key ${String(req.headers.authorization)}` }] }),
    requests: 1,
    expect: { error: { kind: 'graphql', message: /promotion service unavailable for key \*\*\*/ } },
  },
  {
    name: 'errors[] with HTTP 200 and a null root field',
    handler: (_req, res) => sendJson(res, 200, { data: { promotions: null }, errors: [{ message: 'promotions resolver timed out', path: ['promotions'] }] }),
    requests: 1,
    expect: { error: { kind: 'graphql', message: /promotions resolver timed out/ } },
  },
  {
    name: 'a body that is not JSON',
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>502 Bad Gateway</body></html>');
    },
    expect: { error: { kind: 'payload', message: /not valid JSON/ } },
  },
  {
    name: 'truncated JSON in a complete response',
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(THREE).slice(0, 120));
    },
    expect: { error: { kind: 'payload', message: /not valid JSON \(120 bytes/ } },
  },
  {
    name: 'the socket cut mid-body, every time',
    handler: (_req, res) => {
      const body = JSON.stringify(THREE);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(body.slice(0, 40));
      setImmediate(() => res.destroy());
    },
    requests: 4,
    expect: { error: { kind: 'network', message: /after 4 attempts/ } },
  },
  {
    name: 'the socket cut mid-body once, then a good answer',
    handler: (_req, res, i) => {
      if (i > 0) return sendJson(res, 200, THREE);
      const body = JSON.stringify(THREE);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(body.slice(0, 40));
      setImmediate(() => res.destroy());
    },
    requests: 2,
    expect: { releases: ids(1, 2, 3) },
  },
  {
    name: '429 with Retry-After, then OK',
    handler: (_req, res, i) =>
      i === 0 ? sendJson(res, 429, { error: 'Too Many Requests' }, { 'retry-after': '0' }) : sendJson(res, 200, THREE),
    requests: 2,
    expect: { releases: ids(1, 2, 3) },
  },
  {
    name: '429 with Retry-After, persistently',
    handler: (req, res) => sendJson(res, 429, { error: `slow down ${String(req.headers.authorization)}` }, { 'retry-after': '0' }),
    requests: 4,
    expect: { error: { kind: 'rate-limit', message: /rate limited .*HTTP 429.*after 4 attempts/ } },
  },
  {
    name: '503 three times, then OK',
    handler: (_req, res, i) => (i < 3 ? sendJson(res, 503, { error: 'Service Unavailable' }) : sendJson(res, 200, THREE)),
    requests: 4,
    expect: { releases: ids(1, 2, 3) },
  },
  {
    name: 'a body that never ends (total timeout)',
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":{"promotions":');
    },
    requests: 1,
    expect: { error: { kind: 'timeout', message: /within 400 ms/ } },
  },
  {
    name: 'a 10 MB answer (under the body cap)',
    options: { timeouts: { totalMs: 20_000 } },
    handler: (_req, res) =>
      sendJson(res, 200, promotionsPage([promotion(1, { failure: { message: 'x'.repeat(10 * 1024 * 1024) } }), promotion(2)])),
    expect: { releases: ids(1, 2), check: (p) => assert.equal(p.releases[0]?.error?.message.length, 10 * 1024 * 1024) },
  },
  {
    name: 'an answer over the body cap (64 MiB)',
    handler: (_req, res) => streamBytes(res, 65 * 1024 * 1024),
    options: { timeouts: { totalMs: 20_000 } },
    requests: 1,
    expect: { error: { kind: 'payload', message: /larger than 67108864 bytes/ } },
  },
  {
    name: 'an unknown enum value (kept raw)',
    handler: (_req, res) => sendJson(res, 200, promotionsPage([promotion(1, { status: 'PAUSED_BY_OPERATOR' }), promotion(2)])),
    expect: { releases: ids(1, 2), check: (p) => assert.equal(p.releases[0]?.status, 'PAUSED_BY_OPERATOR') },
  },
  {
    name: 'a node missing a required field (left out, reported, the rest kept)',
    failedBefore: true,
    handler: (_req, res) => {
      const bad = promotion(2);
      delete bad.id;
      sendJson(res, 200, promotionsPage([promotion(1), bad, promotion(3)]));
    },
    expect: {
      releases: ids(1, 3),
      skipped: { count: 1, reasons: /data\.promotions\.edges\[1\]\.node\.id.*missing/ },
    },
  },
  {
    name: 'an unknown __typename (left out, reported, the rest kept)',
    failedBefore: true,
    handler: (_req, res) =>
      sendJson(res, 200, promotionsPage([{ __typename: 'Deployment', id: 'd1' }, promotion(2), { __typename: 'Rollout' }])),
    expect: { releases: ids(2), skipped: { count: 2, reasons: /__typename "Deployment".*__typename "Rollout"/s } },
  },
  {
    name: 'an unknown __typename that echoes the key, and one of 1 MB (reasons redacted and short)',
    failedBefore: true,
    handler: (req, res) =>
      sendJson(res, 200, promotionsPage([{ __typename: `Echo ${String(req.headers.authorization)}` }, { __typename: 'Z'.repeat(1024 * 1024) }, promotion(3)])),
    expect: {
      releases: ids(3),
      skipped: { count: 2, reasons: /__typename "Echo \*\*\*"/ },
      check: (p) => assert.ok((p.skipped?.reasons ?? []).every((r) => r.length < 400), 'a reason is too long'),
    },
  },
  {
    name: 'endless pages of nothing but unreadable rows: paging stops at the limit',
    failedBefore: true,
    pageSize: 2,
    limit: 6,
    handler: (req, res, i) => {
      const after = (req.json?.variables?.pagination as { after?: string } | undefined)?.after;
      const node = { __typename: 'Promotion', id: `bad${i}`, productName: PRODUCT, status: 'SUCCEEDED' };
      sendJson(res, 200, {
        data: {
          promotions: {
            pageInfo: { hasNextPage: true, endCursor: `p${i}` },
            edges: [{ node, cursor: `${after ?? ''}a` }, { node, cursor: `p${i}` }],
          },
        },
      });
    },
    requests: 3,
    expect: { releases: [], skipped: { count: 6, reasons: /edges\[0\]\.node\.environments: expected array, got missing/ } },
  },
  {
    name: 'partial data with errors[] (data kept, errors shown as a warning)',
    failedBefore: true,
    handler: (req, res) =>
      sendJson(res, 200, promotionsPage([promotion(1), promotion(2)], {
        errors: [{ message: `environment prod: not allowed for ${String(req.headers.authorization)}`, path: ['promotions', 'edges', 2] }],
      })),
    expect: { releases: ids(1, 2), warnings: /environment prod: not allowed for \*\*\*/ },
  },
  {
    name: '302 to another origin (not followed; the message names the origin)',
    failedBefore: true,
    handler: (_req, res, _i, other) => {
      res.writeHead(302, { location: `${other.url}/2.0/api/graphql?token=${KEY}` });
      res.end();
    },
    requests: 1,
    expect: { error: { kind: 'http', message: /redirect.*\(HTTP 302\) to http:\/\/127\.0\.0\.1:\d+[^/\d]/ } },
  },
  {
    name: '307 to another origin (not followed; the message names the origin)',
    failedBefore: true,
    handler: (_req, res, _i, other) => {
      res.writeHead(307, { location: `${other.url}/collect/${KEY}` });
      res.end();
    },
    requests: 1,
    expect: { error: { kind: 'http', message: /redirect.*\(HTTP 307\) to http:\/\/127\.0\.0\.1:\d+[^/\d]/ } },
  },
  {
    name: '401',
    handler: (req, res) => sendJson(res, 401, { error: `Unauthorized: Invalid token ${String(req.headers.authorization)}.`, status: 401 }),
    requests: 1,
    expect: { error: { kind: 'auth', message: /rejected the API key \(HTTP 401: Unauthorized: Invalid token \*\*\*\.\)/ } },
  },
  {
    name: '{"data":null}',
    handler: (_req, res) => sendJson(res, 200, { data: null }),
    requests: 1,
    expect: { error: { kind: 'payload', message: /data: expected object, got null/ } },
  },
  {
    name: 'a page 4,000× larger than asked (200,000 nodes, 34 MB, under the body cap): at most `first` kept, never a RangeError',
    failedBefore: true,
    pageSize: 50,
    options: { timeouts: { totalMs: 20_000 } },
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(hugePage(200_000));
    },
    requests: 1,
    expect: {
      releases: 50,
      warnings: /200000 releases .*50 were asked/,
      check: (p) => {
        // Under the 64 MiB body cap, so it is the page cap (not the body cap) that this row exercises.
        assert.ok(Buffer.byteLength(hugePage(200_000)) < 64 * 1024 * 1024);
        assert.equal(p.releases.at(-1)?.id, 'r49');
        // The next page starts after the last release kept, not after the last one sent.
        assert.equal(p.endCursor, 'c49');
        assert.equal(p.hasMore, true);
      },
    },
  },
  {
    name: "nodes shaped exactly as the official CLI's oldest productReleases query returns them",
    failedBefore: true,
    handler: (req, res) => {
      const q = req.json?.query ?? '';
      if (q.includes('promotions(')) return sendJson(res, 400, validation('Cannot query field "promotions" on type "Query".'));
      if (q.includes('applications'))
        return sendJson(res, 400, validation('Cannot query field "applications" on type "ProductReleaseStep".'));
      sendJson(res, 200, {
        data: {
          productReleases: {
            edges: [
              { node: { releaseId: hex24(7), steps: [{ environmentName: 'dev', status: 'SUCCEEDED' }], status: 'SUCCEEDED' } },
              { node: { releaseId: hex24(8), steps: [{ environmentName: 'dev', status: 'FAILED' }], status: 'FAILED' } },
            ],
          },
        },
      });
    },
    requests: 3,
    expect: {
      releases: ids(7, 8),
      check: (p) => {
        const [a] = p.releases;
        assert.ok(a);
        assert.deepEqual(a.environments, [{ name: 'dev', status: 'SUCCEEDED' }]);
        // No date is invented: the row says it has none, and keeps the API's order.
        assert.equal(a.createdAt, '');
        assert.equal(a.createdAtFallback, 'none');
        // The legacy query does not select the flow: not known, which is not the same as a manual promotion (null).
        assert.equal(a.flowName, undefined);
      },
    },
  },
];

describe('codefresh client fault matrix (hostile loopback server)', function () {
  // Generous for a loaded CI machine; unloaded, the whole table runs in about 3 s (the 28 MB rows dominate).
  this.timeout(30_000);
  const stubs: Stub[] = [];
  afterEach(async () => {
    for (const s of stubs.splice(0)) await s.close();
  });

  for (const row of ROWS) {
    it(`${row.failedBefore ? '[was wrong] ' : ''}${row.name}`, async () => {
      // A second origin: redirects point at it; it must never see a request (nor the key).
      const other = await startStub((_req, res) => sendJson(res, 200, THREE));
      stubs.push(other);
      const server = await startStub((req, res, i) => row.handler(req, res, i, other));
      stubs.push(server);
      forgetApiGeneration(server.url);
      const log = captureLogger();
      const backend = createCodefreshBackend({
        baseUrl: server.url,
        apiKey: KEY,
        log,
        retries: 3,
        backoff: { baseMs: 2, maxMs: 10 },
        timeouts: { connectMs: 1000, totalMs: 400 },
        ...row.options,
      });
      let page: ReleasePage | undefined;
      let error: unknown;
      try {
        page = await within(25_000, backend.listReleases(PRODUCT, { pageSize: row.pageSize ?? 50, ...(row.limit ? { limit: row.limit } : {}) }), row.name);
      } catch (e) {
        error = e;
      } finally {
        await backend.dispose();
      }

      const texts: string[] = [...log.lines];
      if ('error' in row.expect) {
        assert.ok(isBackendError(error), `expected a BackendError, got ${inspect(error ?? page, { depth: 1 }).slice(0, 300)}`);
        assert.equal(error.kind, row.expect.error.kind, error.message);
        assert.match(error.message, row.expect.error.message);
        texts.push(error.message, inspect(error.details, { depth: 6 }));
      } else {
        assert.equal(error, undefined, `expected data, got ${inspect(error, { depth: 1 }).slice(0, 500)}`);
        assert.ok(page);
        const want = row.expect.releases;
        if (typeof want === 'number') assert.equal(page.releases.length, want);
        else assert.deepEqual(page.releases.map((r) => r.id), want);
        if (row.expect.skipped) {
          assert.equal(page.skipped?.count, row.expect.skipped.count);
          assert.match((page.skipped?.reasons ?? []).join('\n'), row.expect.skipped.reasons);
        } else assert.equal(page.skipped, undefined, inspect(page.skipped));
        if (row.expect.warnings) assert.match((page.warnings ?? []).join('\n'), row.expect.warnings);
        else assert.equal(page.warnings, undefined, inspect(page.warnings));
        row.expect.check?.(page);
        texts.push(...(page.skipped?.reasons ?? []), ...(page.warnings ?? []));
        // What the log says about the rows left out and the warnings, so it is not only in the return value.
        if (row.expect.skipped) assert.ok(log.lines.some((l) => /could not be read/.test(l)), log.lines.join('\n'));
        if (row.expect.warnings) assert.ok(log.lines.some((l) => l.startsWith('warn')), log.lines.join('\n'));
      }
      if (row.requests !== undefined) assert.equal(server.requests.length, row.requests, 'requests the server saw');
      assert.equal(other.requests.length, 0, 'the other origin was contacted');
      for (const r of server.requests) assert.equal(r.headers.authorization, KEY);
      const all = texts.join('\n');
      assert.equal(all.includes(KEY), false, `the API key leaked:\n${all.slice(0, 2000)}`);
    });
  }
});

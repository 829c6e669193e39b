// HTTP behaviour of the Codefresh client against a tiny loopback server: what goes on the wire, retries with backoff,
// Retry-After, errors by kind with clear messages, timeouts, cancellation, bounded concurrency, TLS with a custom CA,
// and the key never appearing in logs or errors.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { GraphqlTransport, normalizeBaseUrl } from '../../../../src/backends/codefresh/transport';
import { parseRetryAfter } from '../../../../src/backends/http/retry';
import { redactSecrets } from '../../../../src/core/log';
import { createCodefreshBackend } from '../../../../src/backends/codefresh';
import { BackendError } from '../../../../src/backends/types';
import { captureLogger, selfSignedCert, sendJson, startStub, type Stub, within, failure } from './helpers';

const KEY = 'cf-key-5f0c3b1e9d7a.Zx8Qw2';
const ME = { data: { me: { id: 'u1', name: 'Dan', activeAccount: { id: 'a1', name: 'acme' } } } };

function transport(url: string, extra: Partial<ConstructorParameters<typeof GraphqlTransport>[0]> = {}) {
  const log = captureLogger();
  const t = new GraphqlTransport({
    baseUrl: url,
    apiKey: KEY,
    log,
    retries: 2,
    backoff: { baseMs: 20, maxMs: 50 },
    timeouts: { connectMs: 2000, totalMs: 3000 },
    ...extra,
  });
  return { t, log };
}

describe('codefresh transport over loopback HTTP', function () {
  this.timeout(15_000);
  let stub: Stub | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
    for (const c of closers.splice(0)) await c();
  });

  it('POSTs {query, variables} as JSON to {baseUrl}/2.0/api/graphql with the key as is (no Bearer)', async () => {
    stub = await startStub((_r, res) => sendJson(res, 200, ME));
    const { t } = transport(stub.url + '/');
    closers.push(() => t.close());
    const result = await t.query('me', 'query Me { me { id } }', { a: 1 });
    assert.deepEqual(result, { data: ME.data, requests: 1 });
    const [req] = stub.requests;
    assert.ok(req);
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/2.0/api/graphql');
    assert.equal(req.headers.authorization, KEY);
    assert.match(String(req.headers['content-type']), /^application\/json/);
    assert.deepEqual(req.json, { query: 'query Me { me { id } }', variables: { a: 1 } });
  });

  it('retries 5xx with backoff and succeeds', async () => {
    stub = await startStub((_r, res, i) => (i < 2 ? sendJson(res, 502, { error: 'Bad gateway' }) : sendJson(res, 200, ME)));
    const { t, log } = transport(stub.url);
    closers.push(() => t.close());
    const result = await t.query('me', 'query { me { id } }', {});
    assert.equal(result.requests, 3);
    assert.equal(stub.requests.length, 3);
    assert.equal(log.lines.filter((l) => /^warn Could not read the account of this API key \(me\): server error HTTP 502 .*; retry \d of 2 in \d+ ms$/.test(l)).length, 2);
  });

  it('gives up on persistent 5xx with an http error saying how many attempts it made', async () => {
    stub = await startStub((_r, res) => sendJson(res, 503, { error: 'Service Unavailable' }));
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const e = await failure(t.query('me', 'query { me { id } }', {}));
    assert.equal(e.kind, 'http');
    assert.equal(e.details?.status, 503);
    assert.match(e.message, /server error HTTP 503 .*Service Unavailable \(after 3 attempts\)$/);
    assert.equal(stub.requests.length, 3);
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    stub = await startStub((_r, res, i) => (i === 0 ? sendJson(res, 429, { error: 'Too Many Requests' }, { 'retry-after': '1' }) : sendJson(res, 200, ME)));
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const started = Date.now();
    await t.query('me', 'query { me { id } }', {});
    const waited = Date.now() - started;
    assert.ok(waited >= 950, `waited only ${waited} ms despite Retry-After: 1`);
    assert.equal(stub.requests.length, 2);
  });

  it('treats 403 "rate limit exceeded" as a rate limit (Retry-After honoured), and reports it after the retries', async () => {
    stub = await startStub((_r, res) => sendJson(res, 403, { error: 'Forbidden: API rate limit exceeded' }));
    const { t } = transport(stub.url, { retries: 1 });
    closers.push(() => t.close());
    const e = await failure(t.query('me', 'query { me { id } }', {}));
    assert.equal(e.kind, 'rate-limit');
    assert.equal(stub.requests.length, 2);
  });

  it('does not wait for an absurd Retry-After: fails at once with the wait the server asked for', async () => {
    stub = await startStub((_r, res) => sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '3600' }));
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const e = await within(2000, failure(t.query('me', 'query { me { id } }', {})));
    assert.equal(e.kind, 'rate-limit');
    assert.equal(e.details?.retryAfterMs, 3_600_000);
    assert.match(e.message, /asks to wait 3600 s/);
    assert.equal(stub.requests.length, 1);
  });

  it('401 is an auth error with a clear message and no retry', async () => {
    stub = await startStub((_r, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"Unauthorized: Invalid token.","status":401}');
    });
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const e = await failure(t.query('me', 'query { me { id } }', {}));
    assert.equal(e.kind, 'auth');
    assert.equal(e.details?.status, 401);
    assert.equal(
      e.message,
      `Could not read the account of this API key (me): ${stub.url} rejected the API key (HTTP 401: Unauthorized: Invalid token.). Sign in again with a valid Codefresh API key.`,
    );
    assert.equal(stub.requests.length, 1);
  });

  it('a plain 403 is an auth (permission) error, not retried', async () => {
    stub = await startStub((_r, res) => sendJson(res, 403, { error: 'Forbidden' }));
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const e = await failure(t.query('me', 'query { me { id } }', {}));
    assert.equal(e.kind, 'auth');
    assert.match(e.message, /not allowed .*HTTP 403: Forbidden/);
    assert.equal(stub.requests.length, 1);
  });

  it('GraphQL errors[] with HTTP 200 are errors, with the server messages', async () => {
    stub = await startStub((_r, res) => sendJson(res, 200, { data: null, errors: [{ message: 'promotion service unavailable' }, { message: 'second' }] }));
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const e = await failure(t.query('promotions', 'query { x }', {}));
    assert.equal(e.kind, 'graphql');
    assert.equal(e.message, 'Could not read the release list (promotions): promotion service unavailable; second');
    assert.equal(stub.requests.length, 1);
  });

  it('GraphQL errors[] that come with data keep the data and hand the errors back as warnings (key redacted)', async () => {
    stub = await startStub((req, res) =>
      sendJson(res, 200, { ...ME, errors: [{ message: `account field failed for ${String(req.headers.authorization)}` }] }),
    );
    const { t, log } = transport(stub.url);
    closers.push(() => t.close());
    const result = await t.query('me', 'query { me { id } }', {});
    assert.deepEqual(result.data, ME.data);
    assert.deepEqual(result.warnings, ['account field failed for ***']);
    assert.ok(log.lines.some((l) => l.startsWith('warn') && l.includes('account field failed for ***')), log.lines.join('\n'));
  });

  it('errors[] whose data holds nothing but nulls are still an error', async () => {
    stub = await startStub((_r, res) => sendJson(res, 200, { data: { me: null }, errors: [{ message: 'Could not read the account of this API key (me): resolver failed' }] }));
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const e = await failure(t.query('me', 'query { me { id } }', {}));
    assert.equal(e.kind, 'graphql');
    assert.match(e.message, /resolver failed/);
  });

  it('a key the server echoes inside the data never reaches the data, so no message built from it can show it', async () => {
    stub = await startStub((req, res) =>
      sendJson(res, 200, { data: { me: { id: 'u1', name: `Dan ${String(req.headers.authorization)}`, activeAccount: { id: String(req.headers.authorization), name: 7 } } } }),
    );
    const log = captureLogger();
    const backend = createCodefreshBackend({ baseUrl: stub.url, apiKey: KEY, log, retries: 0 });
    closers.push(async () => backend.dispose());
    // The payload is wrong (name: 7), and the error names a field next to the echoed key: still no key.
    const e = await failure(backend.whoAmI());
    assert.equal(e.kind, 'payload');
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const result = await t.query('me', 'query { me { id } }', {});
    assert.equal(JSON.stringify(result.data).includes(KEY), false);
    assert.match(JSON.stringify(result.data), /"name":"Dan \*\*\*"/);
    assert.equal([...log.lines, e.message, JSON.stringify(e.details)].join('\n').includes(KEY), false);
  });

  it('a redirect is not followed, and the message names where it pointed (origin only, not the path)', async () => {
    const other = await startStub((_r, res) => sendJson(res, 200, ME));
    closers.push(() => other.close());
    stub = await startStub((_r, res) => {
      res.writeHead(301, { location: `${other.url}/login?next=${KEY}` });
      res.end();
    });
    const { t, log } = transport(stub.url);
    closers.push(() => t.close());
    const e = await failure(t.query('me', 'query { me { id } }', {}));
    assert.equal(e.kind, 'http');
    assert.ok(e.message.includes(`a redirect (HTTP 301) to ${other.url}.`), e.message);
    assert.equal(e.message.includes('/login'), false);
    assert.equal(other.requests.length, 0);
    assert.equal(stub.requests.length, 1);
    assert.equal([...log.lines, e.message].join('\n').includes(KEY), false);
  });

  it('a relative redirect says it points elsewhere on the same server', async () => {
    stub = await startStub((_r, res) => {
      res.writeHead(308, { location: '/auth/sign-in' });
      res.end();
    });
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const e = await failure(t.query('me', 'query { me { id } }', {}));
    assert.ok(e.message.includes(`to another path on the same server (${stub.url})`), e.message);
  });

  it('a body cut off mid-transfer is a network error that is retried', async () => {
    stub = await startStub((_r, res, i) => {
      if (i === 0) {
        const body = JSON.stringify(ME);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
        res.write(body.slice(0, 10));
        setTimeout(() => res.destroy(), 20);
        return;
      }
      sendJson(res, 200, ME);
    });
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const result = await t.query('me', 'query { me { id } }', {});
    assert.deepEqual(result.data, ME.data);
    assert.equal(result.requests, 2);
  });

  it('a complete response with truncated JSON is a payload error', async () => {
    stub = await startStub((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ME).slice(0, 20));
    });
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const e = await failure(t.query('me', 'query { me { id } }', {}));
    assert.equal(e.kind, 'payload');
    assert.match(e.message, /^Could not read the account of this API key \(me\): the response is not valid JSON \(20 bytes, truncated or not GraphQL\)$/);
  });

  it('a response without data is a payload error naming data', async () => {
    stub = await startStub((_r, res) => sendJson(res, 200, { data: [] }));
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const e = await failure(t.query('me', 'query { me { id } }', {}));
    assert.equal(e.kind, 'payload');
    assert.equal(e.message, 'Could not read the account of this API key (me): data: expected object, got array');
  });

  it('a slow server hits the total timeout (not retried), well within the bound', async () => {
    stub = await startStub((_r, res) => {
      setTimeout(() => sendJson(res, 200, ME), 3000);
    });
    const { t } = transport(stub.url, { timeouts: { totalMs: 300 } });
    closers.push(() => t.close());
    const started = Date.now();
    const e = await within(2500, failure(t.query('me', 'query { me { id } }', {})));
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /no complete answer .* within 300 ms/);
    assert.ok(Date.now() - started < 1500);
    assert.equal(stub.requests.length, 1);
  });

  it('cancellation aborts an in-flight request at once', async () => {
    stub = await startStub((_r, res) => {
      setTimeout(() => sendJson(res, 200, ME), 5000);
    });
    const { t } = transport(stub.url);
    closers.push(() => t.close());
    const ac = new AbortController();
    const p = failure(t.query('me', 'query { me { id } }', {}, ac.signal));
    setTimeout(() => ac.abort(), 100);
    const e = await within(1500, p);
    assert.equal(e.kind, 'cancelled');
  });

  it('cancellation also ends a backoff wait and a wait for a concurrency slot', async () => {
    stub = await startStub((_r, res) => sendJson(res, 429, { error: 'Too Many Requests' }, { 'retry-after': '10' }));
    const { t } = transport(stub.url, { backoff: { maxRetryAfterMs: 60_000 }, maxConcurrency: 1 });
    closers.push(() => t.close());
    const ac = new AbortController();
    const p = failure(t.query('me', 'query { me { id } }', {}, ac.signal));
    setTimeout(() => ac.abort(), 200);
    assert.equal((await within(1500, p)).kind, 'cancelled');

    const already = new AbortController();
    already.abort();
    assert.equal((await failure(t.query('me', 'query { me { id } }', {}, already.signal))).kind, 'cancelled');
  });

  it('bounds concurrency', async () => {
    stub = await startStub((_r, res) => {
      setTimeout(() => sendJson(res, 200, ME), 80);
    });
    const { t } = transport(stub.url, { maxConcurrency: 2 });
    closers.push(() => t.close());
    await Promise.all(Array.from({ length: 6 }, () => t.query('me', 'query { me { id } }', {})));
    assert.equal(stub.requests.length, 6);
    assert.equal(stub.maxInFlight, 2);
  });

  it('connection refused is a network error, retried, naming the URL', async () => {
    stub = await startStub((_r, res) => sendJson(res, 200, ME));
    const url = stub.url;
    await stub.close();
    stub = undefined;
    const { t, log } = transport(url);
    closers.push(() => t.close());
    const e = await within(5000, failure(t.query('me', 'query { me { id } }', {})));
    assert.equal(e.kind, 'network');
    assert.equal(e.message, `Could not read the account of this API key (me): cannot reach ${url}: connection refused (ECONNREFUSED) (after 3 attempts)`);
    assert.equal(log.lines.filter((l) => l.startsWith('warn ')).length, 2);
  });

  it('never puts the key in a log line or an error message, even when the server echoes it', async () => {
    stub = await startStub((req, res, i) => {
      const echoed = String(req.headers.authorization);
      if (i === 0) return sendJson(res, 500, { error: `bad key ${echoed}` });
      if (i === 1) return sendJson(res, 403, { error: `key ${echoed} is not allowed` });
      sendJson(res, 200, { errors: [{ message: `no access for ${echoed}` }] });
    });
    const log = captureLogger();
    const backend = createCodefreshBackend({ baseUrl: stub.url, apiKey: KEY, log, retries: 1, backoff: { baseMs: 10 } });
    closers.push(async () => backend.dispose());
    const e1 = await failure(backend.whoAmI());
    const e2 = await failure(backend.whoAmI());
    assert.equal(e1.kind, 'auth');
    assert.equal(e2.kind, 'graphql');
    assert.equal(stub.requests.length, 3);
    const everything = [...log.lines, e1.message, e2.message, JSON.stringify(e1.details ?? {}), JSON.stringify(e2.details ?? {})].join('\n');
    assert.ok(log.lines.length > 0);
    assert.equal(everything.includes(KEY), false, everything);
    assert.match(everything, /\*\*\*/);
  });

  it('a server certificate from a custom CA works with caFile and fails clearly without it', async () => {
    const tls = selfSignedCert();
    closers.push(async () => fs.rmSync(tls.dir, { recursive: true, force: true }));
    stub = await startStub((_r, res) => sendJson(res, 200, ME), tls);
    const without = transport(stub.url, { retries: 0 });
    closers.push(() => without.t.close());
    const e = await failure(without.t.query('me', 'query { me { id } }', {}));
    assert.equal(e.kind, 'network');
    assert.match(e.message, /TLS failure .*caFile/);

    const withCa = transport(stub.url, { caFile: tls.certFile });
    closers.push(() => withCa.t.close());
    assert.deepEqual((await withCa.t.query('me', 'query { me { id } }', {})).data, ME.data);

    const lax = transport(stub.url, { proxy: { strictSSL: false } });
    closers.push(() => lax.t.close());
    assert.deepEqual((await lax.t.query('me', 'query { me { id } }', {})).data, ME.data);
    assert.ok(lax.log.lines.some((l) => /Certificate checks are off/.test(l)));

    const missing = transport(stub.url, { caFile: `${tls.dir}/nope.pem` });
    closers.push(() => missing.t.close());
    const e2 = await failure(missing.t.query('me', 'query { me { id } }', {}));
    assert.equal(e2.kind, 'config');
    assert.match(e2.message, /Cannot read the CA certificate file .*nope\.pem: ENOENT/);
  });
});

describe('codefresh transport helpers', () => {
  it('normalises base URLs and rejects unusable ones', () => {
    assert.equal(normalizeBaseUrl('https://g.codefresh.io/'), 'https://g.codefresh.io');
    assert.equal(normalizeBaseUrl('g.codefresh.io'), 'https://g.codefresh.io');
    assert.equal(normalizeBaseUrl('https://cf.example.com/2.0/api/graphql'), 'https://cf.example.com');
    assert.equal(normalizeBaseUrl('https://user:pw@cf.example.com/base/'), 'https://cf.example.com/base');
    assert.throws(() => normalizeBaseUrl(''), (e: unknown) => e instanceof BackendError && e.kind === 'config');
    assert.throws(() => normalizeBaseUrl('ftp://x'), (e: unknown) => e instanceof BackendError && e.kind === 'config');
    assert.throws(
      () => createCodefreshBackend({ baseUrl: 'https://g.codefresh.io', apiKey: '' }),
      (e: unknown) => e instanceof BackendError && e.kind === 'config' && /No API key/.test(e.message),
    );
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter('0.5'), 500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });

  it('backs off exponentially with jitter, capped', () => {
    const lo = new GraphqlTransport({ baseUrl: 'http://x', apiKey: 'k', log: captureLogger(), backoff: { baseMs: 100, maxMs: 1000 }, random: () => 0 });
    const hi = new GraphqlTransport({ baseUrl: 'http://x', apiKey: 'k', log: captureLogger(), backoff: { baseMs: 100, maxMs: 1000 }, random: () => 1 });
    assert.deepEqual([0, 1, 2, 3, 4].map((a) => lo.backoffMs(a)), [50, 100, 200, 400, 500]);
    assert.deepEqual([0, 1, 2, 3, 4].map((a) => hi.backoffMs(a)), [100, 200, 400, 800, 1000]);
  });

  it('redacts every occurrence of the secret', () => {
    assert.equal(redactSecrets('a KEY b KEY', ['KEY']), 'a *** b ***');
    assert.equal(redactSecrets('text', ['']), 'text');
    assert.equal(redactSecrets('one K1 two K2', new Set(['K1', 'K2'])), 'one *** two ***');
  });
});

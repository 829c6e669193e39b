// The GitHub client against hostile loopback servers: the token goes to no other origin (paging links, redirects),
// nothing reachable from an error holds it, writes go out once, every wait ends when the caller cancels, bodies are
// bounded in time and size, Retry-After is honoured within a bound, and a cut socket is a network failure.

import { strict as assert } from 'node:assert';
import { getEventListeners } from 'node:events';
import { GitHubHttp, type GitHubHttpOptions } from '../../../../src/backends/github/transport';
import { GitHubBackend } from '../../../../src/backends/github/backend';
import { captureLogger, sendJson, startStub, type Stub, within } from '../codefresh/helpers';
import { failure, reachableText } from '../http/helpers';

const TOKEN = 'ghp_Tok3nTok3nTok3nTok3nTok3nTok3n0001';
const USER = { login: 'octo', id: 1, node_id: 'U_1', type: 'User' };
const JOB = (id: number) => ({ id, run_id: 7, name: `job ${id}`, status: 'completed', conclusion: 'success', started_at: '2024-01-01T00:00:00Z', completed_at: '2024-01-01T00:01:00Z', html_url: `https://github.com/o/r/actions/runs/7/job/${id}`, steps: [] });
const JOBS_ROUTE = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs';
const JOBS_PARAMS = { owner: 'o', repo: 'r', run_id: 7 };

describe('GitHub transport against hostile servers', function () {
  this.timeout(20_000);
  const stubs: Stub[] = [];
  const closers: (() => Promise<void>)[] = [];
  const stub = async (...args: Parameters<typeof startStub>): Promise<Stub> => {
    const s = await startStub(...args);
    stubs.push(s);
    return s;
  };
  const client = (s: Stub, extra: Partial<GitHubHttpOptions> = {}) => {
    const log = captureLogger();
    const http = new GitHubHttp({ apiUrl: s.url, token: TOKEN, log, retryAfterUnitMs: 20, ...extra });
    closers.push(() => http.dispose());
    return { http, log };
  };
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    for (const s of stubs.splice(0)) await s.close();
  });

  it('a next-page link to another origin is not followed: paging stops with an error naming that origin, and the token goes nowhere else', async () => {
    const other = await stub((_r, res) => sendJson(res, 200, { total_count: 1, jobs: [JOB(2)] }));
    const api = await stub((req, res) =>
      sendJson(res, 200, { total_count: 2, jobs: [JOB(1)] }, { link: `<${other.url}/api/v3/repos/o/r/actions/runs/7/jobs?page=2&t=${String(req.headers.authorization)}>; rel="next"` }),
    );
    const { http, log } = client(api);
    const e = await failure(http.paginate(JOBS_ROUTE, JOBS_PARAMS));
    assert.equal(other.requests.length, 0, 'nothing was sent to the other origin');
    assert.equal(e.kind, 'payload');
    assert.ok(e.message.includes(other.url), e.message);
    assert.ok(!e.message.includes('/jobs?page=2'), 'the link path is not repeated');
    assert.ok(!reachableText(e).includes(TOKEN) && !log.lines.join('\n').includes(TOKEN));
  });

  it('a 10 MB JSON answer (under the body cap) is read, by a REST read and by a GraphQL query alike', async () => {
    // Octokit's own JSON reader (json-with-bigint) overflows the stack on a long string under Node 20, which VS Code
    // 1.96 runs, and then hands the text on as if it were the data.
    const big = 'x'.repeat(10 * 1024 * 1024);
    const api = await stub((req, res) =>
      req.url.endsWith('/graphql') ? sendJson(res, 200, { data: { viewer: { login: 'octo', bio: big } } }) : sendJson(res, 200, { login: 'octo', bio: big }),
    );
    const { http } = client(api);
    const rest = (await http.get('GET /user', {})).data as { login?: string; bio?: string };
    assert.equal(rest.login, 'octo');
    assert.equal(rest.bio?.length, big.length);
    const gql = (await http.graphql('query { viewer { login bio } }', {})).data as { viewer?: { login?: string; bio?: string } };
    assert.equal(gql.viewer?.login, 'octo');
    assert.equal(gql.viewer?.bio?.length, big.length);
  });

  it('paging stops once it holds the items asked for, though the server offers more pages', async () => {
    let n = 0;
    const api = await stub((_req, res) => {
      n++;
      sendJson(res, 200, { total_count: 1_000_000, jobs: Array.from({ length: 100 }, (_, i) => JOB(n * 100 + i)) }, { link: `<${api.url}/repos/o/r/actions/runs/7/jobs?page=${n + 1}>; rel="next"` });
    });
    const { http } = client(api);
    const jobs = await http.paginate(JOBS_ROUTE, JOBS_PARAMS, undefined, 250);
    assert.equal(jobs.length, 250);
    assert.equal(api.requests.length, 3, 'three pages of 100 hold 250 items');
  });

  it('a next-page link on the same origin is followed', async () => {
    const api = await stub((req, res) => {
      if (req.url.includes('page=2')) return sendJson(res, 200, { total_count: 2, jobs: [JOB(2)] });
      sendJson(res, 200, { total_count: 2, jobs: [JOB(1)] }, { link: `<${api.url}/repos/o/r/actions/runs/7/jobs?page=2>; rel="next"` });
    });
    const { http } = client(api);
    const jobs = (await http.paginate(JOBS_ROUTE, JOBS_PARAMS)) as { id: number }[];
    assert.deepEqual(jobs.map((j) => j.id), [1, 2]);
  });

  it('a redirect to another origin is refused for a read and for a write, naming only the Location origin', async () => {
    const other = await stub((req, res) => sendJson(res, req.method === 'POST' ? 201 : 200, USER));
    const api = await stub((req, res) => {
      res.writeHead(req.method === 'POST' ? 307 : 301, { location: `${other.url}/elsewhere?x=${String(req.headers.authorization)}` });
      res.end();
    });
    const { http, log } = client(api);
    const read = await failure(http.get('GET /user', {}));
    const write = await failure(http.post('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', { owner: 'o', repo: 'r', run_id: 7 }));
    assert.equal(other.requests.length, 0, 'the other origin heard nothing');
    for (const e of [read, write]) {
      assert.equal(e.kind, 'http');
      assert.ok(e.message.includes(other.url), e.message);
      assert.ok(!e.message.includes('/elsewhere'), e.message);
      assert.ok(!reachableText(e).includes(TOKEN));
    }
    assert.ok(!log.lines.join('\n').includes(TOKEN));
  });

  it('a 200 whose body is HTML echoing the token is a payload error, and nothing reachable from it holds the token', async () => {
    const api = await stub((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body>Sign in. Your header was ${String(req.headers.authorization)}</body></html>`);
    });
    const { http, log } = client(api);
    const backend = new GitHubBackend({ apiUrl: api.url, token: TOKEN, log });
    closers.push(() => backend.dispose());
    for (const e of [await failure(http.get('GET /user', {})), await failure(backend.whoAmI())]) {
      assert.equal(e.kind, 'payload', e.message);
      assert.match(e.message, /not JSON/);
      assert.ok(!reachableText(e).includes(TOKEN), 'message, details, cause and stack are free of the token');
    }
    assert.ok(!log.lines.join('\n').includes(TOKEN));
  });

  it('a write answered 502 goes out once', async () => {
    const api = await stub((_r, res) => sendJson(res, 502, { message: 'Bad gateway' }));
    const { http } = client(api);
    const e = await failure(http.post('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', { owner: 'o', repo: 'r', run_id: 7 }));
    assert.equal(e.kind, 'http');
    assert.equal(e.details?.status, 502);
    assert.equal(api.requests.length, 1);
  });

  it('a read answered 502 every time goes out three times', async () => {
    const api = await stub((_r, res) => sendJson(res, 502, { message: 'Bad gateway' }));
    const { http } = client(api, { backoff: { baseMs: 5, maxMs: 10 } });
    const e = await failure(http.get('GET /user', {}));
    assert.equal(e.kind, 'http');
    assert.equal(api.requests.length, 3);
  });

  it('cancelling ends a paging run, a rate-limit wait and a slow answer promptly, and leaves no listener on the signal', async () => {
    const api = await stub((req, res) => {
      if (req.url.endsWith('/user')) return sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '20' });
      setTimeout(() => sendJson(res, 200, { total_count: 9, jobs: [JOB(1)] }, { link: `<${api.url}/repos/o/r/actions/runs/7/jobs?page=2>; rel="next"` }), 50);
    });
    const { http } = client(api, { retryAfterUnitMs: 1000, maxRetryAfterMs: 60_000 });
    const paging = new AbortController();
    const p1 = failure(http.paginate(JOBS_ROUTE, JOBS_PARAMS, paging.signal));
    setTimeout(() => paging.abort(), 300);
    const started = Date.now();
    assert.equal((await within(2000, p1, 'paging')).kind, 'cancelled');
    assert.ok(Date.now() - started < 1000);

    const waiting = new AbortController();
    const p2 = failure(http.get('GET /user', {}, waiting.signal));
    setTimeout(() => waiting.abort(), 200);
    assert.equal((await within(2000, p2, 'rate-limit wait')).kind, 'cancelled');
    assert.equal(getEventListeners(waiting.signal, 'abort').length, 0);
  });

  it('many requests on one signal leave no listener behind and raise no MaxListenersExceededWarning', async () => {
    const api = await stub((_r, res) => sendJson(res, 200, USER, { etag: '"a"' }));
    const { http } = client(api);
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const ac = new AbortController();
      for (let i = 0; i < 40; i++) await http.get('GET /users/{u}', { u: `u${i}` }, ac.signal);
      await new Promise((r) => setImmediate(r));
      assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings.filter((w) => w === 'MaxListenersExceededWarning'), []);
  });

  it('a body sent one byte at a time fails as a timeout within the whole-body limit', async () => {
    const api = await stub((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = JSON.stringify(USER);
      let i = 0;
      const t = setInterval(() => {
        if (i >= body.length || res.destroyed) return clearInterval(t);
        res.write(body[i++]);
      }, 100);
      res.on('close', () => clearInterval(t));
    });
    const { http } = client(api, { timeouts: { totalMs: 400 } });
    const started = Date.now();
    const e = await within(3000, failure(http.get('GET /user', {})), 'slow body');
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /within 400 ms/);
    assert.ok(Date.now() - started < 1500);
  });

  it('an answer larger than the body cap is a payload error', async () => {
    const api = await stub((_r, res) => sendJson(res, 200, { ...USER, bio: 'x'.repeat(300_000) }));
    const { http } = client(api, { maxBodyBytes: 100_000 });
    const e = await failure(http.get('GET /user', {}));
    assert.equal(e.kind, 'payload');
    assert.match(e.message, /larger than 100000 bytes/);
  });

  it('a 429 with Retry-After but no rate-limit wording waits that long, then succeeds; one that does not end is a rate limit', async () => {
    const api = await stub((req, res) =>
      req.url.endsWith('/user') && api.requests.length === 1 ? sendJson(res, 429, { message: 'Too many requests' }, { 'retry-after': '3' }) : req.url.endsWith('/user') ? sendJson(res, 200, USER) : sendJson(res, 429, { message: 'Too many requests' }, { 'retry-after': '1' }),
    );
    const { http } = client(api, { retryAfterUnitMs: 100 });
    const started = Date.now();
    assert.equal(((await http.get('GET /user', {})).data as { login: string }).login, 'octo');
    assert.equal(api.requests.length, 2);
    assert.ok(Date.now() - started >= 290, `waited ${Date.now() - started} ms, not Retry-After (3 × 100 ms)`);
    const e = await failure(http.get('GET /users/{u}', { u: 'a' }));
    assert.equal(e.kind, 'rate-limit', e.message);
    assert.equal(api.requests.length, 5);
  });

  for (const status of [403, 429])
    it(`a secondary rate limit (HTTP ${status}) that does not end costs three requests, then a rate-limit error`, async () => {
      const api = await stub((_r, res) =>
        sendJson(res, status, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' }),
      );
      const { http } = client(api);
      const e = await failure(http.get('GET /user', {}));
      assert.equal(e.kind, 'rate-limit');
      assert.equal(api.requests.length, 3);
    });

  it('a Retry-After beyond the bound fails at once, says how long the server asked, and logs no retry', async () => {
    const api = await stub((_r, res) => sendJson(res, 429, { message: 'Too many requests' }, { 'retry-after': '3601' }));
    const { http, log } = client(api, { retryAfterUnitMs: 1000 });
    const e = await within(2000, failure(http.get('GET /user', {})), 'giving up');
    assert.equal(e.kind, 'rate-limit');
    assert.match(e.message, /asks to wait 3601 s/);
    assert.equal(api.requests.length, 1);
    assert.ok(!log.lines.some((l) => /retrying in/i.test(l)), log.lines.join('\n'));
  });

  it('a socket cut in the middle of the body is a network error; a cancel during the body is cancelled', async () => {
    const api = await stub((req, res) => {
      const body = JSON.stringify({ ...USER, bio: 'y'.repeat(1000) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(body.slice(0, 100));
      if (req.url.endsWith('/user')) setTimeout(() => res.destroy(), 50);
    });
    const { http } = client(api, { retries: 0 });
    const cut = await failure(http.get('GET /user', {}));
    assert.equal(cut.kind, 'network', cut.message);
    const ac = new AbortController();
    const p = failure(http.get('GET /users/{u}', { u: 'a' }, ac.signal));
    setTimeout(() => ac.abort(), 150);
    assert.equal((await within(2000, p, 'cancel during the body')).kind, 'cancelled');
  });

  it('remembers answers for their ETags up to a bound, forgetting the least recently used first', async () => {
    const api = await stub((req, res) => {
      if (req.headers['if-none-match'] === '"same"') {
        res.writeHead(304);
        res.end();
        return;
      }
      sendJson(res, 200, USER, { etag: '"same"' });
    });
    const { http } = client(api);
    const conditional = () => api.requests[api.requests.length - 1]?.headers['if-none-match'] !== undefined;
    await http.get('GET /users/{u}', { u: 'kept' });
    for (let i = 0; i < 1000; i++) {
      await http.get('GET /users/{u}', { u: `u${i}` });
      if (i % 100 === 0) assert.equal((await http.get('GET /users/{u}', { u: 'kept' })).changed, false);
    }
    assert.equal((await http.get('GET /users/{u}', { u: 'u999' })).changed, false);
    assert.ok(conditional());
    assert.equal((await http.get('GET /users/{u}', { u: 'u0' })).changed, true, 'the least recently used was forgotten');
    assert.ok(!conditional());
    assert.equal((await http.get('GET /users/{u}', { u: 'kept' })).changed, false, 'one in use stays');
  });
});

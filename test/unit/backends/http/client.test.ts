// The shared HTTP client on its own, against loopback servers: what every backend inherits from it.

import { strict as assert } from 'node:assert';
import { getEventListeners } from 'node:events';
import { HttpClient, type HttpClientOptions, type Verdict } from '../../../../src/backends/http/client';
import { BackendError } from '../../../../src/backends/types';
import { captureLogger, sendJson, startStub, type Stub, within } from '../codefresh/helpers';
import { failure, reachableText } from './helpers';

const SECRET = 'sekret-0123456789-abcdef';
const text = (a: { status: number; text: string }): Verdict<string> => (a.status === 200 ? { ok: true, value: a.text } : { ok: false, error: new BackendError('http', `HTTP ${a.status}`), retry: a.status >= 500 });

describe('shared HTTP client', function () {
  this.timeout(15_000);
  let stub: Stub | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    await stub?.close();
    stub = undefined;
  });
  const client = (s: Stub, extra: Partial<HttpClientOptions> = {}) => {
    const log = captureLogger();
    const c = new HttpClient({ baseUrl: s.url, secrets: [SECRET], log, credential: 'token', redirectHint: 'Check the URL.', backoff: { baseMs: 5, maxMs: 10 }, ...extra });
    closers.push(() => c.close());
    return { c, log };
  };
  const get = (url: string, idempotent = true) => ({ method: 'GET', url, headers: { authorization: SECRET }, idempotent, what: 'Could not read' });

  it('refuses a URL on another origin before anything is sent', async () => {
    stub = await startStub((_r, res) => sendJson(res, 200, {}));
    const other = await startStub((_r, res) => sendJson(res, 200, {}));
    closers.push(() => other.close());
    const { c } = client(stub);
    const e = await failure(c.send(get(`${other.url}/x?k=${SECRET}`), text));
    assert.equal(e.kind, 'payload');
    assert.ok(e.message.includes(other.url) && !e.message.includes('/x?'), e.message);
    assert.equal(other.requests.length, 0);
    assert.ok(!reachableText(e).includes(SECRET));
  });

  it('a cancel while the body streams in is cancelled, promptly, and leaves no listener on the signal', async () => {
    stub = await startStub((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      res.write('{"a":');
    });
    const { c } = client(stub);
    const ac = new AbortController();
    const p = failure(c.send(get(`${stub.url}/x`), text, ac.signal));
    setTimeout(() => ac.abort(), 100);
    assert.equal((await within(1500, p)).kind, 'cancelled');
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
  });

  it('the body handed on holds no secret, and a network error keeps only a redacted summary of its cause', async () => {
    stub = await startStub((req, res) => sendJson(res, 200, { echo: req.headers.authorization }));
    const { c } = client(stub);
    const { value } = await c.send(get(`${stub.url}/x`), text);
    assert.equal(value, '{"echo":"***"}');
    const url = stub.url;
    await stub.close();
    stub = undefined;
    const e = await failure(c.send(get(`${url}/x`), text));
    assert.equal(e.kind, 'network');
    const cause = e.details?.cause as { name: string; code: string; message: string };
    assert.deepEqual(Object.keys(cause).sort(), ['code', 'message', 'name']);
    assert.equal(cause.code, 'ECONNREFUSED');
    assert.match(cause.message, /ECONNREFUSED/);
    assert.notEqual(cause.name, 'object');
  });

  it('a write is sent once whatever the answer; a read as often as the retries allow', async () => {
    stub = await startStub((_r, res) => sendJson(res, 503, {}));
    const { c } = client(stub, { retries: 2 });
    await failure(c.send({ ...get(`${stub.url}/w`, false), method: 'POST', body: '{}' }, text));
    assert.equal(stub.requests.length, 1);
    await failure(c.send(get(`${stub.url}/r`), text));
    assert.equal(stub.requests.length, 4);
  });
});

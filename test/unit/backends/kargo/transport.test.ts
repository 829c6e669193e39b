// The Kargo client's HTTP against hostile loopback servers: writes go out once, Retry-After is honoured within a
// bound, bodies are bounded in time and size, a cut socket is a network failure, and the watch streams are parsed
// incrementally with a cap on each event.

import { strict as assert } from 'node:assert';
import { getEventListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import { KargoTransport, type KargoTransportOptions } from '../../../../src/backends/kargo/transport';
import { captureLogger, sendJson, startStub, type Stub, within } from '../codefresh/helpers';
import { failure, reachableText } from '../http/helpers';

const TOKEN = 'kargo-Tok3n-5ecret-0123456789abcdef';

describe('Kargo transport against hostile servers', function () {
  this.timeout(20_000);
  let stub: Stub | undefined;
  const closers: (() => Promise<void>)[] = [];
  const transport = (s: Stub, extra: Partial<KargoTransportOptions> = {}) => {
    const log = captureLogger();
    const t = new KargoTransport({ baseUrl: s.url, token: TOKEN, log, backoff: { baseMs: 5, maxMs: 10 }, ...extra });
    closers.push(() => t.close());
    return { t, log };
  };
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    await stub?.close();
    stub = undefined;
  });
  const list = { method: 'GET' as const, path: '/projects', what: 'Could not list the Kargo projects' };

  it('an action answered 502 goes out once', async () => {
    stub = await startStub((_r, res) => sendJson(res, 502, { error: 'bad gateway' }));
    const { t } = transport(stub);
    const e = await failure(t.json({ method: 'POST', path: '/projects/p/stages/s/promotions', body: { freight: 'f' }, what: 'Could not promote f to s' }));
    assert.equal(e.kind, 'http');
    assert.equal(stub.requests.length, 1);
  });

  it('a Retry-After beyond the bound fails at once, says how long the server asked, and logs no retry', async () => {
    stub = await startStub((_r, res) => sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '3600' }));
    const { t, log } = transport(stub);
    const e = await within(2000, failure(t.json(list)), 'giving up');
    assert.equal(e.kind, 'rate-limit');
    assert.match(e.message, /asks to wait 3600 s/);
    assert.equal(stub.requests.length, 1);
    assert.ok(!log.lines.some((l) => /retry/i.test(l)), log.lines.join('\n'));
  });

  it('a short Retry-After is honoured, then the answer is used', async () => {
    stub = await startStub((_r, res, i) => (i === 0 ? sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '1' }) : sendJson(res, 200, { items: [] })));
    const { t } = transport(stub);
    const started = Date.now();
    assert.deepEqual(await t.json(list), { items: [] });
    assert.ok(Date.now() - started >= 950);
    assert.equal(stub.requests.length, 2);
  });

  it('a body sent one byte at a time fails as a timeout within the whole-body limit', async () => {
    stub = await startStub((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(t));
    });
    const { t } = transport(stub, { timeouts: { totalMs: 400 } });
    const started = Date.now();
    const e = await within(3000, failure(t.json(list)), 'slow body');
    assert.equal(e.kind, 'timeout');
    assert.ok(Date.now() - started < 1500);
  });

  it('an answer larger than the body cap is a payload error, read no further', async () => {
    stub = await startStub((_r, res) => sendJson(res, 200, { items: [{ metadata: { name: 'x'.repeat(300_000) } }] }));
    const { t } = transport(stub, { maxBodyBytes: 100_000 });
    const e = await failure(t.json(list));
    assert.equal(e.kind, 'payload');
    assert.match(e.message, /larger than 100000 bytes/);
  });

  it('a socket cut in the middle of the body is a network error; a cancel during the body is cancelled', async () => {
    stub = await startStub((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"items": [');
      if (req.url.startsWith('/v1beta1/projects?') || req.url === '/v1beta1/projects') setTimeout(() => res.destroy(), 50);
    });
    const { t } = transport(stub, { retries: 0 });
    const cut = await failure(t.json(list));
    assert.equal(cut.kind, 'network', cut.message);
    const ac = new AbortController();
    const p = failure(t.json({ method: 'GET', path: '/projects/p/stages', what: 'Could not list the Stages of p' }, ac.signal));
    setTimeout(() => ac.abort(), 150);
    assert.equal((await within(2000, p, 'cancel')).kind, 'cancelled');
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
  });

  it('an error echoing the token keeps it out of everything reachable from the error', async () => {
    stub = await startStub((req, res) => sendJson(res, 500, { error: `boom for ${String(req.headers.authorization)}` }));
    const { t, log } = transport(stub, { retries: 0 });
    const e = await failure(t.json(list));
    assert.ok(!reachableText(e).includes(TOKEN));
    assert.ok(!log.lines.join('\n').includes(TOKEN));
  });

  describe('watch streams', () => {
    const open = (s: Stub, extra: Partial<KargoTransportOptions> = {}) => {
      const { t } = transport(s, extra);
      const events: { data: string; event?: string; id?: string }[] = [];
      const ac = new AbortController();
      closers.push(async () => ac.abort());
      const done = t.stream({ path: '/projects/p/stages', what: 'Could not watch the Stages of p' }, () => undefined, (e) => events.push(e), ac.signal);
      return { events, done, ac };
    };
    const sse = (write: (res: ServerResponse) => void) =>
      startStub((_r, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        write(res);
      });

    it('events split anywhere, CRLF and comments included, come out whole', async () => {
      stub = await sse((res) => {
        const text = ': keep-alive\r\n\r\nevent: change\r\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata: second\n\n';
        let i = 0;
        const t = setInterval(() => {
          if (i >= text.length) {
            clearInterval(t);
            res.end();
            return;
          }
          res.write(text.slice(i, i + 3));
          i += 3;
        }, 1);
      });
      const { events, done } = open(stub);
      await within(5000, done, 'stream');
      assert.deepEqual(events, [
        { data: '{"a":\n1}', event: 'change', id: '7' },
        { data: 'second' },
      ]);
    });

    it('an event larger than the cap ends the stream with a payload error, without holding it', async () => {
      stub = await sse((res) => {
        res.write('data: {"type":"ADDED"}\n\n');
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const t = setInterval(() => {
          if (res.destroyed || sent > 4 * 1024 * 1024) return clearInterval(t);
          res.write(sent === 0 ? `data: ${chunk}` : chunk);
          sent += chunk.length;
        }, 1);
        res.on('close', () => clearInterval(t));
      });
      const { events, done } = open(stub, { maxEventBytes: 1024 * 1024 });
      const e = await within(5000, failure(done), 'capped stream');
      assert.equal(e.kind, 'payload');
      assert.match(e.message, /event larger than 1048576 bytes/);
      assert.equal(events.length, 1);
    });
  });
});

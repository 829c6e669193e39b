// The rows of the fault matrix: what a hostile loopback server does to the requests one call aims at, and what the
// caller must get — an error (its kind and a message that says what happened) or the data kept (with the items left
// out and the warnings). The outcomes are the ones a hardened transport owes every backend, whatever a client does
// today. The runner (./faultMatrix.test.ts) adds to every row: the token in no message, detail, cause,
// stack, log line, skip reason or warning, and in no request to the other origin; bounds on requests, time, heap.

import type * as http from 'node:http';
import type { BackendErrorKind } from '../../../../src/backends/types';
import type { Stub, StubRequest } from '../codefresh/helpers';
import { type Adapter, type CallName, type CallSpec, type Feature, type Outcome, send, type Tuning } from './adapter';

export interface RowContext {
  a: Adapter;
  /** The call under test. */
  call: CallSpec;
  /** A second loopback origin: redirects and next links point at it; it must see nothing. */
  other: Stub;
  /** Abort the caller's signal now (cancellation rows); the runner times the call from here. */
  cancel(): void;
  /** Lines the backend has logged so far. */
  logLines: readonly string[];
}

export type TargetHandler = (req: StubRequest, res: http.ServerResponse, n: number, ctx: RowContext) => void | Promise<void>;

export type Expectation =
  | { error: { kind: BackendErrorKind | readonly BackendErrorKind[]; message: RegExp } }
  | { cancelled: true }
  /** Either data or an error of one of these kinds: the row is about bounds, not about which. */
  | { settles: readonly BackendErrorKind[] }
  | {
      data: {
        items?: readonly string[];
        /** At most this many items. */
        atMost?: number;
        /** How many left out (`some`: at least one), and what the reasons must say. */
        skipped?: { count: number | 'some'; reasons?: RegExp };
        warnings?: RegExp;
        check?: (o: Outcome) => void;
      };
    };

export interface Row {
  name: string;
  call: CallName;
  needs?: Feature;
  /** Page size the read asks for (default 50). */
  pageSize?: number;
  tuning?: Partial<Tuning>;
  /** Work done before measuring (building a huge answer once). */
  prepare?: (a: Adapter) => void;
  target: TargetHandler;
  expect: (a: Adapter, ctx: RowContext) => Expectation;
  /** Requests the target sees: exactly, at most, or every attempt the tuning allows (1 + retries). */
  targets?: number | { max: number } | 'every-attempt';
  /** Wall time bound for the call (default 3 s: generous for a loaded 2-core machine). */
  maxMs?: number;
  /** The call must take at least this long (a wait the server asked for was honoured). */
  minMs?: number;
  /** Heap bounds in MiB: sampled peak over the start, and what is still held after the call (after GC). */
  peakMiB?: number;
  retainedMiB?: number;
  /** No log line may match. */
  logMustNot?: RegExp;
}

/** A cancelled call must settle within this after the abort. */
export const CANCEL_WITHIN_MS = 1000;

const MiB = 1024 * 1024;
const echo = (req: StubRequest): string => String(req.headers.authorization);

/** Send headers and the start of a body, then hold the rest. */
function startBody(res: http.ServerResponse, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.write('{"data":{"items":[');
}

/** Write `total` bytes of a JSON-looking body in 1 MiB chunks, honouring backpressure, until done or the peer leaves. */
async function streamBytes(res: http.ServerResponse, total: number): Promise<void> {
  const chunk = Buffer.alloc(MiB, 0x20);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"data":{"padding":"');
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

/** A good answer whose socket is cut after its first 40 bytes. */
function cutMidBody(req: StubRequest, res: http.ServerResponse, ctx: RowContext): void {
  const a = ctx.call.good(req, 0);
  res.writeHead(a.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(a.body)), ...a.headers });
  res.write(a.body.slice(0, 40));
  setImmediate(() => res.destroy());
}

const good: TargetHandler = (req, res, n, ctx) => send(res, ctx.call.good(req, n));

/** A redirect to the other origin, which must see nothing (and above all not the token). */
function redirect(status: number): TargetHandler {
  return (_req, res, _n, ctx) => {
    res.writeHead(status, { location: `${ctx.other.url}/collect?from=redirect` });
    res.end();
  };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Names the other origin, and nothing of its path (where the token was). */
const namesOrigin = (ctx: RowContext): RegExp => new RegExp(`${escape(ctx.other.url)}(?![/\\d])`);

const REDIRECTS: Row[] = (['read', 'page', 'write'] as const).flatMap((call) =>
  [301, 302, 307, 308].map(
    (status): Row => ({
      name: `${status} to another origin on the ${call === 'write' ? 'write (POST)' : call === 'page' ? 'paged list' : 'read'}: refused, the message names the origin`,
      call,
      target: redirect(status),
      targets: 1,
      expect: (_a, ctx) => ({ error: { kind: 'http', message: new RegExp(`redirect[^]*${status}[^]*${namesOrigin(ctx).source}|${namesOrigin(ctx).source}[^]*redirect`, 'i') } }),
    }),
  ),
);

export const ROWS: Row[] = [
  // --- what a good server gets (the adapters' answers are right; the bounds hold on the happy path) ---
  { name: 'a good answer', call: 'read', target: good, targets: 1, expect: (a) => ({ data: { items: a.read.goodItems } }) },
  { name: 'good pages, three of them', call: 'page', target: good, targets: 3, expect: (a) => ({ data: { items: a.page?.goodItems ?? [] } }) },
  { name: 'a good answer to the write', call: 'write', target: good, targets: 1, expect: (a) => ({ data: { items: a.write?.goodItems ?? [] } }) },

  // --- bodies ---
  {
    name: 'HTTP 200 with an HTML body that echoes the token: payload, not network',
    call: 'read',
    target: (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body><h1>502 Bad Gateway</h1><p>upstream said: ${echo(req)}</p></body></html>`);
    },
    targets: 1,
    expect: () => ({ error: { kind: 'payload', message: /JSON/i } }),
  },
  {
    name: 'HTTP 200 with an HTML body that echoes the token, on the paged list: payload, and the body kept nowhere',
    call: 'page',
    target: (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body><h1>Sign in</h1><p>session for ${echo(req)}</p></body></html>`);
    },
    targets: 1,
    expect: () => ({ error: { kind: 'payload', message: /JSON/i } }),
  },
  {
    name: 'truncated JSON in a complete response',
    call: 'read',
    target: (req, res, n, ctx) => {
      const a = ctx.call.good(req, n);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(a.body.slice(0, 120));
    },
    targets: 1,
    expect: () => ({ error: { kind: 'payload', message: /JSON/i } }),
  },
  {
    name: 'valid JSON of the wrong shape',
    call: 'read',
    target: (_req, res, _n, ctx) => send(res, ctx.a.read.wrongShape()),
    targets: 1,
    expect: () => ({ error: { kind: 'payload', message: /./ } }),
  },
  {
    name: 'a body that never ends: timeout within the total limit',
    call: 'read',
    target: (_req, res) => startBody(res),
    // A read that timed out may be tried again; the bound is on the whole call.
    targets: { max: 4 },
    maxMs: 4000,
    expect: () => ({ error: { kind: 'timeout', message: /400 ms|0\.4 s/ } }),
  },
  {
    name: 'a body trickled one byte at a time, faster than any idle timeout: timeout within the total limit',
    call: 'read',
    target: (_req, res) => {
      startBody(res);
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 50);
      res.on('close', () => clearInterval(timer));
    },
    targets: { max: 4 },
    maxMs: 4000,
    expect: () => ({ error: { kind: 'timeout', message: /400 ms|0\.4 s/ } }),
  },
  {
    name: 'the socket cut mid-body, every time: network, not payload',
    call: 'read',
    target: (req, res, _n, ctx) => cutMidBody(req, res, ctx),
    targets: 'every-attempt',
    expect: () => ({ error: { kind: 'network', message: /./ } }),
  },
  {
    name: 'the socket cut mid-body once, then a good answer',
    call: 'read',
    target: (req, res, n, ctx) => (n === 0 ? cutMidBody(req, res, ctx) : good(req, res, n, ctx)),
    targets: 2,
    expect: (a) => ({ data: { items: a.read.goodItems } }),
  },
  {
    name: 'a 10 MB answer (under the body cap) is read',
    call: 'read',
    tuning: { totalMs: 20_000 },
    target: (req, res, _n, ctx) => send(res, ctx.a.read.page(req, [{ big: 10 * MiB, index: 1 }, 2])),
    targets: 1,
    maxMs: 10_000,
    peakMiB: 400,
    expect: (a) => ({ data: { items: [a.read.id(1), a.read.id(2)] } }),
  },
  {
    name: 'an answer over the body cap (65 MiB streamed): payload, read no further',
    call: 'read',
    tuning: { totalMs: 20_000 },
    target: (_req, res) => streamBytes(res, 65 * MiB),
    targets: 1,
    maxMs: 10_000,
    peakMiB: 400,
    expect: () => ({ error: { kind: 'payload', message: /larger than \d+ bytes|too large|over the \d+/i } }),
  },

  // --- HTTP statuses ---
  {
    name: '401 whose body echoes the token',
    call: 'read',
    target: (req, res, _n, ctx) => send(res, ctx.a.errorBody(401, `Unauthorized: invalid token ${echo(req)}`)),
    targets: 1,
    expect: () => ({ error: { kind: 'auth', message: /reject|401|sign in/i } }),
  },
  {
    name: '401 whose body echoes the token, on the paged list',
    call: 'page',
    target: (req, res, _n, ctx) => send(res, ctx.a.errorBody(401, `Bad credentials ${echo(req)}`)),
    targets: 1,
    expect: () => ({ error: { kind: 'auth', message: /reject|401|sign in/i } }),
  },
  {
    name: '403 whose body echoes the token, on the write: auth, sent once',
    call: 'write',
    target: (req, res, _n, ctx) => send(res, ctx.a.errorBody(403, `Must have admin rights; token ${echo(req)}`)),
    targets: 1,
    expect: () => ({ error: { kind: 'auth', message: /403|not allow|refused|permission/i } }),
  },
  {
    name: '429 with Retry-After: 0, then OK',
    call: 'read',
    target: (req, res, n, ctx) => (n === 0 ? send(res, { ...ctx.a.errorBody(429, 'Too Many Requests'), headers: { 'retry-after': '0' } }) : good(req, res, n, ctx)),
    targets: 2,
    expect: (a) => ({ data: { items: a.read.goodItems } }),
  },
  {
    name: '429 with Retry-After: 0, persistently: rate-limit after every attempt',
    call: 'read',
    target: (req, res, _n, ctx) => send(res, { ...ctx.a.errorBody(429, `slow down ${echo(req)}`), headers: { 'retry-after': '0' } }),
    targets: 'every-attempt',
    expect: () => ({ error: { kind: 'rate-limit', message: /rate.?limit/i } }),
  },
  {
    name: '429 with Retry-After: 1, then OK: the wait is honoured',
    call: 'read',
    target: (req, res, n, ctx) => (n === 0 ? send(res, { ...ctx.a.errorBody(429, 'Too Many Requests'), headers: { 'retry-after': '1' } }) : good(req, res, n, ctx)),
    targets: 2,
    minMs: 900,
    maxMs: 4000,
    expect: (a) => ({ data: { items: a.read.goodItems } }),
  },
  {
    name: '429 with Retry-After: 3600: gives up at once, says how long the server asked, logs no retry',
    call: 'read',
    target: (_req, res, _n, ctx) => send(res, { ...ctx.a.errorBody(429, 'Too Many Requests'), headers: { 'retry-after': '3600' } }),
    targets: 1,
    maxMs: 1500,
    logMustNot: /retry(ing)? .*in 3\d{3} ?s|in 3600000 ms|in 3601/i,
    expect: () => ({ error: { kind: 'rate-limit', message: /3,?600 ?s|an? hour|60 min/i } }),
  },
  {
    name: '503 three times, then OK',
    call: 'read',
    target: (req, res, n, ctx) => (n < 3 ? send(res, ctx.a.errorBody(503, 'Service Unavailable')) : good(req, res, n, ctx)),
    targets: 4,
    expect: (a) => ({ data: { items: a.read.goodItems } }),
  },
  {
    name: 'a write answered 502 is sent once, never retried',
    call: 'write',
    target: (_req, res, _n, ctx) => send(res, ctx.a.errorBody(502, 'Bad Gateway')),
    targets: 1,
    expect: () => ({ error: { kind: 'http', message: /502/ } }),
  },
  ...REDIRECTS,

  // --- GraphQL answers ---
  {
    name: 'errors[] with HTTP 200 and no data (the message echoes the token)',
    call: 'read',
    needs: 'graphql',
    target: (req, res, _n, ctx) => send(res, ctx.a.graphqlErrors?.(req, `service unavailable for ${echo(req)}`, 'none') ?? { status: 500, body: '' }),
    targets: 1,
    expect: () => ({ error: { kind: 'graphql', message: /service unavailable for / } }),
  },
  {
    name: 'errors[] with HTTP 200 and a null root field',
    call: 'read',
    needs: 'graphql',
    target: (req, res, _n, ctx) => send(res, ctx.a.graphqlErrors?.(req, 'resolver timed out', 'null-root') ?? { status: 500, body: '' }),
    targets: 1,
    expect: () => ({ error: { kind: 'graphql', message: /resolver timed out/ } }),
  },
  {
    name: 'partial data with errors[] (data kept, the errors a warning, the token redacted)',
    call: 'read',
    needs: 'graphql',
    target: (req, res, _n, ctx) => send(res, ctx.a.graphqlErrors?.(req, `environment prod: not allowed for ${echo(req)}`, 'partial') ?? { status: 500, body: '' }),
    targets: 1,
    expect: (a) => ({ data: { items: [a.read.id(1), a.read.id(2)], warnings: /environment prod: not allowed for / } }),
  },
  {
    name: 'unknown __typename (left out, reported, the rest kept)',
    call: 'read',
    needs: 'unions',
    target: (req, res, _n, ctx) => send(res, ctx.a.unknownTypes?.(req, ['Deployment', 'Rollout'], [2]) ?? { status: 500, body: '' }),
    targets: 1,
    expect: (a) => ({ data: { items: [a.read.id(2)], skipped: { count: 2, reasons: /__typename "Deployment".*__typename "Rollout"/s } } }),
  },
  {
    name: "an older API generation (the official CLI's oldest productReleases query)",
    call: 'read',
    needs: 'olderApi',
    target: (req, res, _n, ctx) => ctx.a.olderApi?.serve(req, res),
    targets: 3,
    expect: (a) => ({ data: { items: a.olderApi?.ids ?? [], ...(a.olderApi?.check ? { check: a.olderApi.check } : {}) } }),
  },

  // --- items ---
  {
    name: 'an unknown enum value: the item is kept',
    call: 'read',
    target: (req, res, _n, ctx) => send(res, ctx.a.read.page(req, [{ odd: 'enum', index: 1 }, 2])),
    targets: 1,
    expect: (a) => ({ data: { items: [a.read.id(1), a.read.id(2)] } }),
  },
  {
    name: 'an item missing a required field: left out, reported, the rest kept',
    call: 'read',
    target: (req, res, _n, ctx) => send(res, ctx.a.read.page(req, [1, { bad: 'missing-field', index: 2 }, 3])),
    targets: 1,
    expect: (a) => ({ data: { items: [a.read.id(1), a.read.id(3)], skipped: { count: 1, reasons: a.read.missingReason(1) } } }),
  },
  {
    name: 'an unreadable item that echoes the token, and one of 1 MB: reasons redacted and short',
    call: 'read',
    target: (req, res, _n, ctx) =>
      send(res, ctx.a.read.page(req, [{ bad: 'echo', index: 1, text: `Echo ${echo(req)}` }, { bad: 'echo', index: 2, text: 'Z'.repeat(MiB) }, 3])),
    targets: 1,
    expect: (a) => ({
      data: {
        items: [a.read.id(3)],
        skipped: { count: 2 },
        check: (o) => {
          for (const r of o.skipped?.reasons ?? []) if (r.length >= 400) throw new Error(`a skip reason is ${r.length} characters long`);
        },
      },
    }),
  },
  {
    name: '200,000 items although 50 were asked (a server ignoring the page size): at most 50 kept, a warning, no RangeError',
    call: 'read',
    tuning: { totalMs: 20_000 },
    prepare: (a) => void a.read.huge(200_000, 'good'),
    target: (_req, res, _n, ctx) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(ctx.a.read.huge(200_000, 'good'));
    },
    targets: 1,
    maxMs: 15_000,
    peakMiB: 768,
    expect: () => ({ data: { atMost: 50, warnings: /200,?000/ } }),
  },
  {
    name: '200,000 unreadable items although 50 were asked: reported (at most the 50 asked for need be looked at), a few reasons, no RangeError',
    call: 'read',
    tuning: { totalMs: 20_000 },
    prepare: (a) => void a.read.huge(200_000, 'bad'),
    target: (_req, res, _n, ctx) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(ctx.a.read.huge(200_000, 'bad'));
    },
    targets: 1,
    maxMs: 15_000,
    peakMiB: 768,
    expect: () => ({
      data: {
        items: [],
        skipped: { count: 'some' },
        check: (o) => {
          const count = o.skipped?.count ?? 0;
          if (count > 200_000) throw new Error(`skipped ${count} of 200000`);
          if ((o.skipped?.reasons.length ?? 0) > 10) throw new Error(`${o.skipped?.reasons.length} skip reasons kept`);
        },
      },
    }),
  },

  // --- paging ---
  {
    name: 'a next page on another origin: paging stops with an error naming that origin',
    call: 'page',
    needs: 'linkPaging',
    target: (req, res, n, ctx) => send(res, ctx.call.good(req, n, n === 0 ? `${ctx.other.url}/next-page?page=2` : 'none')),
    targets: 1,
    expect: (_a, ctx) => ({ error: { kind: ['http', 'payload'], message: namesOrigin(ctx) } }),
  },
  {
    name: 'endless next pages: paging stops at a bound',
    call: 'page',
    target: (req, res, n, ctx) => send(res, ctx.call.good(req, n, 'same')),
    targets: { max: 20 },
    expect: () => ({ settles: ['payload', 'http'] }),
  },
  {
    name: 'endless pages of nothing but unreadable items: paging stops at a bound',
    call: 'page',
    target: (req, res, n, ctx) => send(res, ctx.call.unreadablePage?.(req, n) ?? ctx.call.good(req, n, 'same')),
    targets: { max: 20 },
    expect: () => ({ settles: ['payload', 'http'] }),
  },

  // --- cancellation ---
  {
    name: 'cancelled mid-paging (the second page never comes): cancelled promptly',
    call: 'page',
    target: (req, res, n, ctx) => (n === 0 ? good(req, res, n, ctx) : ctx.cancel()),
    targets: 2,
    expect: () => ({ cancelled: true }),
  },
  {
    name: 'cancelled while waiting out a Retry-After: cancelled promptly, nothing more sent',
    call: 'read',
    target: (_req, res, _n, ctx) => {
      send(res, { ...ctx.a.errorBody(429, 'Too Many Requests'), headers: { 'retry-after': '2' } });
      // Cancel once the client says it is waiting (its log line), or after 300 ms (a bound, not a wait for state).
      const seen = ctx.logLines.length;
      const started = Date.now();
      const poll = setInterval(() => {
        if (ctx.logLines.length > seen || Date.now() - started > 300) {
          clearInterval(poll);
          ctx.cancel();
        }
      }, 5);
    },
    targets: 1,
    expect: () => ({ cancelled: true }),
  },
  {
    name: 'cancelled mid-body: cancelled, not payload or network',
    call: 'read',
    target: (_req, res, _n, ctx) => {
      startBody(res);
      res.write('{"x":1},', () => setImmediate(() => ctx.cancel()));
    },
    targets: 1,
    expect: () => ({ cancelled: true }),
  },
  {
    name: 'cancelled before any answer: cancelled promptly',
    call: 'read',
    target: (_req, _res, _n, ctx) => ctx.cancel(),
    targets: 1,
    expect: () => ({ cancelled: true }),
  },
];

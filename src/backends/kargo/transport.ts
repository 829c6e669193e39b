// HTTP for the Kargo client: JSON requests to the REST API (`/v1beta1`) with a bearer token, and the Server-Sent
// Events of its `?watch=true` streams. Proxy, CA file and certificate checks go through the same dispatcher as the
// Codefresh client. Every failure is a BackendError whose message says what happened in words; the token never
// appears in a log line or a message (each text passes through `redact`).

import { type Dispatcher, request } from 'undici';
import { type Logger, redactSecrets } from '../../core/log';
import { createProxyDispatcher, networkReason, normalizeServiceUrl, parseRetryAfter, type ProxyOptions } from '../codefresh/transport';
import { BackendError } from '../types';

export const API_PREFIX = '/v1beta1';

export interface KargoTransportOptions {
  baseUrl: string;
  token: string;
  log: Logger;
  proxy?: ProxyOptions;
  caFile?: string;
  timeouts?: { connectMs?: number; totalMs?: number };
  /** Retries of an idempotent read after the first attempt (network errors, 5xx, 429). Default 2. */
  retries?: number;
  backoff?: { baseMs?: number; maxMs?: number };
}

/** `https://host[:port][/path]` without a trailing slash or `/v1beta1`, checked to be http(s). */
export function normalizeKargoUrl(raw: string): string {
  return normalizeServiceUrl(raw, 'The Kargo API address', API_PREFIX);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new BackendError('cancelled', 'The request was cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new BackendError('cancelled', 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Kargo's REST errors carry `{"error": "..."}` (or `message`); otherwise the start of the text. */
function serverMessage(text: string): string {
  try {
    const j = JSON.parse(text) as unknown;
    if (j !== null && typeof j === 'object') {
      for (const k of ['error', 'message']) {
        const v = (j as Record<string, unknown>)[k];
        if (typeof v === 'string' && v) return v;
      }
    }
  } catch {
    // not JSON: use the text
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Path under `/v1beta1`, already encoded, e.g. `/projects/p/stages`. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** What the request is for, as the start of an error message: `Could not list the Stages of kargo-demo`. */
  what: string;
}

/** One event of a Server-Sent Events stream (`data:` lines joined; `event:` and `id:` when sent). */
export interface SseEvent {
  event?: string;
  id?: string;
  data: string;
}

/** Failures worth another attempt for a read (a network error, a 5xx, a 429). */
const RETRYABLE = new WeakSet<BackendError>();
function retryable(e: BackendError, retry: boolean): BackendError {
  if (retry) RETRYABLE.add(e);
  return e;
}

export class KargoTransport {
  readonly baseUrl: string;
  /** HTTP requests sent so far (streams included). */
  requests = 0;
  private readonly token: string;
  private readonly log: Logger;
  private readonly connectMs: number;
  private readonly totalMs: number;
  private readonly retries: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private dispatcherPromise: Promise<Dispatcher> | undefined;
  private closed = false;

  constructor(private readonly options: KargoTransportOptions) {
    this.baseUrl = normalizeKargoUrl(options.baseUrl);
    if (!options.token) throw new BackendError('config', `No Kargo token is configured for ${this.baseUrl}.`);
    if (/[\r\n]/.test(options.token)) throw new BackendError('config', 'The Kargo token contains a line break; paste it again.');
    this.token = options.token;
    const log = options.log;
    const r = (m: string): string => this.redact(m);
    this.log = { debug: (m) => log.debug(r(m)), info: (m) => log.info(r(m)), warn: (m) => log.warn(r(m)), error: (m) => log.error(r(m)) };
    this.connectMs = options.timeouts?.connectMs ?? 10_000;
    this.totalMs = options.timeouts?.totalMs ?? 30_000;
    this.retries = Math.max(0, options.retries ?? 2);
    this.baseMs = options.backoff?.baseMs ?? 300;
    this.maxMs = options.backoff?.maxMs ?? 8_000;
  }

  redact(text: string): string {
    return redactSecrets(text, [this.token]);
  }

  get logger(): Logger {
    return this.log;
  }

  private dispatcher(): Promise<Dispatcher> {
    if (!this.dispatcherPromise) {
      const p = createProxyDispatcher(
        { proxy: this.options.proxy, caFile: this.options.caFile, connectMs: this.connectMs, target: this.baseUrl, log: this.log },
        (m) => new BackendError('config', m),
      );
      this.dispatcherPromise = p;
      p.catch(() => {
        if (this.dispatcherPromise === p) this.dispatcherPromise = undefined;
      });
    }
    return this.dispatcherPromise;
  }

  url(path: string, query?: Record<string, string | undefined>): string {
    const q = Object.entries(query ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
    const search = q.length ? `?${new URLSearchParams(q).toString()}` : '';
    return `${this.baseUrl}${API_PREFIX}${path}${search}`;
  }

  private headers(accept: string, withBody: boolean): Record<string, string> {
    return {
      accept,
      authorization: `Bearer ${this.token}`,
      'user-agent': 'gitops-releases-vscode',
      ...(withBody ? { 'content-type': 'application/json' } : {}),
    };
  }

  /** The error for an HTTP status, worded for the user. */
  statusError(spec: Pick<RequestSpec, 'what' | 'path'>, status: number, text: string, retryAfterMs?: number): BackendError {
    const said = this.redact(serverMessage(text));
    const details = { status, path: spec.path, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    const tail = said ? `: ${said}` : '';
    if (status === 401)
      return new BackendError('auth', `${spec.what}: ${this.baseUrl} rejected the token (HTTP 401${tail}). Sign in to Kargo again with a valid token.`, details);
    if (status === 403)
      return new BackendError('auth', `${spec.what}: your Kargo role does not allow this (HTTP 403${tail}).`, details);
    if (status === 404) return new BackendError('not-found', `${spec.what}: not found at ${this.baseUrl} (HTTP 404${tail}).`, details);
    if (status === 409) return new BackendError('http', `${spec.what}: Kargo refused because of a conflict (HTTP 409${tail}).`, details);
    if (status === 429) return new BackendError('rate-limit', `${spec.what}: rate limited by ${this.baseUrl} (HTTP 429).`, details);
    if (status >= 300 && status < 400)
      return new BackendError('http', `${spec.what}: ${this.baseUrl} answered with a redirect (HTTP ${status}); redirects are not followed, so the token goes to no other address. Check the Kargo API address.`, details);
    return new BackendError('http', `${spec.what}: HTTP ${status} from ${this.baseUrl}${tail}`, details);
  }

  private networkError(what: string, e: unknown): BackendError {
    const why = networkReason(e);
    if (why.connectTimeout) return retryable(new BackendError('timeout', `${what}: cannot connect to ${this.baseUrl} within ${this.connectMs} ms`, { cause: e }), true);
    return retryable(new BackendError('network', this.redact(`${what}: cannot reach ${this.baseUrl}: ${why.text}`), { cause: e }), !why.tls);
  }

  /** Send one request and return the parsed JSON body (undefined for an empty body). GETs are retried. */
  async json(spec: RequestSpec, signal?: AbortSignal): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(spec, signal);
      } catch (e) {
        if (!(e instanceof BackendError) || !RETRYABLE.has(e) || spec.method !== 'GET' || attempt >= this.retries) throw e;
        const wait = e.details?.retryAfterMs ?? Math.min(this.maxMs, this.baseMs * 2 ** attempt);
        this.log.warn(`${e.message}; retry ${attempt + 1} of ${this.retries} in ${wait} ms`);
        await sleep(wait, signal);
      }
    }
  }

  private async once(spec: RequestSpec, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) throw new BackendError('cancelled', `${spec.what}: the backend was disposed.`);
    if (signal?.aborted) throw new BackendError('cancelled', 'The request was cancelled.');
    const dispatcher = await this.dispatcher();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('total timeout'));
    }, this.totalMs);
    const onAbort = (): void => controller.abort(new Error('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    this.requests++;
    const started = Date.now();
    try {
      const withBody = spec.body !== undefined;
      const res = await request(this.url(spec.path, spec.query), {
        method: spec.method,
        dispatcher,
        signal: controller.signal,
        headersTimeout: this.totalMs,
        bodyTimeout: this.totalMs,
        headers: this.headers('application/json', withBody),
        ...(withBody ? { body: JSON.stringify(spec.body) } : {}),
      });
      const text = this.redact(await res.body.text());
      this.log.debug(`${spec.method} ${spec.path}: HTTP ${res.statusCode} in ${Date.now() - started} ms (${text.length} bytes)`);
      if (res.statusCode < 200 || res.statusCode >= 300) {
        const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
        throw retryable(this.statusError(spec, res.statusCode, text, retryAfterMs), res.statusCode >= 500 || res.statusCode === 429);
      }
      if (!text.trim()) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new BackendError('payload', `${spec.what}: the answer is not valid JSON (${text.length} bytes)`, { path: spec.path });
      }
    } catch (e) {
      if (e instanceof BackendError) throw e;
      if (signal?.aborted) throw new BackendError('cancelled', 'The request was cancelled.');
      if (timedOut) throw new BackendError('timeout', `${spec.what}: no complete answer from ${this.baseUrl} within ${this.totalMs} ms`, { path: spec.path });
      throw this.networkError(spec.what, e);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Open a `?watch=true` stream and call `onEvent` for each Server-Sent Event until the server ends the stream (the
   * promise resolves), the connection drops (it rejects with a `network` BackendError) or `signal` aborts (it
   * resolves). No total timeout: a watch is meant to stay open; the connect timeout still applies.
   */
  async stream(spec: Omit<RequestSpec, 'method' | 'body'>, onOpen: () => void, onEvent: (e: SseEvent) => void, signal: AbortSignal): Promise<void> {
    if (this.closed || signal.aborted) return;
    const dispatcher = await this.dispatcher();
    this.requests++;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(this.url(spec.path, { ...spec.query, watch: 'true' }), {
        method: 'GET',
        dispatcher,
        signal,
        headersTimeout: this.totalMs,
        bodyTimeout: 0,
        headers: { ...this.headers('text/event-stream', false), 'cache-control': 'no-cache' },
      });
    } catch (e) {
      if (signal.aborted) return;
      throw this.networkError(spec.what, e);
    }
    if (res.statusCode !== 200) {
      const text = await res.body.text().catch(() => '');
      throw this.statusError(spec, res.statusCode, text);
    }
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('text/event-stream')) {
      res.body.destroy();
      throw new BackendError('payload', `${spec.what}: the server did not answer with an event stream (content type ${type || 'missing'}).`, { path: spec.path });
    }
    onOpen();
    const parser = new SseParser(onEvent);
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) parser.push(chunk.toString('utf8'));
    } catch (e) {
      if (signal.aborted) return;
      throw new BackendError('network', this.redact(`${spec.what}: the event stream broke off: ${networkReason(e).text}`), { cause: e });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const p = this.dispatcherPromise;
    this.dispatcherPromise = undefined;
    const d = await p?.catch(() => undefined);
    await d?.close().catch(() => undefined);
  }
}

/**
 * The event stream format of https://html.spec.whatwg.org/multipage/server-sent-events.html: lines of `field: value`,
 * an empty line ends an event, `:` starts a comment (a keep-alive). Text arrives in chunks that may split anywhere.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event: string | undefined;
  private id: string | undefined;

  constructor(private readonly onEvent: (e: SseEvent) => void) {}

  push(text: string): void {
    this.buffer += text;
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) return;
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (m[0] === '\r' && m.index === this.buffer.length - 1) return;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.onEvent({ data: this.data.join('\n'), ...(this.event ? { event: this.event } : {}), ...(this.id ? { id: this.id } : {}) });
      this.data = [];
      this.event = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
  }
}

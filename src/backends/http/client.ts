// The one HTTP client every backend's transport goes through (undici `request`): the dispatcher (proxy, CA file,
// strictSSL), connect / first-byte / whole-exchange timeouts, a cap on the body as it streams in, bounded concurrency,
// bounded retries of idempotent requests with jittered backoff and Retry-After, the caller's AbortSignal honoured by
// every request and every wait, redirects refused (naming only the Location's origin), no request to any origin but
// the server's own, and every text that leaves it (log lines, error messages, details, the body handed back) free of
// the secrets it was given.
//
// A backend supplies what is its own: the headers (its credential), and how an answer reads (`interpret`: which
// statuses are errors of which kind, which are worth another attempt).

import { type Dispatcher, request } from 'undici';
import { type Logger, redactSecrets } from '../../core/log';
import { BackendError, type BackendErrorKind } from '../types';
import { cancelled, linkedController, Semaphore, sleep } from './abort';
import { LazyDispatcher, type ProxyOptions } from './dispatcher';
import { type ErrorDetails, errorCode, networkReason, safeError } from './errors';
import { backoffMs } from './retry';
import { SseReader, type SseEvent } from './sse';
import { originOf, redirectTarget } from './url';

export interface HttpClientOptions {
  /** The server's normalised base URL; every request must stay on its origin. */
  baseUrl: string;
  /** What must never appear in a log line, an error or an answer handed back (the credential). */
  secrets: string[];
  log: Logger;
  /** The credential's name in messages: `API key`, `token`. */
  credential: string;
  /** The last sentence of a redirect refusal: which setting to check. */
  redirectHint: string;
  proxy?: ProxyOptions;
  caFile?: string;
  timeouts?: { connectMs?: number; firstByteMs?: number; totalMs?: number };
  /** Largest body read (default 64 MiB). */
  maxBodyBytes?: number;
  maxConcurrency?: number;
  /** Retries after the first attempt, for idempotent requests only. */
  retries?: number;
  backoff?: { baseMs?: number; maxMs?: number; maxRetryAfterMs?: number };
  /** Milliseconds actually waited per second a server asks for (tests shorten it; default 1000). */
  retryAfterUnitMs?: number;
  /** For tests: the jitter source. */
  random?: () => number;
  /** The message for a request that got no answer; default `WHAT: cannot reach BASE: REASON`. */
  unreachable?: (what: string, reason: string) => string;
}

export interface HttpRequest {
  method: string;
  /** Absolute URL on the base URL's origin. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Safe to send again (a read): only these are retried. A write goes out at most once. */
  idempotent: boolean;
  /** What the request is for, as the start of an error message (`Could not list the Stages of p`). */
  what: string;
  /** The request in the debug log line (default `METHOD /path`). */
  label?: string;
}

/** An answer as `interpret` sees it: the body is complete, within the cap, and free of the secrets. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export type Verdict<T> =
  | { ok: true; value: T }
  /** `retry`: worth another attempt (when idempotent); `retryAfterMs`: what the server asked to wait. */
  | { ok: false; error: BackendError; retry?: boolean; retryAfterMs?: number };

const DEFAULTS = {
  connectMs: 10_000,
  totalMs: 30_000,
  maxConcurrency: 4,
  retries: 2,
  baseMs: 300,
  maxMs: 8_000,
  maxRetryAfterMs: 30_000,
  maxBodyBytes: 64 * 1024 * 1024,
  /** What an error answer of an event stream is read of, at most. */
  maxErrorBody: 64 * 1024,
};

/** Stop reading a body we will not use; the abort error this raises on the stream is expected and dropped. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

export class HttpClient {
  readonly baseUrl: string;
  readonly origin: string;
  /** HTTP requests sent so far (retries and streams included). */
  requests = 0;
  readonly connectMs: number;
  readonly firstByteMs: number;
  readonly totalMs: number;
  readonly maxBodyBytes: number;
  private readonly secrets: string[];
  private readonly log: Logger;
  private readonly dispatcher: LazyDispatcher;
  private readonly semaphore: Semaphore;
  private readonly retries: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly unitMs: number;
  private readonly random: () => number;
  private closed = false;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl;
    const origin = originOf(options.baseUrl);
    if (!origin) throw new BackendError('config', `${options.baseUrl} is not an absolute URL.`);
    this.origin = origin;
    this.secrets = options.secrets.filter(Boolean);
    const r = (m: string): string => this.redact(m);
    const log = options.log;
    this.log = { debug: (m) => log.debug(r(m)), info: (m) => log.info(r(m)), warn: (m) => log.warn(r(m)), error: (m) => log.error(r(m)) };
    this.connectMs = options.timeouts?.connectMs ?? DEFAULTS.connectMs;
    this.totalMs = options.timeouts?.totalMs ?? DEFAULTS.totalMs;
    this.firstByteMs = options.timeouts?.firstByteMs ?? this.totalMs;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
    this.semaphore = new Semaphore(Math.max(1, options.maxConcurrency ?? DEFAULTS.maxConcurrency));
    this.retries = Math.max(0, options.retries ?? DEFAULTS.retries);
    this.baseMs = options.backoff?.baseMs ?? DEFAULTS.baseMs;
    this.maxMs = options.backoff?.maxMs ?? DEFAULTS.maxMs;
    this.maxRetryAfterMs = options.backoff?.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
    this.unitMs = options.retryAfterUnitMs ?? 1000;
    this.random = options.random ?? Math.random;
    this.dispatcher = new LazyDispatcher(
      { proxy: options.proxy, caFile: options.caFile, connectMs: this.connectMs, target: this.baseUrl, log: this.log },
      (m) => this.error('config', m),
    );
  }

  /** A text with every secret replaced. */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /** The logger with the secrets redacted, for the backend's own log lines. */
  get logger(): Logger {
    return this.log;
  }

  /** A BackendError whose message and details hold no secret (a cause is kept as a redacted summary). */
  error(kind: BackendErrorKind, message: string, details?: ErrorDetails): BackendError {
    return safeError(kind, message, details, this.secrets);
  }

  /** Jittered exponential backoff before retry `attempt` (0 for the first). */
  backoffMs(attempt: number): number {
    return backoffMs(attempt, this.baseMs, this.maxMs, this.random);
  }

  /**
   * Send a request and read its answer with `interpret`; an idempotent request is sent again (at most `retries`
   * times) when `interpret` or the network says it is worth it, after the server's Retry-After when it gives one
   * (and gives up at once, saying how long it asked, when that is longer than the bound) or after a backoff.
   */
  async send<T>(req: HttpRequest, interpret: (answer: HttpAnswer) => Verdict<T>, signal?: AbortSignal): Promise<{ value: T; requests: number }> {
    this.checkOrigin(req);
    let requests = 0;
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw this.error('cancelled', `${req.what}: the backend was disposed.`);
      if (signal?.aborted) throw cancelled();
      requests++;
      const outcome: Verdict<T> = await this.attempt(req, interpret, signal);
      if (outcome.ok) return { value: outcome.value, requests };
      const { error } = outcome;
      const again = outcome.retry === true && req.idempotent;
      if (!again || attempt >= this.retries) {
        if (again && attempt > 0) throw this.error(error.kind, `${error.message} (after ${attempt + 1} attempts)`, error.details);
        throw error;
      }
      const asked = outcome.retryAfterMs;
      if (asked !== undefined && asked > this.maxRetryAfterMs)
        throw this.error(error.kind, `${error.message}; the server asks to wait ${Math.ceil(asked / 1000)} s`, { ...error.details, retryAfterMs: asked });
      const delay = asked !== undefined ? Math.round((asked * this.unitMs) / 1000) : this.backoffMs(attempt);
      this.log.warn(`${error.message}; retry ${attempt + 1} of ${this.retries} in ${delay} ms`);
      await sleep(delay, signal);
    }
  }

  /** Refuse, before a byte is sent, a URL on another origin than the server's (a paging link, a hand-made URL). */
  private checkOrigin(req: HttpRequest): void {
    const origin = originOf(req.url);
    if (origin === this.origin) return;
    throw this.error(
      'payload',
      `${req.what}: the server pointed to ${origin ?? 'an address that is not a valid URL'}, another server than ${this.baseUrl}. It is not followed, so the ${this.options.credential} is sent to no other address.`,
    );
  }

  private async attempt<T>(req: HttpRequest, interpret: (answer: HttpAnswer) => Verdict<T>, signal?: AbortSignal): Promise<Verdict<T>> {
    let dispatcher: Dispatcher;
    try {
      dispatcher = await this.dispatcher.get();
    } catch (e) {
      return { ok: false, error: e instanceof BackendError ? e : this.error('config', String(e)) };
    }
    let release: () => void;
    try {
      release = await this.semaphore.acquire(signal);
    } catch {
      return { ok: false, error: cancelled() };
    }
    const { controller, unlink } = linkedController(signal);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('total timeout'));
    }, this.totalMs);
    const started = Date.now();
    this.requests++;
    let answer: HttpAnswer;
    try {
      const res = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        dispatcher,
        signal: controller.signal,
        headersTimeout: this.firstByteMs,
        bodyTimeout: this.totalMs,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
      });
      if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304) {
        discard(res.body);
        return { ok: false, error: this.redirectRefusal(req, res.statusCode, res.headers.location) };
      }
      const text = await this.readBody(res.body, req.what, this.maxBodyBytes);
      this.log.debug(`${req.label ?? `${req.method} ${new URL(req.url).pathname}`}: HTTP ${res.statusCode} in ${Date.now() - started} ms (${text.length} bytes)`);
      answer = { status: res.statusCode, headers: res.headers, text };
    } catch (e) {
      if (e instanceof BackendError) return { ok: false, error: e };
      if (signal?.aborted) return { ok: false, error: cancelled() };
      if (timedOut) return { ok: false, error: this.error('timeout', `${req.what}: no complete answer from ${this.baseUrl} within ${this.totalMs} ms`) };
      return this.networkFailure(req.what, e);
    } finally {
      clearTimeout(timer);
      unlink();
      release();
    }
    // Outside the try: a fault in reading the answer is not a network failure.
    return interpret(answer);
  }

  private redirectRefusal(req: HttpRequest, status: number, location: string | string[] | undefined): BackendError {
    return this.error(
      'http',
      `${req.what}: ${this.baseUrl} answered with a redirect (HTTP ${status}) to ${redirectTarget(location, req.url)}. Redirects are not followed, so the ${this.options.credential} is sent to no other address. ${this.options.redirectHint}`,
      { status },
    );
  }

  /** The body as text, read no further than `cap` bytes; the secrets are replaced in it. */
  private async readBody(stream: Dispatcher.ResponseData['body'], what: string, cap: number): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > cap) {
        discard(stream);
        throw this.error('payload', `${what}: the response is larger than ${cap} bytes`);
      }
      chunks.push(chunk);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    // The secret is ours; no answer legitimately contains it. Replacing it in the body itself means nothing built from
    // the answer (data, quoted values in a payload error, a view) can ever show it.
    return this.secrets.some((s) => raw.includes(s)) ? this.redact(raw) : raw;
  }

  private networkFailure<T>(what: string, e: unknown): Verdict<T> {
    const code = errorCode(e);
    if (code === 'UND_ERR_CONNECT_TIMEOUT')
      return { ok: false, error: this.error('timeout', `${what}: cannot connect to ${this.baseUrl} within ${this.connectMs} ms`, { cause: e }), retry: true };
    if (code === 'UND_ERR_HEADERS_TIMEOUT')
      return { ok: false, error: this.error('timeout', `${what}: no answer from ${this.baseUrl} within ${this.firstByteMs} ms`) };
    if (code === 'UND_ERR_BODY_TIMEOUT')
      return { ok: false, error: this.error('timeout', `${what}: no complete answer from ${this.baseUrl} within ${this.totalMs} ms`) };
    const why = networkReason(e);
    const message = this.options.unreachable ? this.options.unreachable(what, why.text) : `${what}: cannot reach ${this.baseUrl}: ${why.text}`;
    return { ok: false, error: this.error('network', message, { cause: e }), retry: !why.tls };
  }

  /**
   * Open an event stream (GET, `Accept: text/event-stream`) and hand each event to `onEvent` until the server ends
   * the stream (resolves), the connection drops (rejects with a `network` error), an event exceeds `maxEventBytes`
   * (rejects with a `payload` error) or `signal` aborts (resolves). An answer that is not a stream is passed to
   * `refuse`, whose error is thrown. No whole-exchange timeout (a watch is meant to stay open); the connect and
   * first-byte timeouts apply.
   */
  async stream(
    req: Omit<HttpRequest, 'method' | 'body' | 'idempotent'>,
    handlers: { refuse: (answer: HttpAnswer) => BackendError | undefined; onOpen: () => void; onEvent: (e: SseEvent) => void; maxEventBytes: number },
    signal: AbortSignal,
  ): Promise<void> {
    const full = { ...req, method: 'GET', idempotent: true };
    this.checkOrigin(full);
    if (this.closed || signal.aborted) return;
    const dispatcher = await this.dispatcher.get();
    const { controller, unlink } = linkedController(signal);
    this.requests++;
    try {
      let res: Dispatcher.ResponseData;
      try {
        res = await request(req.url, { method: 'GET', dispatcher, signal: controller.signal, headersTimeout: this.firstByteMs, bodyTimeout: 0, headers: req.headers });
      } catch (e) {
        if (signal.aborted) return;
        const failed = this.networkFailure(req.what, e);
        throw failed.ok ? this.error('network', req.what) : failed.error;
      }
      if (res.statusCode >= 300 && res.statusCode < 400) {
        discard(res.body);
        throw this.redirectRefusal(full, res.statusCode, res.headers.location);
      }
      if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        let text = '';
        if (res.statusCode !== 200) {
          try {
            text = await this.readBody(res.body, req.what, DEFAULTS.maxErrorBody);
          } catch (e) {
            if (signal.aborted) return;
            if (e instanceof BackendError) throw e;
          }
        }
        const refused = handlers.refuse({ status: res.statusCode, headers: res.headers, text });
        discard(res.body);
        if (refused) throw refused;
      }
      handlers.onOpen();
      const reader = new SseReader(handlers.onEvent, handlers.maxEventBytes, req.what);
      try {
        for await (const chunk of res.body as AsyncIterable<Buffer>) reader.feed(chunk);
      } catch (e) {
        discard(res.body);
        if (e instanceof BackendError) throw e;
        if (signal.aborted) return;
        throw this.error('network', `${req.what}: the event stream broke off: ${networkReason(e).text}`, { cause: e });
      }
    } finally {
      unlink();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.dispatcher.close();
  }
}

/** What a backend's transport shows of its client: the requests sent, redaction, the redacting logger, close. */
export abstract class ClientTransport {
  protected abstract readonly http: HttpClient;

  /** HTTP requests sent so far (retries and streams included). */
  get requests(): number {
    return this.http.requests;
  }

  /** A text with the credential replaced, for anything built from server data outside the client. */
  redact(text: string): string {
    return this.http.redact(text);
  }

  /** The logger with the credential redacted, for the backend's own log lines. */
  get logger(): Logger {
    return this.http.logger;
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

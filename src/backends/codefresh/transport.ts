// GraphQL over HTTP for the Codefresh client: undici with proxy/CA support, connect and total timeouts, bounded
// concurrency, retries with jittered backoff, Retry-After, and one BackendError kind per failure the UI can act on.
//
// The API key goes into the `Authorization` header as is (no `Bearer`), as Codefresh's own clients send it. It is
// never written to a log line or an error message: every text this module produces passes through `redact`.

import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { type Dispatcher, EnvHttpProxyAgent, request } from 'undici';
import { type Logger, redactSecrets } from '../../core/log';
import { BackendError, type BackendErrorKind } from '../types';
import { queryLead } from './schemas';

export const GRAPHQL_PATH = '/2.0/api/graphql';
/** cli-v2's page cap ("page limit number, limited to 50"). */
export const MAX_PAGE_SIZE = 50;

export interface ProxyOptions {
  /** Proxy URL (VS Code `http.proxy`); overrides HTTP(S)_PROXY. Without it the environment variables apply. */
  url?: string;
  /** VS Code `http.proxyStrictSSL`: false accepts any server certificate. Default true. */
  strictSSL?: boolean;
  /** Hosts that bypass the proxy (NO_PROXY syntax); overrides NO_PROXY. */
  noProxy?: string;
}

export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  log: Logger;
  proxy?: ProxyOptions;
  /** PEM file with extra CA certificates (added to Node's bundled roots). */
  caFile?: string;
  timeouts?: { connectMs?: number; totalMs?: number };
  maxConcurrency?: number;
  /** Retries after the first attempt, for network errors, 5xx, 429 and 403 rate limits. Default 3. */
  retries?: number;
  backoff?: { baseMs?: number; maxMs?: number; maxRetryAfterMs?: number };
  /** For tests: the jitter source. */
  random?: () => number;
}

export interface GraphqlResult {
  data: unknown;
  /** HTTP requests this query cost, retries included. */
  requests: number;
  /**
   * GraphQL `errors[]` that came WITH usable data (a partial answer: some fields resolved, some failed). The data is
   * kept; these messages (key redacted) are for the user to see as a warning. Absent when there were none.
   */
  warnings?: string[];
}

const DEFAULTS = {
  connectMs: 10_000,
  totalMs: 30_000,
  maxConcurrency: 4,
  retries: 3,
  baseMs: 300,
  maxMs: 8_000,
  maxRetryAfterMs: 30_000,
  maxBodyBytes: 64 * 1024 * 1024,
};

/**
 * A service's base address as the clients use it: `https://` added when no scheme is given, checked to be http(s),
 * without credentials, query, fragment, trailing slash or the API's own path suffix (`suffix`, e.g. `/2.0/api/graphql`).
 * `what` names the address in errors (`The Kargo API address`).
 */
export function normalizeServiceUrl(raw: string, what: string, suffix: string): string {
  let text = raw.trim();
  if (!text) throw new BackendError('config', `No ${what.replace(/^The /, '')} is configured.`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BackendError('config', `${what} is not a valid URL: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BackendError('config', `${what} must start with https:// or http:// (got ${url.protocol})`);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  let s = url.toString().replace(/\/+$/, '');
  if (s.endsWith(suffix)) s = s.slice(0, -suffix.length);
  return s;
}

/** `https://host/path` without a trailing slash, without the GraphQL path, and checked to be http(s). */
export function normalizeBaseUrl(raw: string): string {
  return normalizeServiceUrl(raw, 'The Codefresh URL', GRAPHQL_PATH);
}

/** A URL for logs: no user info. */
function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return '(invalid URL)';
  }
}


/** Milliseconds from a Retry-After header (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v.trim()) * 1000);
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Wait, unless the signal aborts first. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(): BackendError {
  return new BackendError('cancelled', 'The request was cancelled.');
}

/** A counting semaphore whose waiters can be cancelled. */
class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  constructor(private readonly max: number) {}

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw cancelled();
    if (this.active < this.max) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(cancelled());
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    // The slot was handed over by release(): `active` already counts it.
    return this.releaser();
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    };
  }
}

type Outcome =
  | { ok: true; data: unknown; warnings?: string[] }
  | { ok: false; error: BackendError; retry: boolean; retryAfterMs?: number };

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
};

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur !== null && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The `message`s of a GraphQL `errors` array, or undefined when the body has none. */
function graphqlMessages(body: unknown): string[] | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return errors.map((err) => {
    const m = err !== null && typeof err === 'object' ? (err as { message?: unknown }).message : undefined;
    return typeof m === 'string' ? m : JSON.stringify(err);
  });
}

/** A short server message from an error body: `{"error": "..."}`, `{"message": "..."}` or plain text. */
function serverMessage(text: string, json: unknown): string {
  if (json !== null && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    for (const k of ['error', 'message']) if (typeof o[k] === 'string') return o[k];
    const gql = graphqlMessages(json);
    if (gql) return gql.join('; ');
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * The `data` object of a GraphQL body when at least one of its fields holds a value (a partial answer when errors[]
 * comes with it), else undefined. `{"data": null}` and `{"data": {"promotions": null}}` are not partial data.
 */
function partialData(json: unknown): Record<string, unknown> | undefined {
  if (json === null || typeof json !== 'object') return undefined;
  const data = (json as { data?: unknown }).data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const fields = data as Record<string, unknown>;
  return Object.values(fields).some((v) => v !== null && v !== undefined) ? fields : undefined;
}

/**
 * Where a redirect points, for a message: the ORIGIN only (scheme, host, port), never the path or query, which may
 * carry anything. A relative Location is the same server.
 */
function redirectTarget(location: string | string[] | undefined, endpoint: string): string {
  const raw = Array.isArray(location) ? location[0] : location;
  if (!raw) return 'no address (the answer has no Location header)';
  try {
    const target = new URL(raw, endpoint);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return `a ${target.protocol} address`;
    return target.origin === new URL(endpoint).origin ? `another path on the same server (${target.origin})` : target.origin;
  } catch {
    return 'an address that is not a valid URL';
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** How an HTTP client of ours reaches its server: proxy, extra CAs, certificate checks and the connect timeout. */
export interface DispatcherOptions {
  proxy?: ProxyOptions;
  caFile?: string;
  connectMs: number;
  /** The server's base URL, for log lines. */
  target: string;
  log: Logger;
}

/**
 * An undici dispatcher that honours the proxy settings (or HTTP(S)_PROXY / NO_PROXY), a CA file added to Node's
 * roots, and `strictSSL: false`. `fail` builds the error for an unreadable CA file.
 */
export async function createProxyDispatcher(options: DispatcherOptions, fail: (message: string) => Error): Promise<Dispatcher> {
  const { proxy, caFile, connectMs, target, log } = options;
  let ca: string[] | undefined;
  if (caFile) {
    try {
      ca = [...rootCertificates, await readFile(caFile, 'utf8')];
    } catch (e) {
      throw fail(`Cannot read the CA certificate file ${caFile}: ${errorCode(e) ?? errorText(e)}`);
    }
  }
  const tls = {
    ...(ca ? { ca } : {}),
    ...(proxy?.strictSSL === false ? { rejectUnauthorized: false } : {}),
  };
  const proxyUrl = proxy?.url?.trim() || undefined;
  const envProxy = process.env.https_proxy ?? process.env.HTTPS_PROXY ?? process.env.http_proxy ?? process.env.HTTP_PROXY;
  if (proxyUrl) log.info(`Using proxy ${safeUrl(proxyUrl)} for ${target}`);
  else if (envProxy) log.info(`Using proxy from the environment (${safeUrl(envProxy)}) for ${target}`);
  if (proxy?.strictSSL === false) log.warn('Certificate checks are off (http.proxyStrictSSL = false).');
  return new EnvHttpProxyAgent({
    connect: { timeout: connectMs, ...tls },
    requestTls: { timeout: connectMs, ...tls },
    proxyTls: { timeout: connectMs, ...tls },
    ...(proxyUrl ? { httpProxy: proxyUrl, httpsProxy: proxyUrl } : {}),
    ...(proxy?.noProxy !== undefined ? { noProxy: proxy.noProxy } : {}),
  });
}

/**
 * Why a request failed to get an answer, in words: a TLS problem (with what to set), a known network error code, or
 * the error's own message. `tls` is true for certificate failures, which retrying does not cure.
 */
export function networkReason(e: unknown): { text: string; code?: string; tls: boolean; connectTimeout: boolean } {
  const code = errorCode(e);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return { text: 'connect timeout', code, tls: false, connectTimeout: true };
  if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')))
    return { text: `TLS failure (${code}). If a proxy or private CA is in the way, set gitopsReleases.caFile or http.proxyStrictSSL.`, code, tls: true, connectTimeout: false };
  const known = code ? NETWORK_CODES[code] : undefined;
  return { text: known ? `${known} (${code})` : errorText(e), code, tls: false, connectTimeout: false };
}

export class GraphqlTransport {
  readonly baseUrl: string;
  readonly endpoint: string;
  /** HTTP requests sent so far (all queries, retries included). */
  requests = 0;

  private readonly apiKey: string;
  private readonly log: Logger;
  private readonly semaphore: Semaphore;
  private readonly connectMs: number;
  private readonly totalMs: number;
  private readonly retries: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;
  private dispatcherPromise: Promise<Dispatcher> | undefined;
  private closed = false;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.endpoint = this.baseUrl + GRAPHQL_PATH;
    if (!options.apiKey) throw new BackendError('config', `No API key is configured for ${this.baseUrl}.`);
    if (/[\r\n]/.test(options.apiKey)) throw new BackendError('config', 'The API key contains a line break; paste it again.');
    this.apiKey = options.apiKey;
    const redact = (m: string): string => redactSecrets(m, [this.apiKey]);
    const log = options.log;
    this.log = {
      debug: (m) => log.debug(redact(m)),
      info: (m) => log.info(redact(m)),
      warn: (m) => log.warn(redact(m)),
      error: (m) => log.error(redact(m)),
    };
    this.semaphore = new Semaphore(Math.max(1, options.maxConcurrency ?? DEFAULTS.maxConcurrency));
    this.connectMs = options.timeouts?.connectMs ?? DEFAULTS.connectMs;
    this.totalMs = options.timeouts?.totalMs ?? DEFAULTS.totalMs;
    this.retries = Math.max(0, options.retries ?? DEFAULTS.retries);
    this.baseMs = options.backoff?.baseMs ?? DEFAULTS.baseMs;
    this.maxMs = options.backoff?.maxMs ?? DEFAULTS.maxMs;
    this.maxRetryAfterMs = options.backoff?.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
    this.random = options.random ?? Math.random;
  }

  /** A text with the API key replaced, for anything built from server data outside this module. */
  redact(text: string): string {
    return redactSecrets(text, [this.apiKey]);
  }

  /** The logger with the key redacted, for the backend's own log lines. */
  get logger(): Logger {
    return this.log;
  }

  private error(kind: BackendErrorKind, message: string, details?: BackendError['details']): BackendError {
    return new BackendError(kind, redactSecrets(message, [this.apiKey]), details);
  }

  private createDispatcher(): Promise<Dispatcher> {
    return createProxyDispatcher({ ...this.options, connectMs: this.connectMs, target: this.baseUrl, log: this.log }, (m) => this.error('config', m));
  }

  private dispatcher(): Promise<Dispatcher> {
    if (!this.dispatcherPromise) {
      const p = this.createDispatcher();
      this.dispatcherPromise = p;
      // A failed set-up (e.g. unreadable CA file) is retried on the next call, not cached.
      p.catch(() => {
        if (this.dispatcherPromise === p) this.dispatcherPromise = undefined;
      });
    }
    return this.dispatcherPromise;
  }

  /** Jittered exponential backoff: half fixed, half random ("equal jitter"). */
  backoffMs(attempt: number): number {
    const exp = Math.min(this.maxMs, this.baseMs * 2 ** attempt);
    return Math.round(exp / 2 + (exp / 2) * this.random());
  }

  /**
   * Run one query (idempotent: retried on network errors, 5xx and rate limits). Returns the `data` object,
   * unvalidated; the caller validates it with its schema.
   */
  async query(name: string, text: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<GraphqlResult> {
    if (this.closed) throw this.error('cancelled', `${queryLead(name)}: the backend was disposed.`);
    const body = JSON.stringify({ query: text, variables });
    let requests = 0;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw cancelled();
      requests++;
      const outcome = await this.attempt(name, body, signal);
      if (outcome.ok) return outcome.warnings ? { data: outcome.data, requests, warnings: outcome.warnings } : { data: outcome.data, requests };
      const { error } = outcome;
      if (!outcome.retry || attempt >= this.retries) {
        if (outcome.retry && attempt > 0)
          throw this.error(error.kind, `${error.message} (after ${attempt + 1} attempts)`, error.details);
        throw error;
      }
      const delay = outcome.retryAfterMs ?? this.backoffMs(attempt);
      if (delay > this.maxRetryAfterMs)
        throw this.error(error.kind, `${error.message}; the server asks to wait ${Math.ceil(delay / 1000)} s`, error.details);
      this.log.warn(`${error.message}; retry ${attempt + 1} of ${this.retries} in ${delay} ms`);
      await sleep(delay, signal);
    }
  }

  private async attempt(name: string, body: string, signal?: AbortSignal): Promise<Outcome> {
    const dispatcher = await this.dispatcher();
    const release = await this.semaphore.acquire(signal);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('total timeout'));
    }, this.totalMs);
    const onAbort = (): void => controller.abort(new Error('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const started = Date.now();
    this.requests++;
    try {
      const res = await request(this.endpoint, {
        method: 'POST',
        dispatcher,
        signal: controller.signal,
        headersTimeout: this.totalMs,
        bodyTimeout: this.totalMs,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: this.apiKey,
          'user-agent': 'gitops-releases-vscode',
        },
        body,
      });
      // The key is ours; no answer legitimately contains it. Redacting it from the body itself means nothing built
      // from the answer (data, field paths, quoted values in a payload error, the tree) can ever show it.
      const raw = await this.readBody(res.body, name);
      const text = raw.includes(this.apiKey) ? redactSecrets(raw, [this.apiKey]) : raw;
      this.log.debug(`${name}: HTTP ${res.statusCode} in ${Date.now() - started} ms (${text.length} bytes)`);
      return this.interpret(name, res.statusCode, res.headers, text);
    } catch (e) {
      if (e instanceof BackendError) return { ok: false, error: e, retry: false };
      if (signal?.aborted) return { ok: false, error: cancelled(), retry: false };
      if (timedOut)
        return {
          ok: false,
          error: this.error('timeout', `${queryLead(name)}: no complete answer from ${this.baseUrl} within ${this.totalMs} ms`, { query: name }),
          retry: false,
        };
      return this.networkFailure(name, e);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      release();
    }
  }

  private async readBody(stream: Dispatcher.ResponseData['body'], name: string): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > DEFAULTS.maxBodyBytes) {
        stream.destroy();
        throw this.error('payload', `${queryLead(name)}: the response is larger than ${DEFAULTS.maxBodyBytes} bytes`, { query: name });
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private networkFailure(name: string, e: unknown): Outcome {
    const code = errorCode(e);
    if (code === 'UND_ERR_CONNECT_TIMEOUT')
      return {
        ok: false,
        error: this.error('timeout', `${queryLead(name)}: cannot connect to ${this.baseUrl} within ${this.connectMs} ms`, { query: name, cause: e }),
        retry: true,
      };
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
      return {
        ok: false,
        error: this.error('timeout', `${queryLead(name)}: no complete answer from ${this.baseUrl} within ${this.totalMs} ms`, { query: name }),
        retry: false,
      };
    if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')))
      return {
        ok: false,
        error: this.error(
          'network',
          `${queryLead(name)}: TLS failure talking to ${this.baseUrl} (${code}). If a proxy or private CA is in the way, set gitopsReleases.caFile or http.proxyStrictSSL.`,
          { query: name, cause: e },
        ),
        retry: false,
      };
    const what = (code && NETWORK_CODES[code]) ?? errorText(e);
    return {
      ok: false,
      error: this.error('network', `${queryLead(name)}: cannot reach ${this.baseUrl}: ${what}${code && NETWORK_CODES[code] ? ` (${code})` : ''}`, {
        query: name,
        cause: e,
      }),
      retry: true,
    };
  }

  private interpret(name: string, status: number, headers: Record<string, string | string[] | undefined>, text: string): Outcome {
    const json = tryJson(text);
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    const details = (extra?: BackendError['details']): BackendError['details'] => ({ query: name, status, ...extra });

    if (status === 401)
      return {
        ok: false,
        error: this.error(
          'auth',
          `${queryLead(name)}: ${this.baseUrl} rejected the API key (HTTP 401: ${serverMessage(text, json) || 'Unauthorized'}). Sign in again with a valid Codefresh API key.`,
          details(),
        ),
        retry: false,
      };
    if (status === 429 || (status === 403 && (retryAfterMs !== undefined || /rate.?limit|too many requests/i.test(text))))
      return {
        ok: false,
        error: this.error('rate-limit', `${queryLead(name)}: rate limited by ${this.baseUrl} (HTTP ${status})`, details({ retryAfterMs })),
        retry: true,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    if (status === 403)
      return {
        ok: false,
        error: this.error(
          'auth',
          `${queryLead(name)}: the API key is not allowed to read this at ${this.baseUrl} (HTTP 403: ${serverMessage(text, json) || 'Forbidden'}). Check the key's scopes.`,
          details(),
        ),
        retry: false,
      };
    if (status >= 500)
      return {
        ok: false,
        error: this.error('http', `${queryLead(name)}: server error HTTP ${status} from ${this.baseUrl}: ${serverMessage(text, json)}`, details()),
        retry: true,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };

    const messages = graphqlMessages(json)?.map((m) => redactSecrets(m, [this.apiKey]));
    const partial = status >= 200 && status < 300 ? partialData(json) : undefined;
    if (messages && partial) {
      // A partial answer: GraphQL resolved some fields and reports the others in errors[]. Keep what resolved.
      this.log.warn(`${queryLead(name)} completely: ${this.baseUrl} answered with data and ${messages.length} error(s); keeping the data: ${messages.join('; ').slice(0, 2000)}`);
      return { ok: true, data: partial, warnings: messages.map((m) => m.slice(0, 1000)) };
    }
    if (messages)
      return {
        ok: false,
        error: this.error('graphql', `${queryLead(name)}: ${messages.join('; ').slice(0, 4000)}`, details({ cause: { messages } })),
        retry: false,
      };
    if (status >= 300 && status < 400)
      return {
        ok: false,
        error: this.error('http', `${queryLead(name)}: ${this.baseUrl} answered with a redirect (HTTP ${status}) to ${redirectTarget(headers.location, this.endpoint)}. Redirects are not followed, so the API key is sent to no other address. Check the Codefresh URL setting (gitopsReleases.codefresh.url).`, details()),
        retry: false,
      };
    if (status === 404)
      return {
        ok: false,
        error: this.error('not-found', `${queryLead(name)}: ${this.endpoint} does not exist (HTTP 404). Check the Codefresh URL.`, details()),
        retry: false,
      };
    if (status < 200 || status >= 300)
      return {
        ok: false,
        error: this.error('http', `${queryLead(name)}: HTTP ${status} from ${this.baseUrl}: ${serverMessage(text, json)}`, details()),
        retry: false,
      };
    if (json === undefined)
      return {
        ok: false,
        error: this.error(
          'payload',
          `${queryLead(name)}: the response is not valid JSON (${text.length} bytes${text.length > 0 ? ', truncated or not GraphQL' : ', empty'})`,
          details(),
        ),
        retry: false,
      };
    const data = json !== null && typeof json === 'object' ? (json as { data?: unknown }).data : undefined;
    if (data === null || typeof data !== 'object' || Array.isArray(data))
      return {
        ok: false,
        error: this.error('payload', `${queryLead(name)}: data: expected object, got ${data === null ? 'null' : Array.isArray(data) ? 'array' : typeof data === 'undefined' ? 'missing' : typeof data}`, details({ path: 'data' })),
        retry: false,
      };
    return { ok: true, data };
  }

  async close(): Promise<void> {
    this.closed = true;
    const p = this.dispatcherPromise;
    this.dispatcherPromise = undefined;
    if (p) {
      const d = await p.catch(() => undefined);
      await d?.close().catch(() => undefined);
    }
  }
}

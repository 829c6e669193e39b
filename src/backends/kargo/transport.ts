// HTTP for the Kargo client: JSON requests to the REST API (`/v1beta1`) with a bearer token, and the Server-Sent
// Events of its `?watch=true` streams, on the shared HTTP client (../http/client: proxy/CA, timeouts, body cap,
// retries of reads with Retry-After, redirect refusal, redaction) and its event-stream reader (../http/sse). What is
// Kargo's own lives here: the paths, the bearer header, and how its statuses are worded. Every failure is a
// BackendError whose message says what happened in words; the token never appears in a log line or an error.

import type { Logger } from '../../core/log';
import { BackendError } from '../types';
import { ClientTransport, type HttpAnswer, HttpClient, type Verdict } from '../http/client';
import type { ProxyOptions } from '../http/dispatcher';
import { parseRetryAfter } from '../http/retry';
import type { SseEvent } from '../http/sse';
import { normalizeServiceUrl } from '../http/url';

export { sleep } from '../http/abort';
export type { SseEvent } from '../http/sse';

export const API_PREFIX = '/v1beta1';

export interface KargoTransportOptions {
  baseUrl: string;
  token: string;
  log: Logger;
  proxy?: ProxyOptions;
  caFile?: string;
  timeouts?: { connectMs?: number; firstByteMs?: number; totalMs?: number };
  /** Retries of an idempotent read after the first attempt (network errors, 5xx, 429). Default 2. */
  retries?: number;
  backoff?: { baseMs?: number; maxMs?: number; maxRetryAfterMs?: number };
  /** Largest answer read (default 64 MiB). */
  maxBodyBytes?: number;
  /** Largest single watch event (default 8 MiB). */
  maxEventBytes?: number;
}

/** `https://host[:port][/path]` without a trailing slash or `/v1beta1`, checked to be http(s). */
export function normalizeKargoUrl(raw: string): string {
  return normalizeServiceUrl(raw, 'The Kargo API address', API_PREFIX);
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

const MAX_EVENT_BYTES = 8 * 1024 * 1024;

export class KargoTransport extends ClientTransport {
  readonly baseUrl: string;
  private readonly token: string;
  protected readonly http: HttpClient;
  private readonly maxEventBytes: number;

  constructor(options: KargoTransportOptions) {
    super();
    this.baseUrl = normalizeKargoUrl(options.baseUrl);
    if (!options.token) throw new BackendError('config', `No Kargo token is configured for ${this.baseUrl}.`);
    if (/[\r\n]/.test(options.token)) throw new BackendError('config', 'The Kargo token contains a line break; paste it again.');
    this.token = options.token;
    this.maxEventBytes = options.maxEventBytes ?? MAX_EVENT_BYTES;
    this.http = new HttpClient({
      baseUrl: this.baseUrl,
      secrets: [this.token],
      log: options.log,
      credential: 'token',
      redirectHint: 'Check the Kargo API address.',
      proxy: options.proxy,
      caFile: options.caFile,
      timeouts: options.timeouts,
      retries: options.retries ?? 2,
      backoff: options.backoff,
      maxBodyBytes: options.maxBodyBytes,
    });
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
    const said = serverMessage(text);
    const details = { status, path: spec.path, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    const tail = said ? `: ${said}` : '';
    const e = (kind: BackendError['kind'], message: string): BackendError => this.http.error(kind, message, details);
    if (status === 401) return e('auth', `${spec.what}: ${this.baseUrl} rejected the token (HTTP 401${tail}). Sign in to Kargo again with a valid token.`);
    if (status === 403) return e('auth', `${spec.what}: your Kargo role does not allow this (HTTP 403${tail}).`);
    if (status === 404) return e('not-found', `${spec.what}: not found at ${this.baseUrl} (HTTP 404${tail}).`);
    if (status === 409) return e('http', `${spec.what}: Kargo refused because of a conflict (HTTP 409${tail}).`);
    if (status === 429) return e('rate-limit', `${spec.what}: rate limited by ${this.baseUrl} (HTTP 429).`);
    return e('http', `${spec.what}: HTTP ${status} from ${this.baseUrl}${tail}`);
  }

  private interpret(spec: RequestSpec, { status, headers, text }: HttpAnswer): Verdict<unknown> {
    if (status < 200 || status >= 300) {
      const retryAfterMs = parseRetryAfter(headers['retry-after']);
      return { ok: false, error: this.statusError(spec, status, text, retryAfterMs), retry: status >= 500 || status === 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    if (!text.trim()) return { ok: true, value: undefined };
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, error: this.http.error('payload', `${spec.what}: the answer is not valid JSON (${text.length} bytes)`, { path: spec.path }) };
    }
  }

  /** Send one request and return the parsed JSON body (undefined for an empty body). Reads are retried; writes go out once. */
  async json(spec: RequestSpec, signal?: AbortSignal): Promise<unknown> {
    const withBody = spec.body !== undefined;
    const { value } = await this.http.send(
      {
        method: spec.method,
        url: this.url(spec.path, spec.query),
        headers: this.headers('application/json', withBody),
        ...(withBody ? { body: JSON.stringify(spec.body) } : {}),
        idempotent: spec.method === 'GET',
        what: spec.what,
      },
      (answer) => this.interpret({ ...spec }, answer),
      signal,
    );
    return value;
  }

  /**
   * Open a `?watch=true` stream and call `onEvent` for each Server-Sent Event until the server ends the stream (the
   * promise resolves), the connection drops (it rejects with a `network` BackendError), one event grows past the cap
   * (it rejects with a `payload` BackendError) or `signal` aborts (it resolves). No total timeout: a watch is meant
   * to stay open; the connect and first-byte timeouts still apply.
   */
  async stream(spec: Omit<RequestSpec, 'method' | 'body'>, onOpen: () => void, onEvent: (e: SseEvent) => void, signal: AbortSignal): Promise<void> {
    await this.http.stream(
      { url: this.url(spec.path, { ...spec.query, watch: 'true' }), headers: { ...this.headers('text/event-stream', false), 'cache-control': 'no-cache' }, what: spec.what },
      {
        refuse: ({ status, headers, text }) =>
          status !== 200
            ? this.statusError(spec, status, text)
            : this.http.error('payload', `${spec.what}: the server did not answer with an event stream (content type ${String(headers['content-type'] ?? '') || 'missing'}).`, { path: spec.path }),
        onOpen,
        onEvent,
        maxEventBytes: this.maxEventBytes,
      },
      signal,
    );
  }
}

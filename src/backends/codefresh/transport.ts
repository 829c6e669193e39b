// GraphQL over HTTP for the Codefresh client, on the shared HTTP client (../http/client: proxy/CA, timeouts, body
// cap, bounded concurrency, retries with jittered backoff and Retry-After, redirect refusal, redaction). What is
// Codefresh's own lives here: the endpoint, the API key header, and how a GraphQL answer reads (errors[] with and
// without data, which statuses are worth another attempt).
//
// The API key goes into the `Authorization` header as is (no `Bearer`), as Codefresh's own clients send it. It is
// never written to a log line or an error message: every text passes through the client's redaction.

import type { Logger } from '../../core/log';
import { BackendError } from '../types';
import { ClientTransport, type HttpAnswer, HttpClient, type Verdict } from '../http/client';
import type { ProxyOptions } from '../http/dispatcher';
import { parseRetryAfter } from '../http/retry';
import { normalizeServiceUrl } from '../http/url';
import { queryLead } from './schemas';

export const GRAPHQL_PATH = '/2.0/api/graphql';
/** cli-v2's page cap ("page limit number, limited to 50"). */
export const MAX_PAGE_SIZE = 50;

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

/** `https://host/path` without a trailing slash, without the GraphQL path, and checked to be http(s). */
export function normalizeBaseUrl(raw: string): string {
  return normalizeServiceUrl(raw, 'The Codefresh URL', GRAPHQL_PATH);
}

/** A GraphQL document that only reads (a query, or the shorthand `{ ... }`): safe to send again. */
function isReadOnly(document: string): boolean {
  return !/^\s*(#[^\n]*\n\s*)*(mutation|subscription)\b/.test(document);
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

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class GraphqlTransport extends ClientTransport {
  readonly baseUrl: string;
  readonly endpoint: string;
  protected readonly http: HttpClient;
  private readonly apiKey: string;

  constructor(options: TransportOptions) {
    super();
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.endpoint = this.baseUrl + GRAPHQL_PATH;
    if (!options.apiKey) throw new BackendError('config', `No API key is configured for ${this.baseUrl}.`);
    if (/[\r\n]/.test(options.apiKey)) throw new BackendError('config', 'The API key contains a line break; paste it again.');
    this.apiKey = options.apiKey;
    this.http = new HttpClient({
      baseUrl: this.baseUrl,
      secrets: [this.apiKey],
      log: options.log,
      credential: 'API key',
      redirectHint: 'Check the Codefresh URL setting (gitopsReleases.codefresh.url).',
      proxy: options.proxy,
      caFile: options.caFile,
      timeouts: options.timeouts,
      maxConcurrency: options.maxConcurrency,
      retries: options.retries ?? 3,
      backoff: options.backoff,
      random: options.random,
    });
  }

  /** Jittered exponential backoff: half fixed, half random ("equal jitter"). */
  backoffMs(attempt: number): number {
    return this.http.backoffMs(attempt);
  }

  /**
   * Run one query (idempotent: retried on network errors, 5xx and rate limits). Returns the `data` object,
   * unvalidated; the caller validates it with its schema.
   */
  async query(name: string, text: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<GraphqlResult> {
    const { value, requests } = await this.http.send(
      {
        method: 'POST',
        url: this.endpoint,
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: this.apiKey, 'user-agent': 'gitops-releases-vscode' },
        body: JSON.stringify({ query: text, variables }),
        idempotent: isReadOnly(text),
        what: queryLead(name),
        label: name,
      },
      (answer) => this.interpret(name, answer),
      signal,
    );
    return value.warnings ? { data: value.data, requests, warnings: value.warnings } : { data: value.data, requests };
  }

  private interpret(name: string, { status, headers, text }: HttpAnswer): Verdict<{ data: unknown; warnings?: string[] }> {
    const json = tryJson(text);
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    const details = (extra?: BackendError['details']): BackendError['details'] => ({ query: name, status, ...extra });

    if (status === 401)
      return {
        ok: false,
        error: this.http.error(
          'auth',
          `${queryLead(name)}: ${this.baseUrl} rejected the API key (HTTP 401: ${serverMessage(text, json) || 'Unauthorized'}). Sign in again with a valid Codefresh API key.`,
          details(),
        ),
        retry: false,
      };
    if (status === 429 || (status === 403 && (retryAfterMs !== undefined || /rate.?limit|too many requests/i.test(text))))
      return {
        ok: false,
        error: this.http.error('rate-limit', `${queryLead(name)}: rate limited by ${this.baseUrl} (HTTP ${status})`, details({ retryAfterMs })),
        retry: true,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    if (status === 403)
      return {
        ok: false,
        error: this.http.error(
          'auth',
          `${queryLead(name)}: the API key is not allowed to read this at ${this.baseUrl} (HTTP 403: ${serverMessage(text, json) || 'Forbidden'}). Check the key's scopes.`,
          details(),
        ),
        retry: false,
      };
    if (status >= 500)
      return {
        ok: false,
        error: this.http.error('http', `${queryLead(name)}: server error HTTP ${status} from ${this.baseUrl}: ${serverMessage(text, json)}`, details()),
        retry: true,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };

    const messages = graphqlMessages(json)?.map((m) => this.http.redact(m));
    const partial = status >= 200 && status < 300 ? partialData(json) : undefined;
    if (messages && partial) {
      // A partial answer: GraphQL resolved some fields and reports the others in errors[]. Keep what resolved.
      this.http.logger.warn(`${queryLead(name)} completely: ${this.baseUrl} answered with data and ${messages.length} error(s); keeping the data: ${messages.join('; ').slice(0, 2000)}`);
      return { ok: true, value: { data: partial, warnings: messages.map((m) => m.slice(0, 1000)) } };
    }
    if (messages)
      return {
        ok: false,
        error: this.http.error('graphql', `${queryLead(name)}: ${messages.join('; ').slice(0, 4000)}`, details({ cause: { messages } })),
        retry: false,
      };
    if (status === 404)
      return {
        ok: false,
        error: this.http.error('not-found', `${queryLead(name)}: ${this.endpoint} does not exist (HTTP 404). Check the Codefresh URL.`, details()),
        retry: false,
      };
    if (status < 200 || status >= 300)
      return {
        ok: false,
        error: this.http.error('http', `${queryLead(name)}: HTTP ${status} from ${this.baseUrl}: ${serverMessage(text, json)}`, details()),
        retry: false,
      };
    if (json === undefined)
      return {
        ok: false,
        error: this.http.error(
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
        error: this.http.error('payload', `${queryLead(name)}: data: expected object, got ${data === null ? 'null' : Array.isArray(data) ? 'array' : typeof data === 'undefined' ? 'missing' : typeof data}`, details({ path: 'data' })),
        retry: false,
      };
    return { ok: true, value: { data } };
  }
}

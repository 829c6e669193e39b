// HTTP for the GitHub backend: Octokit (@octokit/core with the paging plugin) whose every request goes through the
// shared HTTP client (../http/client) as Octokit's `request.fetch`: proxy and CA file, connect / first-byte /
// whole-body timeouts, a body cap, redirects refused, no request to any origin but the API's own (a `Link: rel="next"`
// to another server is refused before a byte is sent, so the token goes nowhere else), the caller's AbortSignal
// honoured by every request and wait, and reads retried within a bound (5xx, rate limits with Retry-After or
// `x-ratelimit-reset`) while writes go out once.
//
// Polled REST reads are conditional: the ETag of the last answer goes out as `If-None-Match`, and a 304 (which costs
// no rate limit, https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api) returns
// the remembered answer instead of surfacing as the error Octokit makes of it. The token never reaches a log line,
// an error (message, details, cause) or an answer handed to Octokit: the client replaces it wherever it shows.

import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { type Logger, silentLogger } from '../../core/log';
import { type HttpAnswer, HttpClient, type Verdict } from '../http/client';
import type { ProxyOptions } from '../http/dispatcher';
import { parseRetryAfter } from '../http/retry';
import { BackendError, isBackendError } from '../types';

const GitHubOctokit = Octokit.plugin(paginateRest);
type GitHubOctokit = InstanceType<typeof GitHubOctokit>;

/** When a secondary rate limit names no wait: "wait for at least one minute" (GitHub's REST best practices). */
const SECONDARY_FALLBACK_MS = 60_000;
/** Answers remembered for their ETags (the least recently used are forgotten first). */
const MAX_CACHED = 1000;
/**
 * Pages one list may take (100 items each). The only list paged is a run's jobs, and a matrix makes at most 256 jobs
 * per workflow run (https://docs.github.com/en/actions/using-jobs/using-a-matrix-for-your-jobs): three pages; a
 * server that keeps offering a next page past twenty is not GitHub's.
 */
const MAX_PAGES = 20;

export interface GitHubHttpOptions {
  /** REST base URL: `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
  log?: Logger;
  proxy?: ProxyOptions;
  caFile?: string;
  /** Milliseconds one `retry-after` second stands for (tests shorten it; default 1000). */
  retryAfterUnitMs?: number;
  /** Retries of a read after the first attempt (5xx, rate limits, network errors; default 2). Writes are never retried. */
  retries?: number;
  timeouts?: { connectMs?: number; firstByteMs?: number; totalMs?: number };
  backoff?: { baseMs?: number; maxMs?: number };
  /** The longest wait a server may ask for before we give up at once and say so (default 30 s). */
  maxRetryAfterMs?: number;
  /** Largest answer read (default 64 MiB). */
  maxBodyBytes?: number;
}

/** What the requests so far cost: all requests, those answered 304, and rate-limit points spent. */
export interface HttpStats {
  requests: number;
  notModified: number;
  points: number;
}

/** `https://api.github.com` for github.com; `https://HOST/api/v3` for a GitHub Enterprise Server host or URL. */
export function normalizeApiUrl(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  if (!text) return 'https://api.github.com';
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new BackendError('config', `The GitHub URL is not a valid URL: ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new BackendError('config', `The GitHub URL must start with https:// or http:// (got ${url.protocol})`);
  if (url.hostname === 'github.com' || url.hostname === 'api.github.com') return 'https://api.github.com';
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path.endsWith('/api/v3') ? path : `${path}/api/v3`}`;
}

/** The web origin for links: `https://github.com`, or the Enterprise Server's own origin. */
export function webUrlOf(apiUrl: string): string {
  if (apiUrl === 'https://api.github.com') return 'https://github.com';
  return apiUrl.replace(/\/api\/v3$/, '');
}

interface Cached {
  etag: string;
  data: unknown;
  headers: Record<string, string | undefined>;
}

/** A REST answer: its body, whether it differs from the last one, and its headers. */
export interface RestAnswer {
  data: unknown;
  changed: boolean;
  headers: Record<string, string | undefined>;
}

interface OctokitLikeError {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

function isStatusError(e: unknown): e is OctokitLikeError {
  return e instanceof Error && typeof (e as { status?: unknown }).status === 'number';
}

/** A GraphQL document that only reads (a query, or the shorthand `{ ... }`): safe to send again. */
function isReadOnlyGraphql(body: string | undefined): boolean {
  if (body === undefined) return false;
  try {
    const query = (JSON.parse(body) as { query?: unknown }).query;
    return typeof query === 'string' && !/^\s*(#[^\n]*\n\s*)*(mutation|subscription)\b/.test(query);
  } catch {
    return false;
  }
}

/** A message from a GitHub error body (`{"message": ...}`), else the start of the text. */
function bodyMessage(text: string): string {
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  } catch {
    // not JSON: the text itself
  }
  return text.replace(/\s+/g, ' ').trim();
}

function header(headers: HttpAnswer['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

type Pager = (
  request: GitHubOctokit['request'],
  parameters: Record<string, unknown>,
  map: (response: { data: unknown[]; headers: Record<string, string | undefined> }, done: () => void) => unknown[],
) => Promise<unknown[]>;

export class GitHubHttp {
  readonly apiUrl: string;
  readonly webUrl: string;
  readonly stats: HttpStats = { requests: 0, notModified: 0, points: 0 };
  /** Scopes of a classic token (`X-OAuth-Scopes`); undefined when the server does not say (fine-grained tokens, apps). */
  scopes: string[] | undefined;

  private readonly octokit: GitHubOctokit;
  private readonly client: HttpClient;
  private readonly apiPath: string;
  private readonly etags = new Map<string, Cached>();

  constructor(options: GitHubHttpOptions) {
    this.apiUrl = normalizeApiUrl(options.apiUrl);
    this.webUrl = webUrlOf(this.apiUrl);
    this.apiPath = new URL(this.apiUrl).pathname.replace(/\/+$/, '');
    if (!options.token) throw new BackendError('config', `No GitHub token is available for ${this.webUrl}.`);
    if (/[\r\n]/.test(options.token)) throw new BackendError('config', 'The GitHub token contains a line break.');
    this.client = new HttpClient({
      baseUrl: this.apiUrl,
      secrets: [options.token],
      log: options.log ?? silentLogger,
      credential: 'token',
      redirectHint: 'Check the GitHub URL.',
      proxy: options.proxy,
      caFile: options.caFile,
      timeouts: options.timeouts,
      retries: options.retries ?? 2,
      backoff: { ...options.backoff, ...(options.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: options.maxRetryAfterMs } : {}) },
      retryAfterUnitMs: options.retryAfterUnitMs,
      maxBodyBytes: options.maxBodyBytes,
      unreachable: (what, reason) => `Cannot reach GitHub at ${this.webUrl}: ${reason} (${what})`,
    });
    const log = this.client.logger;
    this.octokit = new GitHubOctokit({
      auth: options.token,
      baseUrl: this.apiUrl,
      userAgent: 'gitops-releases-vscode',
      log: { debug: () => undefined, info: () => undefined, warn: (m: string) => log.warn(m), error: (m: string) => log.error(m) },
      request: { fetch: (url: string, init: RequestInit) => this.fetch(url, init) },
    });
    // Success bodies are read here with JSON.parse, not by Octokit: its reader (json-with-bigint) scans the text with
    // a regular expression that overflows the stack on a long string under Node 20 (VS Code 1.96's), and then hands
    // the raw text on as if it were the data. Our fetch has already checked that a 2xx body is JSON.
    this.octokit.hook.wrap('request', async (request, options) => {
      // The hooks inside this one (the token's) are bound to this same options object and ignore arguments, so the
      // switch is set on it rather than passed.
      options.request = { ...options.request, parseSuccessResponseBody: false };
      const res = await request(options);
      const body: unknown = res.data;
      if (!(body instanceof ReadableStream)) return res;
      const text = await new Response(body).text();
      return { ...res, data: text.trim() === '' ? undefined : (JSON.parse(text) as unknown) };
    });
  }

  /** `POST /graphql`, `GET /user`: a request as messages name it (the path under the API, no query). */
  private describe(method: string, url: URL): string {
    const path = url.pathname.endsWith('/graphql') ? '/graphql' : url.pathname.startsWith(this.apiPath) ? url.pathname.slice(this.apiPath.length) : url.pathname;
    return `${method} ${path || '/'}`;
  }

  /** Octokit's fetch: one exchange through the shared client, handed back as a WHATWG Response. */
  private async fetch(url: string, init: RequestInit): Promise<Response> {
    const method = (init.method ?? 'GET').toUpperCase();
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string')
      throw new BackendError('config', 'The GitHub client sends only JSON text bodies.');
    const body = init.body ?? undefined;
    const parsed = new URL(url);
    const graphql = parsed.pathname.endsWith('/graphql');
    const what = this.describe(method, parsed);
    const headers: Record<string, string> = {};
    for (const [k, v] of new Headers(init.headers as ConstructorParameters<typeof Headers>[0])) headers[k] = v;
    const before = this.client.requests;
    const sent = this.client.send(
      {
        method,
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
        idempotent: method === 'GET' || method === 'HEAD' || (graphql && method === 'POST' && isReadOnlyGraphql(body)),
        what,
      },
      (answer) => this.interpret(answer, what, graphql),
      init.signal ?? undefined,
    );
    // Every request counts, retries and those that got no answer included.
    const { value } = await sent.finally(() => (this.stats.requests += this.client.requests - before));
    const out = new Headers();
    for (const [k, v] of Object.entries(value.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
    const empty = value.status === 204 || value.status === 205 || value.status === 304;
    const response = new Response(empty ? null : value.text, { status: value.status, headers: out });
    // A constructed Response has no URL; Octokit's paging reads it (the page number of a commit comparison).
    Object.defineProperty(response, 'url', { value: url });
    return response;
  }

  /**
   * One answer: its cost counted, its scopes read; a rate limit or a 5xx becomes an error worth another attempt (for a read),
   * a 2xx that is not JSON a payload error; anything else goes to Octokit as is.
   */
  private interpret(answer: HttpAnswer, what: string, graphql: boolean): Verdict<HttpAnswer> {
    const { status, headers, text } = answer;
    if (status === 304) this.stats.notModified++;
    else if (!graphql) this.stats.points++;
    const scopes = header(headers, 'x-oauth-scopes');
    if (scopes !== undefined) this.scopes = scopes.split(',').map((s) => s.trim()).filter(Boolean);
    const details = { status, path: what };
    const said = bodyMessage(text).slice(0, 300);
    if (status === 429 || status === 403) {
      const retryAfter = parseRetryAfter(header(headers, 'retry-after'));
      const reset = Number(header(headers, 'x-ratelimit-reset'));
      const primary = header(headers, 'x-ratelimit-remaining') === '0';
      const secondary = /secondary rate limit/i.test(said);
      if (status === 429 || primary || secondary || retryAfter !== undefined || /rate limit/i.test(said)) {
        const untilReset = primary && Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined;
        const wait = retryAfter ?? untilReset ?? (secondary ? SECONDARY_FALLBACK_MS : undefined);
        const when = untilReset !== undefined ? ` until ${new Date(reset * 1000).toISOString()}` : '';
        const message = primary ? `GitHub's rate limit is used up${when}: ${said}` : `GitHub rate-limited ${what} (HTTP ${status}): ${said}`;
        return { ok: false, error: this.client.error('rate-limit', message, { ...details, ...(wait !== undefined ? { retryAfterMs: wait } : {}) }), retry: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
      }
    }
    if (status >= 500) return { ok: false, error: this.client.error('http', `GitHub answered ${what} with HTTP ${status}: ${said}`, details), retry: true };
    if (status >= 200 && status < 300 && text.trim() !== '') {
      try {
        JSON.parse(text);
      } catch {
        const type = header(headers, 'content-type')?.split(';')[0]?.trim();
        return { ok: false, error: this.client.error('payload', `GitHub answered ${what} with something that is not JSON (${text.length} bytes${type ? ` of ${type}` : ''}).`, details) };
      }
    }
    return { ok: true, value: answer };
  }

  /** Adds the GraphQL query's own cost (`rateLimit { cost }`) to the points spent. */
  addPoints(n: number): void {
    this.stats.points += n;
  }

  /** Keep an answer for its ETag as the newest; the least recently used go beyond `MAX_CACHED`. */
  private remember(key: string, entry: Cached): void {
    this.etags.delete(key);
    this.etags.set(key, entry);
    for (const oldest of this.etags.keys()) {
      if (this.etags.size <= MAX_CACHED) break;
      this.etags.delete(oldest);
    }
  }

  /**
   * A conditional GET: sends the last ETag for this route and parameters; a 304 returns the remembered body with
   * `changed: false`.
   */
  async get(route: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<RestAnswer> {
    const key = `${route} ${JSON.stringify(params)}`;
    const cached = this.etags.get(key);
    try {
      const res = await this.octokit.request(route, {
        ...params,
        headers: cached ? { 'if-none-match': cached.etag } : {},
        request: { signal },
      });
      const headers = res.headers as Record<string, string | undefined>;
      const etag = headers.etag;
      if (etag) this.remember(key, { etag, data: res.data, headers });
      return { data: res.data, changed: true, headers };
    } catch (e) {
      if (isStatusError(e) && e.status === 304 && cached) {
        this.remember(key, cached);
        return { data: cached.data, changed: false, headers: cached.headers };
      }
      throw this.translate(e, route);
    }
  }

  /**
   * The pages of a list (REST `Link: rel="next"`) until `maxItems` are held (the rest cut off), at most `MAX_PAGES`
   * of them. Each page goes out
   * with the caller's signal (Octokit's pager would send only the first with it), and a next link to another origin
   * is refused by the client before anything is sent.
   */
  async paginate(route: string, params: Record<string, unknown>, signal?: AbortSignal, maxItems = Number.POSITIVE_INFINITY): Promise<unknown[]> {
    const [method = 'GET', url = ''] = route.split(' ');
    const request = this.octokit.request.defaults({ request: { signal } });
    // The pager's overloads type a request function's parameters by route; ours is a plain method and URL template.
    const pager = this.octokit.paginate as unknown as Pager;
    let pages = 0;
    let held = 0;
    let more = false;
    try {
      const items = (await pager(request, { method, url, per_page: 100, ...params }, (response, done) => {
        pages++;
        more = /rel="next"/.test(String(response.headers.link ?? ''));
        held += Array.isArray(response.data) ? response.data.length : 0;
        if (pages >= MAX_PAGES || held >= maxItems) done();
        return response.data;
      }));
      if (pages >= MAX_PAGES && more && held < maxItems) this.logger.warn(`${route}: GitHub has more than ${MAX_PAGES} pages; kept the first ${items.length} items.`);
      return items.length > maxItems ? items.slice(0, maxItems) : items;
    } catch (e) {
      throw this.translate(e, route);
    }
  }

  /** A write (POST): never cached, never retried by the caller. */
  async post(route: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
    try {
      return (await this.octokit.request(route, { ...params, request: { signal } })).data;
    } catch (e) {
      throw this.translate(e, route);
    }
  }

  /** One GraphQL query; `errors[]` with data are returned as warnings, without data they fail. */
  async graphql(query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<{ data: unknown; warnings?: string[] }> {
    try {
      const data = await this.octokit.graphql(query, { ...variables, request: { signal } });
      return { data };
    } catch (e) {
      const gql = e as { name?: string; errors?: { message?: string }[]; data?: unknown };
      if (gql.name === 'GraphqlResponseError') {
        const messages = (gql.errors ?? []).map((x) => this.redact(String(x.message ?? 'unknown error')));
        if (gql.data && typeof gql.data === 'object' && Object.values(gql.data).some((v) => v !== null)) return { data: gql.data, warnings: messages };
        throw new BackendError('graphql', `GitHub's GraphQL API answered with errors: ${messages.join('; ')}`);
      }
      throw this.translate(e, 'POST /graphql');
    }
  }

  redact(text: string): string {
    return this.client.redact(text);
  }

  get logger(): Logger {
    return this.client.logger;
  }

  /** One BackendError with a kind the UI can act on and a plain message, holding no secret. */
  translate(e: unknown, what: string): BackendError {
    if (isBackendError(e)) return e;
    // Octokit wraps what our fetch threw (a refusal, a timeout, a cancel, a network failure) in an error of its own.
    const inner = e instanceof Error ? (e as { cause?: unknown }).cause : undefined;
    if (isBackendError(inner)) return inner;
    if (e instanceof Error && (e.name === 'AbortError' || (e as { code?: unknown }).code === 'ABORT_ERR'))
      return new BackendError('cancelled', 'The request was cancelled.');
    if (isStatusError(e) && e.response) {
      const status = e.status;
      const headers = e.response.headers ?? {};
      const body = e.response.data as { message?: unknown } | undefined;
      const serverText = this.redact(typeof body?.message === 'string' ? body.message : e.message).slice(0, 300);
      const details = { status, path: what };
      const error = (kind: BackendError['kind'], message: string): BackendError => this.client.error(kind, message, details);
      if (status === 401) return error('auth', `GitHub rejected the token (${serverText}). Sign in again.`);
      if (status === 403 || status === 429) {
        const accepted = headers['x-accepted-oauth-scopes'];
        const need = accepted ? ` It needs the scope ${accepted.split(',').map((s) => s.trim()).join(' or ')}.` : '';
        return error('auth', `GitHub refused ${what} (${serverText}).${need}`);
      }
      if (status === 404) return error('not-found', `GitHub has no ${what}, or the token cannot see it (${serverText}).`);
      return error('http', `GitHub answered ${what} with HTTP ${status}: ${serverText}`);
    }
    return this.client.error('network', `Cannot reach GitHub at ${this.webUrl}: ${e instanceof Error ? e.message : String(e)}`, { path: what, cause: e });
  }

  async dispose(): Promise<void> {
    await this.client.close();
  }
}

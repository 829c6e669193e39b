// HTTP for the GitHub backend: Octokit (@octokit/core with the retry, throttling and paging plugins) over the same
// undici dispatcher as the Codefresh client (proxy, extra CA certificates, connect timeout).
//
// Polled REST reads are conditional: the ETag of the last answer goes out as `If-None-Match`, and a 304 (which costs
// no rate limit, https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api) returns
// the remembered answer instead of surfacing as the error Octokit makes of it. Secondary rate limits wait for the
// server's `retry-after`; 5xx answers are retried with backoff. The token never reaches a log line or an error text.

import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { type Logger, redactSecrets, silentLogger } from '../../core/log';
import { createProxyDispatcher, type ProxyOptions } from '../codefresh/transport';
import { BackendError } from '../types';

const GitHubOctokit = Octokit.plugin(retry, throttling, paginateRest);

/** How long a connection to GitHub may take to open before the request fails as a network error. */
const CONNECT_MS = 10_000;
type GitHubOctokit = InstanceType<typeof GitHubOctokit>;

export interface GitHubHttpOptions {
  /** REST base URL: `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
  log?: Logger;
  proxy?: ProxyOptions;
  caFile?: string;
  /** Milliseconds one `retry-after` second stands for (tests shorten it; default 1000). */
  retryAfterUnitMs?: number;
  /** Retries of a 5xx answer (default 2). */
  retries?: number;
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

export class GitHubHttp {
  readonly apiUrl: string;
  readonly webUrl: string;
  readonly stats: HttpStats = { requests: 0, notModified: 0, points: 0 };
  /** Scopes of a classic token (`X-OAuth-Scopes`); undefined when the server does not say (fine-grained tokens, apps). */
  scopes: string[] | undefined;

  private readonly octokit: GitHubOctokit;
  private readonly token: string;
  private readonly log: Logger;
  private readonly etags = new Map<string, Cached>();
  private dispatcher: Promise<Dispatcher> | undefined;

  constructor(private readonly options: GitHubHttpOptions) {
    this.apiUrl = normalizeApiUrl(options.apiUrl);
    this.webUrl = webUrlOf(this.apiUrl);
    if (!options.token) throw new BackendError('config', `No GitHub token is available for ${this.webUrl}.`);
    if (/[\r\n]/.test(options.token)) throw new BackendError('config', 'The GitHub token contains a line break.');
    this.token = options.token;
    const base = options.log ?? silentLogger;
    const redact = (m: string): string => redactSecrets(m, [this.token]);
    this.log = { debug: (m) => base.debug(redact(m)), info: (m) => base.info(redact(m)), warn: (m) => base.warn(redact(m)), error: (m) => base.error(redact(m)) };
    const unit = options.retryAfterUnitMs ?? 1000;
    const log = this.log;
    this.octokit = new GitHubOctokit({
      auth: this.token,
      baseUrl: this.apiUrl,
      userAgent: 'gitops-releases-vscode',
      log: { debug: () => undefined, info: () => undefined, warn: (m: string) => log.warn(m), error: (m: string) => log.error(m) },
      request: { fetch: (url: string, init: RequestInit) => this.fetch(url, init) },
      retry: { retries: options.retries ?? 2, retryAfterBaseValue: unit / 4 },
      throttle: {
        retryAfterBaseValue: unit,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: (after: number, o: { method: string; url: string }, _k: unknown, count: number) => {
          log.warn(`GitHub rate limit reached for ${o.method} ${o.url}; ${count < 1 ? `retrying in ${after} s` : 'giving up'}`);
          return count < 1 && after <= 60;
        },
        onSecondaryRateLimit: (after: number, o: { method: string; url: string }, _k: unknown, count: number) => {
          log.warn(`GitHub secondary rate limit for ${o.method} ${o.url}; ${count < 2 ? `retrying in ${after} s` : 'giving up'}`);
          return count < 2 && after <= 120;
        },
      },
    });
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    this.dispatcher ??= createProxyDispatcher(
      { proxy: this.options.proxy, caFile: this.options.caFile, connectMs: CONNECT_MS, target: this.webUrl, log: this.log },
      (m) => new BackendError('config', m),
    );
    const dispatcher = await this.dispatcher;
    this.stats.requests++;
    // undici's fetch is the WHATWG fetch Octokit expects; its own type names differ from the DOM ones only nominally.
    const res = (await undiciFetch(url, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as Response;
    if (res.status === 304) this.stats.notModified++;
    else if (!url.endsWith('/graphql')) this.stats.points++;
    const scopes = res.headers.get('x-oauth-scopes');
    if (scopes !== null) this.scopes = scopes.split(',').map((s) => s.trim()).filter(Boolean);
    return res;
  }

  /** Adds the GraphQL query's own cost (`rateLimit { cost }`) to the points spent. */
  addPoints(n: number): void {
    this.stats.points += n;
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
      if (etag) this.etags.set(key, { etag, data: res.data, headers });
      return { data: res.data, changed: true, headers };
    } catch (e) {
      if (isStatusError(e) && e.status === 304 && cached) return { data: cached.data, changed: false, headers: cached.headers };
      throw this.translate(e, route);
    }
  }

  /** Every page of a list (REST `Link: rel="next"`), unconditionally. */
  async paginate(route: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<unknown[]> {
    try {
      return (await this.octokit.paginate(route, { per_page: 100, ...params, request: { signal } })) as unknown[];
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
    return redactSecrets(text, [this.token]);
  }

  get logger(): Logger {
    return this.log;
  }

  /** One BackendError with a kind the UI can act on and a plain message. */
  translate(e: unknown, what: string): BackendError {
    if (e instanceof BackendError) return e;
    if (e instanceof Error && (e.name === 'AbortError' || (e as { code?: unknown }).code === 'ABORT_ERR'))
      return new BackendError('cancelled', 'The request was cancelled.');
    // Octokit reports a request that got no answer at all (refused, reset, DNS) as status 500 without a response.
    if (isStatusError(e) && !e.response) {
      const cause = (e as { cause?: { code?: string; cause?: { code?: string } } }).cause;
      const code = cause?.code ?? cause?.cause?.code;
      return new BackendError('network', `Cannot reach GitHub at ${this.webUrl}: ${this.redact(code ?? e.message)}`, { path: what, cause: e });
    }
    if (isStatusError(e)) {
      const status = e.status;
      const headers = e.response?.headers ?? {};
      const body = e.response?.data as { message?: unknown } | undefined;
      const serverText = this.redact(typeof body?.message === 'string' ? body.message : e.message).slice(0, 300);
      const details = { status, path: what };
      if (status === 401) return new BackendError('auth', `GitHub rejected the token (${serverText}). Sign in again.`, details);
      if (status === 403 || status === 429) {
        if (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(serverText)) {
          const reset = Number(headers['x-ratelimit-reset']);
          const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
          return new BackendError('rate-limit', `GitHub's rate limit is used up${when}: ${serverText}`, details);
        }
        const accepted = headers['x-accepted-oauth-scopes'];
        const need = accepted ? ` It needs the scope ${accepted.split(',').map((s) => s.trim()).join(' or ')}.` : '';
        return new BackendError('auth', `GitHub refused ${what} (${serverText}).${need}`, details);
      }
      if (status === 404) return new BackendError('not-found', `GitHub has no ${what}, or the token cannot see it (${serverText}).`, details);
      return new BackendError('http', `GitHub answered ${what} with HTTP ${status}: ${serverText}`, details);
    }
    const msg = this.redact(e instanceof Error ? e.message : String(e));
    const cause = e instanceof Error ? (e.cause as { code?: string; message?: string } | undefined) : undefined;
    const text = cause?.code ?? cause?.message ?? msg;
    return new BackendError('network', `Cannot reach GitHub at ${this.webUrl}: ${this.redact(String(text))}`, { path: what, cause: e });
  }

  async dispose(): Promise<void> {
    const d = this.dispatcher;
    this.dispatcher = undefined;
    if (d) await (await d).close().catch(() => undefined);
  }
}

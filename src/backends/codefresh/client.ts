// The Codefresh GitOps release backend: the ReleaseBackend interface over GraphQL (./transport), payloads validated
// with ./schemas and mapped with ./mapping. Handles both API generations (current `promotions`, legacy
// `productReleases`), detecting the older platform from the error text as cli-v2 does, remembered per base URL.

import { silentLogger, type Logger } from '../../core/log';
import type { Environment, Product, PromotionFlow, ReleaseDetail, ReleaseNotes, ReleaseSummary } from '../../core/model';
import {
  type AccountInfo,
  BackendError,
  isBackendError,
  type ListReleasesOptions,
  type ReleaseBackend,
  type ReleasePage,
} from '../types';
import { mapEnvironment, mapProduct, mapProductRelease, mapPromotionFlow, mapPromotionOrRelease, mapReleaseDetail, mapReleaseNotes } from './mapping';
import {
  ENVIRONMENTS_QUERY,
  ME_QUERY,
  OLDER_PLATFORM_MARKERS,
  PRODUCT_RELEASE_NOTES_QUERY,
  PRODUCT_RELEASE_QUERY,
  PRODUCT_RELEASES_NO_APPS_QUERY,
  PRODUCT_RELEASES_QUERY,
  PRODUCTS_QUERY,
  PROMOTION_FLOWS_QUERY,
  PROMOTIONS_QUERY,
  QUERY_NAMES,
} from './queries';
import {
  EnvironmentsDataSchema,
  MeDataSchema,
  parsePayload,
  ProductReleaseDataSchema,
  ProductReleasesDataSchema,
  ProductsDataSchema,
  PromotionFlowsDataSchema,
  PromotionsDataSchema,
} from './schemas';
import { GraphqlTransport, MAX_PAGE_SIZE, normalizeBaseUrl, type ProxyOptions } from './transport';

export interface CodefreshOptions {
  baseUrl: string;
  apiKey: string;
  log?: Logger;
  proxy?: ProxyOptions;
  caFile?: string;
  timeouts?: { connectMs?: number; totalMs?: number };
  maxConcurrency?: number;
  retries?: number;
  /** 'codefresh' (default) or 'demo'. */
  id?: string;
  /** Backoff tuning (tests use short delays). */
  backoff?: { baseMs?: number; maxMs?: number; maxRetryAfterMs?: number };
}

/**
 * Which release list query a platform answers:
 * - `promotions`: current (platform >= v1.3808.0), nodes are ProductRelease | Promotion;
 * - `productReleases`: legacy;
 * - `productReleasesNoApps`: legacy platforms older than v1.3120.1 (no `ProductReleaseStep.applications`).
 */
export type ApiGeneration = 'promotions' | 'productReleases' | 'productReleasesNoApps';

const generations = new Map<string, ApiGeneration>();

/** The API generation detected for a base URL, if any request has decided it yet. */
export function apiGenerationFor(baseUrl: string): ApiGeneration | undefined {
  return generations.get(normalizeBaseUrl(baseUrl));
}

/** Forget detected API generations (all, or one base URL), e.g. after the user changes the URL or for tests. */
export function forgetApiGeneration(baseUrl?: string): void {
  if (baseUrl === undefined) generations.clear();
  else generations.delete(normalizeBaseUrl(baseUrl));
}

/** The older generation an error points at (cli-v2's version detection), or undefined. */
export function olderGenerationFor(error: unknown, current: ApiGeneration): ApiGeneration | undefined {
  if (!isBackendError(error) || (error.kind !== 'graphql' && error.kind !== 'http')) return undefined;
  const cause = error.details?.cause as { messages?: unknown } | undefined;
  const texts = [error.message, ...(Array.isArray(cause?.messages) ? cause.messages.map(String) : [])];
  // Match with JSON escaping removed: cli-v2 matches `\"promotions\"` inside a JSON-encoded body.
  const text = texts.join('\n').replace(/\\+"/g, '"');
  if (current === 'promotions' && (text.includes(OLDER_PLATFORM_MARKERS.noPromotions) || text.includes(OLDER_PLATFORM_MARKERS.noProductNames)))
    return 'productReleases';
  if (current !== 'productReleasesNoApps' && text.includes(OLDER_PLATFORM_MARKERS.noApplications)) return 'productReleasesNoApps';
  return undefined;
}

interface FetchedPage {
  releases: ReleaseSummary[];
  endCursor?: string;
  hasNextPage: boolean;
  requests: number;
}

/** Page cap of the paged configuration queries (products, flows): 100 pages of 50. */
const MAX_CONFIG_PAGES = 100;

export class CodefreshBackend implements ReleaseBackend {
  readonly id: string;
  readonly description: string;
  readonly baseUrl: string;
  private readonly transport: GraphqlTransport;
  private readonly log: Logger;

  constructor(options: CodefreshOptions) {
    this.transport = new GraphqlTransport({ ...options, log: options.log ?? silentLogger });
    this.baseUrl = this.transport.baseUrl;
    this.log = this.transport.logger;
    this.id = options.id ?? 'codefresh';
    this.description = this.id === 'demo' ? `Demo server at ${this.baseUrl}` : `Codefresh at ${this.baseUrl}`;
  }

  /** HTTP requests this backend has sent (all calls, retries included). */
  get requestCount(): number {
    return this.transport.requests;
  }

  /** The API generation in use for this base URL (after the first release list). */
  get apiGeneration(): ApiGeneration | undefined {
    return generations.get(this.baseUrl);
  }

  async whoAmI(signal?: AbortSignal): Promise<AccountInfo> {
    const { data } = await this.transport.query(QUERY_NAMES.me, ME_QUERY, {}, signal);
    const { me } = parsePayload(QUERY_NAMES.me, MeDataSchema, data);
    if (!me) throw new BackendError('auth', `me: ${this.baseUrl} knows no user for this API key. Sign in with a valid key.`, { query: 'me' });
    const info: AccountInfo = { user: me.name };
    if (me.activeAccount?.name) info.account = me.activeAccount.name;
    return info;
  }

  async listProducts(signal?: AbortSignal): Promise<Product[]> {
    const [products, flows, environments] = await Promise.all([
      this.pagedAll(QUERY_NAMES.products, PRODUCTS_QUERY, (d) => parsePayload(QUERY_NAMES.products, ProductsDataSchema, d).products, signal),
      this.optional(
        QUERY_NAMES.promotionFlows,
        this.pagedAll(
          QUERY_NAMES.promotionFlows,
          PROMOTION_FLOWS_QUERY,
          (d) => parsePayload(QUERY_NAMES.promotionFlows, PromotionFlowsDataSchema, d).promotionFlows,
          signal,
        ),
      ),
      this.optional(
        QUERY_NAMES.environments,
        this.transport
          .query(QUERY_NAMES.environments, ENVIRONMENTS_QUERY, {}, signal)
          .then(({ data }) => parsePayload(QUERY_NAMES.environments, EnvironmentsDataSchema, data).environments),
      ),
    ]);
    const flowsByName = new Map<string, PromotionFlow>();
    for (const f of flows ?? []) flowsByName.set(f.metadata.name, mapPromotionFlow(f));
    const envByName = new Map<string, Environment>();
    for (const e of environments ?? []) envByName.set(e.name, mapEnvironment(e));
    return products.map((p) => mapProduct(p, flowsByName, envByName));
  }

  /**
   * An enrichment query the backend can live without: when the platform does not know it (a GraphQL error, e.g. the
   * assumed root field does not exist), log and go on with less detail. Auth, network and payload errors still fail.
   */
  private async optional<T>(name: string, p: Promise<T>): Promise<T | undefined> {
    try {
      return await p;
    } catch (e) {
      if (isBackendError(e) && (e.kind === 'graphql' || e.kind === 'not-found')) {
        this.log.warn(`${name} is not available at ${this.baseUrl}; going on without it (${e.message})`);
        return undefined;
      }
      throw e;
    }
  }

  /** Follow a Relay slice to the end (bounded), returning every node. */
  private async pagedAll<N>(
    name: string,
    query: string,
    slice: (data: unknown) => { pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: { node: N }[] },
    signal?: AbortSignal,
  ): Promise<N[]> {
    const nodes: N[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_CONFIG_PAGES; page++) {
      const pagination: Record<string, unknown> = { first: MAX_PAGE_SIZE };
      if (after) pagination.after = after;
      const { data } = await this.transport.query(name, query, { pagination }, signal);
      const s = slice(data);
      for (const e of s.edges) nodes.push(e.node);
      const next = s.pageInfo.endCursor ?? undefined;
      if (!s.pageInfo.hasNextPage || !next || next === after || s.edges.length === 0) return nodes;
      after = next;
    }
    this.log.warn(`${name}: stopped after ${MAX_CONFIG_PAGES} pages`);
    return nodes;
  }

  async listReleases(productName: string, options: ListReleasesOptions = {}): Promise<ReleasePage> {
    const { signal, knownTerminalIds } = options;
    const pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(options.pageSize ?? MAX_PAGE_SIZE)));
    const limit = Math.max(1, Math.floor(options.limit ?? pageSize));
    const releases: ReleaseSummary[] = [];
    let after = options.after;
    let endCursor: string | undefined = options.after;
    let hasMore = false;
    let reachedKnown = false;
    let requests = 0;
    for (;;) {
      const first = Math.min(pageSize, limit - releases.length);
      const page = await this.fetchPage(productName, first, after, signal);
      requests += page.requests;
      releases.push(...page.releases);
      hasMore = page.hasNextPage;
      if (page.endCursor) endCursor = page.endCursor;
      if (knownTerminalIds && page.releases.some((r) => knownTerminalIds.has(r.id))) {
        reachedKnown = true;
        break;
      }
      if (!hasMore || page.releases.length === 0 || releases.length >= limit) break;
      if (!page.endCursor || page.endCursor === after) {
        this.log.warn(`${productName}: the server returned no new cursor; stopping paging`);
        break;
      }
      after = page.endCursor;
    }
    const result: ReleasePage = { releases, hasMore, reachedKnown, requests };
    if (endCursor) result.endCursor = endCursor;
    this.log.debug(
      `releases of ${productName}: ${releases.length} in ${requests} request(s)${reachedKnown ? ', reached known releases' : ''}${hasMore ? ', more available' : ''}`,
    );
    return result;
  }

  /** One page of a product's releases with the platform's generation, falling back to older ones on demand. */
  private async fetchPage(productName: string, first: number, after: string | undefined, signal?: AbortSignal): Promise<FetchedPage> {
    let generation = generations.get(this.baseUrl) ?? 'promotions';
    let requests = 0;
    for (;;) {
      try {
        const page = await this.fetchPageWith(generation, productName, first, after, signal);
        if (!generations.has(this.baseUrl)) {
          generations.set(this.baseUrl, generation);
          this.log.info(`${this.description}: using the ${generation} query`);
        }
        return { ...page, requests: requests + page.requests };
      } catch (e) {
        requests += isBackendError(e) && e.details?.status !== undefined ? 1 : 0;
        const older = olderGenerationFor(e, generation);
        if (!older) throw e;
        this.log.info(`${this.description} is an older platform (${QUERY_NAMES[generation]} is not available); using the ${older} query`);
        generation = older;
        generations.set(this.baseUrl, generation);
      }
    }
  }

  private async fetchPageWith(
    generation: ApiGeneration,
    productName: string,
    first: number,
    after: string | undefined,
    signal?: AbortSignal,
  ): Promise<FetchedPage> {
    const pagination: Record<string, unknown> = { first };
    if (after) pagination.after = after;
    if (generation === 'promotions') {
      const name = QUERY_NAMES.promotions;
      const { data, requests } = await this.transport.query(
        name,
        PROMOTIONS_QUERY,
        { filters: { productNames: [productName] }, pagination },
        signal,
      );
      const slice = parsePayload(name, PromotionsDataSchema, data).promotions;
      const page: FetchedPage = {
        releases: slice.edges.map((e) => mapPromotionOrRelease(e.node, productName)),
        hasNextPage: slice.pageInfo.hasNextPage,
        requests,
      };
      const end = slice.pageInfo.endCursor ?? slice.edges.at(-1)?.cursor ?? undefined;
      if (end) page.endCursor = end;
      return page;
    }
    const name = QUERY_NAMES[generation];
    const query = generation === 'productReleases' ? PRODUCT_RELEASES_QUERY : PRODUCT_RELEASES_NO_APPS_QUERY;
    const { data, requests } = await this.transport.query(name, query, { productName, filters: {}, pagination }, signal);
    const slice = parsePayload(name, ProductReleasesDataSchema, data).productReleases;
    const page: FetchedPage = {
      releases: slice.edges.map((e) => mapProductRelease(e.node, productName)),
      hasNextPage: slice.pageInfo?.hasNextPage ?? false,
      requests,
    };
    const end = slice.pageInfo?.endCursor ?? slice.edges.at(-1)?.cursor ?? undefined;
    if (end) page.endCursor = end;
    return page;
  }

  async getRelease(releaseId: string, signal?: AbortSignal): Promise<ReleaseDetail> {
    const name = QUERY_NAMES.productRelease;
    const { data } = await this.transport.query(name, PRODUCT_RELEASE_QUERY, { releaseId }, signal);
    const { productRelease } = parsePayload(name, ProductReleaseDataSchema, data);
    if (!productRelease) throw new BackendError('not-found', `Release ${releaseId} was not found at ${this.baseUrl}.`, { query: name });
    return mapReleaseDetail(productRelease);
  }

  async getReleaseNotes(releaseId: string, signal?: AbortSignal): Promise<ReleaseNotes> {
    const name = QUERY_NAMES.productReleaseNotes;
    const { data } = await this.transport.query(name, PRODUCT_RELEASE_NOTES_QUERY, { releaseId }, signal);
    const { productRelease } = parsePayload(name, ProductReleaseDataSchema, data);
    if (!productRelease) throw new BackendError('not-found', `Release ${releaseId} was not found at ${this.baseUrl}.`, { query: name });
    return mapReleaseNotes(productRelease);
  }

  async dispose(): Promise<void> {
    await this.transport.close();
  }
}

/** The Codefresh backend (also the demo backend, pointed at a demo server with `id: 'demo'`). */
export function createCodefreshBackend(options: CodefreshOptions): CodefreshBackend {
  return new CodefreshBackend(options);
}

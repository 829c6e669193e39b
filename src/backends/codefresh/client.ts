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
  MAX_SKIP_REASONS,
  MeDataSchema,
  parseEdges,
  parsePayload,
  ProductReleaseDataSchema,
  ProductReleaseEdgeSchema,
  ProductReleasesSliceSchema,
  ProductsDataSchema,
  PromotionFlowsDataSchema,
  PromotionsEdgeSchema,
  PromotionsSliceSchema,
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
  /** Rows left out because they could not be read (count and the first reasons). */
  skipped: number;
  skipReasons: string[];
  /** Partial GraphQL errors and oversized-page notes (the data was kept). */
  warnings: string[];
}

/** The cursor of a raw edge, if it has a usable one (read without trusting the edge's shape). */
function rawCursor(edge: unknown): string | undefined {
  if (edge === null || typeof edge !== 'object') return undefined;
  const c = (edge as { cursor?: unknown }).cursor;
  return typeof c === 'string' && c.length > 0 ? c : undefined;
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
    const skipReasons: string[] = [];
    const warnings: string[] = [];
    let skipped = 0;
    let after = options.after;
    let endCursor: string | undefined = options.after;
    let hasMore = false;
    let reachedKnown = false;
    let requests = 0;
    for (;;) {
      // Rows received count towards the limit whether they could be read or not, so a server that pages on with
      // nothing but unreadable rows cannot keep us paging: at most `limit` rows, hence a bounded number of pages.
      const first = Math.min(pageSize, limit - releases.length - skipped);
      const page = await this.fetchPage(productName, first, after, signal);
      requests += page.requests;
      // One by one, never `push(...page.releases)`: spreading a page into call arguments overflows the stack when a
      // hostile server sends a huge one (fetchPageWith caps pages at `first`, this stays safe regardless).
      for (const r of page.releases) releases.push(r);
      skipped += page.skipped;
      // Reasons quote server data (e.g. an unknown __typename), which may echo the key.
      for (const reason of page.skipReasons) if (skipReasons.length < MAX_SKIP_REASONS) skipReasons.push(this.transport.redact(reason));
      for (const w of page.warnings) if (!warnings.includes(w)) warnings.push(w);
      hasMore = page.hasNextPage;
      if (page.endCursor) endCursor = page.endCursor;
      if (knownTerminalIds && page.releases.some((r) => knownTerminalIds.has(r.id))) {
        reachedKnown = true;
        break;
      }
      // A page of only unreadable rows is still progress: go on to the next page rather than stop.
      if (!hasMore || page.releases.length + page.skipped === 0 || releases.length + skipped >= limit) break;
      if (!page.endCursor || page.endCursor === after) {
        this.log.warn(`${productName}: the server returned no new cursor; stopping paging`);
        break;
      }
      after = page.endCursor;
    }
    const result: ReleasePage = { releases, hasMore, reachedKnown, requests };
    if (endCursor) result.endCursor = endCursor;
    if (skipped > 0) {
      result.skipped = { count: skipped, reasons: skipReasons };
      this.log.warn(
        `${skipped} release${skipped === 1 ? '' : 's'} of ${productName} could not be read and ${skipped === 1 ? 'is' : 'are'} left out: ${skipReasons.join('; ')}`,
      );
    }
    if (warnings.length > 0) result.warnings = warnings;
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

  /**
   * One page with one query generation. The slice must be sound (pageInfo, an edges array); each edge is validated
   * on its own, so a node that fails its schema (or has an unknown `__typename`) is left out and counted, and the
   * rest of the page is kept. A page longer than `first` is cut to `first` BEFORE validation (a server that ignores
   * `first` cannot make us parse or hold 200,000 rows), and the next page starts after the last edge kept.
   */
  private async fetchPageWith(
    generation: ApiGeneration,
    productName: string,
    first: number,
    after: string | undefined,
    signal?: AbortSignal,
  ): Promise<FetchedPage> {
    const pagination: Record<string, unknown> = { first };
    if (after) pagination.after = after;
    const name = QUERY_NAMES[generation];
    let result: { data: unknown; requests: number; warnings?: string[] };
    let edges: readonly unknown[];
    let pageInfo: { hasNextPage: boolean; endCursor?: string | null } | null | undefined;
    const releases: ReleaseSummary[] = [];
    let root: string;
    if (generation === 'promotions') {
      result = await this.transport.query(name, PROMOTIONS_QUERY, { filters: { productNames: [productName] }, pagination }, signal);
      const slice = parsePayload(name, PromotionsSliceSchema, result.data).promotions;
      root = 'data.promotions.edges';
      ({ edges, pageInfo } = slice);
    } else {
      const query = generation === 'productReleases' ? PRODUCT_RELEASES_QUERY : PRODUCT_RELEASES_NO_APPS_QUERY;
      result = await this.transport.query(name, query, { productName, filters: {}, pagination }, signal);
      const slice = parsePayload(name, ProductReleasesSliceSchema, result.data).productReleases;
      root = 'data.productReleases.edges';
      ({ edges, pageInfo } = slice);
    }
    const warnings = (result.warnings ?? []).map(
      (m) => `Codefresh reported an error along with the releases of ${productName} (what it sent is shown): ${m}`,
    );
    const cut = edges.length > first;
    if (cut) {
      const note = `The server sent ${edges.length} releases of ${productName} where ${first} were asked; only the first ${first} are kept.`;
      this.log.warn(note);
      warnings.push(note);
      edges = edges.slice(0, first);
    }
    let skipped: number;
    let skipReasons: string[];
    if (generation === 'promotions') {
      const parsed = parseEdges(root, PromotionsEdgeSchema, edges);
      for (const { edge } of parsed.edges) releases.push(mapPromotionOrRelease(edge.node, productName));
      ({ skipped, reasons: skipReasons } = parsed);
    } else {
      const parsed = parseEdges(root, ProductReleaseEdgeSchema, edges);
      for (const { edge } of parsed.edges) releases.push(mapProductRelease(edge.node, productName));
      ({ skipped, reasons: skipReasons } = parsed);
    }
    // The next page starts after the last edge KEPT: a cut page continues where the cut was, and a server that sent
    // more than asked has more. An edge that failed validation may still carry a usable cursor.
    const lastCursor = rawCursor(edges.at(-1));
    const page: FetchedPage = {
      releases,
      hasNextPage: (pageInfo?.hasNextPage ?? false) || (cut && lastCursor !== undefined),
      requests: result.requests,
      skipped,
      skipReasons,
      warnings,
    };
    const end = cut ? lastCursor : (pageInfo?.endCursor ?? lastCursor);
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

// The Codefresh GitOps release backend: the ReleaseBackend interface over GraphQL (./transport), payloads validated
// with ./schemas and mapped with ./mapping. Handles both API generations (current `promotions`, legacy
// `productReleases`), detecting the older platform from the error text as cli-v2 does, remembered per base URL.
// Root fields whose names are guesses (`products`, `promotionFlows`, `environments`, `productRelease`) may not exist
// on a platform: then products come from the settings or the verified `promotions` query, environments and flows
// from the releases' own environment lists, and the detail queries fail with a plain message. Which of them a
// platform lacks is remembered per base URL too, so the failure is logged once and not paid for on every refresh.

import { silentLogger, type Logger } from '../../core/log';
import type { BackendId, Environment, FlowStep, Product, PromotionFlow, ReleaseDetail, ReleaseNotes, ReleaseSummary } from '../../core/model';
import { BACKENDS } from '../registry';
import {
  type AccountInfo,
  type BackendCapabilities,
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
import type { ProxyOptions } from '../http/dispatcher';
import { GraphqlTransport, MAX_PAGE_SIZE, normalizeBaseUrl } from './transport';

export interface CodefreshOptions {
  baseUrl: string;
  apiKey: string;
  log?: Logger;
  proxy?: ProxyOptions;
  caFile?: string;
  timeouts?: { connectMs?: number; totalMs?: number };
  maxConcurrency?: number;
  retries?: number;
  /** 'codefresh' (default), or 'demo' for a demo server (it speaks the same API). */
  id?: BackendId;
  /** What the server is called in the description and the log (default `Codefresh`). */
  serverName?: string;
  /** Backoff tuning (tests use short delays). */
  backoff?: { baseMs?: number; maxMs?: number; maxRetryAfterMs?: number };
  /**
   * The products the user asked for (`gitopsReleases.products`). Used as the product list when the platform has no
   * `products` query; empty or absent: the products named by the newest releases. A function is read at each
   * product listing, so a changed setting applies without rebuilding the backend.
   */
  configuredProducts?: readonly string[] | (() => readonly string[]);
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

/**
 * Root fields no public client was seen sending, so their names are guesses (see ./queries). A platform without one
 * rejects the query with `Cannot query field "<name>" on type "Query".`.
 */
export type GuessedQuery = 'products' | 'promotionFlows' | 'environments' | 'productRelease';

/** Per normalised base URL: the guessed root fields that platform turned out not to have. */
const missingQueries = new Map<string, Set<GuessedQuery>>();

/** The guessed queries a base URL is known not to answer, sorted. */
export function missingQueriesFor(baseUrl: string): GuessedQuery[] {
  return [...(missingQueries.get(normalizeBaseUrl(baseUrl)) ?? [])].sort();
}

/** Forget which guessed queries were missing (all, or one base URL), e.g. after the URL changes, or for tests. */
export function forgetMissingQueries(baseUrl?: string): void {
  if (baseUrl === undefined) missingQueries.clear();
  else missingQueries.delete(normalizeBaseUrl(baseUrl));
}

/**
 * True only for the platform saying the root field does not exist (a GraphQL validation error). Auth, network,
 * server errors and other GraphQL errors are not: they say nothing about the schema.
 */
export function isMissingRootField(error: unknown, field: string): boolean {
  if (!isBackendError(error)) return false;
  const status = error.details?.status;
  if (error.kind === 'http' ? status !== 400 : error.kind !== 'graphql' || (status !== undefined && status >= 500)) return false;
  const cause = error.details?.cause as { messages?: unknown } | undefined;
  const texts = [error.message, ...(Array.isArray(cause?.messages) ? cause.messages.map(String) : [])];
  // JSON escaping removed, as for the generation markers: the text may come inside a JSON-encoded body.
  const text = texts.join('\n').replace(/\\+"/g, '"');
  return text.includes(`Cannot query field "${field}" on type "Query"`);
}

/** What the client does instead, for the one log line that reports a missing query. */
const WITHOUT: Record<GuessedQuery, string> = {
  products: 'products are taken from the gitopsReleases.products setting, else from the newest releases',
  promotionFlows: 'promotion flows are read off the releases',
  environments: 'environments come from the products and their releases',
  productRelease: 'release details and Codefresh release notes are not available (the panel shows the release list row)',
};

/** Environments (in the releases' order) and flows (one per flow name, from its newest release) of one product. */
function deriveFromReleases(releases: readonly ReleaseSummary[], known: ReadonlyMap<string, Environment>): Pick<Product, 'environments' | 'flows'> {
  const order: string[] = [];
  for (const r of releases) for (const e of r.environments) if (!order.includes(e.name)) order.push(e.name);
  const environments: Environment[] = order.map((name, position) => ({ name, kind: known.get(name)?.kind ?? '', position }));
  const flows: PromotionFlow[] = [];
  for (const r of releases) {
    if (!r.flowName || flows.some((f) => f.name === r.flowName) || r.environments.length === 0) continue;
    const triggerEnvironment = r.triggerEnvironment ?? r.environments[0]?.name ?? '';
    const steps: FlowStep[] = r.environments
      .filter((e) => e.name !== triggerEnvironment)
      .map((e) => ({ environment: e.name, dependsOn: e.dependsOn ?? [] }));
    flows.push({ name: r.flowName, triggerEnvironment, steps });
  }
  return { environments, flows };
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
  readonly id: BackendId;
  readonly capabilities: BackendCapabilities;
  readonly description: string;
  readonly baseUrl: string;
  private readonly transport: GraphqlTransport;
  private readonly log: Logger;
  private readonly configuredProducts: CodefreshOptions['configuredProducts'];

  constructor(options: CodefreshOptions) {
    this.configuredProducts = options.configuredProducts;
    this.transport = new GraphqlTransport({ ...options, log: options.log ?? silentLogger });
    this.baseUrl = this.transport.baseUrl;
    this.log = this.transport.logger;
    this.id = options.id ?? 'codefresh';
    this.capabilities = BACKENDS[this.id].capabilities;
    this.description = `${options.serverName ?? 'Codefresh'} at ${this.baseUrl}`;
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
    if (!me) throw new BackendError('auth', `${this.baseUrl} knows no user for this API key.`, { query: 'me' });
    const info: AccountInfo = { user: me.name };
    if (me.activeAccount?.name) info.account = me.activeAccount.name;
    return info;
  }

  async listProducts(signal?: AbortSignal): Promise<Product[]> {
    const [products, flows, environments] = await Promise.all([
      this.guessed('products', () =>
        this.pagedAll(QUERY_NAMES.products, PRODUCTS_QUERY, (d) => parsePayload(QUERY_NAMES.products, ProductsDataSchema, d).products, signal),
      ),
      this.optional(
        QUERY_NAMES.promotionFlows,
        this.guessed('promotionFlows', () =>
          this.pagedAll(
            QUERY_NAMES.promotionFlows,
            PROMOTION_FLOWS_QUERY,
            (d) => parsePayload(QUERY_NAMES.promotionFlows, PromotionFlowsDataSchema, d).promotionFlows,
            signal,
          ),
        ),
      ),
      this.optional(
        QUERY_NAMES.environments,
        this.guessed('environments', () =>
          this.transport
            .query(QUERY_NAMES.environments, ENVIRONMENTS_QUERY, {}, signal)
            .then(({ data }) => parsePayload(QUERY_NAMES.environments, EnvironmentsDataSchema, data).environments),
        ),
      ),
    ]);
    const flowsByName = new Map<string, PromotionFlow>();
    for (const f of flows ?? []) flowsByName.set(f.metadata.name, mapPromotionFlow(f));
    const envByName = new Map<string, Environment>();
    for (const e of environments ?? []) envByName.set(e.name, mapEnvironment(e));
    if (!products) return this.productsWithoutProductsQuery(envByName, signal);

    const mapped: Product[] = products.map((p) => mapProduct(p, flowsByName, envByName));
    // Without the flow (or environment) queries, products know their flows by name only: read them off the releases.
    const incomplete = mapped.filter(
      (p) => (flows === undefined && p.flows.some((f) => f.steps.length === 0)) || (environments === undefined && p.environments.length === 0),
    );
    if (incomplete.length === 0) return mapped;
    const releases = await this.recentReleases(
      incomplete.map((p) => p.name),
      signal,
    ).catch((e: unknown) => {
      if (isBackendError(e) && e.kind === 'cancelled') throw e;
      this.log.warn(`${this.description}: could not read recent releases to fill in flows: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    for (const p of incomplete) {
      const own = (releases ?? []).filter((r) => r.productName === p.name);
      if (own.length === 0) continue;
      const derived = deriveFromReleases(own, envByName);
      let filled = false;
      if (p.environments.length === 0 && derived.environments.length > 0) {
        p.environments = derived.environments;
        filled = true;
      }
      p.flows = p.flows.map((f) => {
        const d = f.steps.length === 0 ? derived.flows.find((x) => x.name === f.name) : undefined;
        if (d) filled = true;
        return d ?? f;
      });
      if (filled) p.flowSource = 'derived-from-releases';
    }
    return mapped;
  }

  /**
   * The product list on a platform without the `products` query: the configured products, else the products the
   * newest releases name (sorted, so the tree keeps its order as releases come and go). Environments and flows come
   * from those releases; a configured product with none of them is listed with nothing known of its flow.
   */
  private async productsWithoutProductsQuery(envByName: ReadonlyMap<string, Environment>, signal?: AbortSignal): Promise<Product[]> {
    const setting = typeof this.configuredProducts === 'function' ? this.configuredProducts() : (this.configuredProducts ?? []);
    const configured = [...new Set(setting.map((n) => n.trim()).filter((n) => n.length > 0))];
    const cannotList = (cause?: unknown): BackendError =>
      new BackendError(
        'config',
        `${this.baseUrl} has neither a products query nor the promotions query, so the products cannot be listed. List them in the gitopsReleases.products setting.`,
        { query: QUERY_NAMES.products, cause },
      );
    let releases: ReleaseSummary[] | undefined;
    try {
      releases = await this.recentReleases(configured.length > 0 ? configured : undefined, signal);
    } catch (e) {
      if (isBackendError(e) && e.kind === 'cancelled') throw e;
      if (configured.length === 0) throw olderGenerationFor(e, 'promotions') ? cannotList(e) : e;
      this.log.warn(`${this.description}: could not read recent releases of the configured products: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (releases === undefined && configured.length === 0) throw cannotList();
    const names = configured.length > 0 ? configured : [...new Set((releases ?? []).map((r) => r.productName).filter((n) => n.length > 0))].sort();
    if (names.length === 0)
      throw new BackendError(
        'config',
        `${this.baseUrl} has no products query and its newest releases name no product. List the products in the gitopsReleases.products setting.`,
        { query: QUERY_NAMES.products },
      );
    return names.map((name): Product => {
      const own = (releases ?? []).filter((r) => r.productName === name);
      if (own.length === 0) return { name, environments: [], flows: [], flowSource: 'settings' };
      return { name, ...deriveFromReleases(own, envByName), flowSource: 'derived-from-releases' };
    });
  }

  /**
   * One page of the newest releases (the verified `promotions` query), of the given products or of all. Undefined
   * when this platform is known to be a legacy one without that query.
   */
  private async recentReleases(productNames: string[] | undefined, signal?: AbortSignal): Promise<ReleaseSummary[] | undefined> {
    const generation = generations.get(this.baseUrl);
    if (generation !== undefined && generation !== 'promotions') return undefined;
    const name = QUERY_NAMES.promotions;
    const filters = productNames ? { productNames } : {};
    const { data } = await this.transport.query(name, PROMOTIONS_QUERY, { filters, pagination: { first: MAX_PAGE_SIZE } }, signal);
    // Edge by edge and at most one page, as for the release lists: a bad row is left out (and logged), not the rest.
    const edges = parsePayload(name, PromotionsSliceSchema, data).promotions.edges.slice(0, MAX_PAGE_SIZE);
    const parsed = parseEdges('data.promotions.edges', PromotionsEdgeSchema, edges);
    if (parsed.skipped > 0) {
      this.log.warn(`${parsed.skipped} of the newest releases could not be read while naming products: ${parsed.reasons.join('; ')}`);
    }
    return parsed.edges.map(({ edge }) => mapPromotionOrRelease(edge.node, undefined, this.id));
  }

  /**
   * Run a query whose root field is a guess. Undefined when the platform does not have the field: that is
   * remembered for the base URL (and logged once), so later calls return undefined without asking. Every other
   * failure is thrown as is.
   */
  private async guessed<T>(query: GuessedQuery, run: () => Promise<T>): Promise<T | undefined> {
    if (missingQueries.get(this.baseUrl)?.has(query)) return undefined;
    try {
      return await run();
    } catch (e) {
      if (!isMissingRootField(e, query)) throw e;
      let missing = missingQueries.get(this.baseUrl);
      if (!missing) missingQueries.set(this.baseUrl, (missing = new Set()));
      if (!missing.has(query)) {
        missing.add(query);
        this.log.info(`${this.description}: the ${query} query does not exist on this platform; ${WITHOUT[query]}. Not asked again for this URL.`);
      }
      return undefined;
    }
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
      for (const { edge } of parsed.edges) releases.push(mapPromotionOrRelease(edge.node, productName, this.id));
      ({ skipped, reasons: skipReasons } = parsed);
    } else {
      const parsed = parseEdges(root, ProductReleaseEdgeSchema, edges);
      for (const { edge } of parsed.edges) releases.push(mapProductRelease(edge.node, productName, this.id));
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

  /** The error for a detail call on a platform without the `productRelease` root field. */
  private noReleaseQuery(what: string): BackendError {
    return new BackendError('graphql', `${this.baseUrl} cannot show ${what}: the platform has no productRelease query.`, {
      query: QUERY_NAMES.productRelease,
    });
  }

  async getRelease(releaseId: string, signal?: AbortSignal): Promise<ReleaseDetail> {
    const name = QUERY_NAMES.productRelease;
    const result = await this.guessed('productRelease', () => this.transport.query(name, PRODUCT_RELEASE_QUERY, { releaseId }, signal));
    if (!result) throw this.noReleaseQuery('release details');
    const { productRelease } = parsePayload(name, ProductReleaseDataSchema, result.data);
    if (!productRelease) throw new BackendError('not-found', `Release ${releaseId} was not found at ${this.baseUrl}.`, { query: name });
    return mapReleaseDetail(productRelease, this.id);
  }

  async getReleaseNotes(releaseId: string, signal?: AbortSignal): Promise<ReleaseNotes> {
    const name = QUERY_NAMES.productReleaseNotes;
    // The same `productRelease` root field as the detail.
    const result = await this.guessed('productRelease', () => this.transport.query(name, PRODUCT_RELEASE_NOTES_QUERY, { releaseId }, signal));
    if (!result) throw this.noReleaseQuery('release notes');
    const { productRelease } = parsePayload(name, ProductReleaseDataSchema, result.data);
    if (!productRelease) throw new BackendError('not-found', `Release ${releaseId} was not found at ${this.baseUrl}.`, { query: name });
    return mapReleaseNotes(productRelease);
  }

  async dispose(): Promise<void> {
    await this.transport.close();
  }
}

/** The Codefresh backend (the demo backend uses it too, over its demo server: see src/backends/demo/backend.ts). */
export function createCodefreshBackend(options: CodefreshOptions): CodefreshBackend {
  return new CodefreshBackend(options);
}

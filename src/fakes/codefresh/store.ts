// The demo data behind the GraphQL root fields: filtering, slice pagination (first <= 50, opaque cursors, newest
// first) and the clock that moves the one still-running release on.

import { GraphQLError } from 'graphql';
import {
  ACCOUNT,
  ACCOUNT_ID,
  environmentStatuses,
  finalStage,
  hashId,
  RUNTIME,
  type DemoData,
  type DemoRelease,
} from './seed';
import { type GqlObject, productReleaseView, promotionView, type ReleaseContext, releaseEntityView, releaseState } from './views';

export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;

export interface Pagination {
  after?: string | null;
  before?: string | null;
  first?: number | null;
  last?: number | null;
}

export interface ReleaseFilters {
  productNames?: readonly string[] | null;
  promotionFlows?: readonly string[] | null;
  statuses?: readonly string[] | null;
  startDate?: string | null;
  endDate?: string | null;
}

export interface ProductFilters {
  name?: string | null;
  partialName?: string | null;
  environments?: readonly (string | null)[] | null;
  promotionFlowNames?: readonly (string | null)[] | null;
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

export function encodeCursor(key: string): string {
  return Buffer.from(`demo:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('demo:') || text.length <= 5) throw badInput(`Invalid cursor "${cursor}"`);
  return text.slice(5);
}

export interface Slice<T> {
  items: T[];
  startCursor: string | null;
  endCursor: string | null;
  hasNextPage: boolean;
  hasPrevPage: boolean;
}

function checkSize(name: string, v: number | null | undefined): void {
  if (v === null || v === undefined) return;
  if (v < 0) throw badInput(`Pagination argument "${name}" must not be negative (got ${v})`);
  if (v > MAX_PAGE_SIZE) throw badInput(`Pagination argument "${name}" must be at most ${MAX_PAGE_SIZE} (got ${v})`);
}

/** Slice pagination over a list in display order. */
export function paginate<T>(all: readonly T[], keyOf: (t: T) => string, p: Pagination | null | undefined): Slice<T> {
  const pg = p ?? {};
  checkSize('first', pg.first);
  checkSize('last', pg.last);
  let start = 0;
  let end = all.length;
  const indexOf = (cursor: string) => {
    const key = decodeCursor(cursor);
    const i = all.findIndex((t) => keyOf(t) === key);
    if (i < 0) throw badInput(`Cursor "${cursor}" does not match any item`);
    return i;
  };
  if (pg.after) start = indexOf(pg.after) + 1;
  if (pg.before) end = Math.min(end, indexOf(pg.before));
  if (end < start) end = start;
  const first = pg.first ?? (pg.last === null || pg.last === undefined ? DEFAULT_PAGE_SIZE : undefined);
  if (first !== undefined) end = Math.min(end, start + first);
  if (pg.last !== null && pg.last !== undefined) start = Math.max(start, end - pg.last);
  const items = all.slice(start, end);
  const first0 = items[0];
  const last0 = items[items.length - 1];
  return {
    items,
    startCursor: first0 !== undefined ? encodeCursor(keyOf(first0)) : null,
    endCursor: last0 !== undefined ? encodeCursor(keyOf(last0)) : null,
    hasNextPage: end < all.length,
    hasPrevPage: start > 0,
  };
}

function sliceView<T>(s: Slice<T>, keyOf: (t: T) => string, node: (t: T) => GqlObject): GqlObject {
  return {
    edges: s.items.map((t) => ({ node: node(t), cursor: encodeCursor(keyOf(t)) })),
    pageInfo: { startCursor: s.startCursor, endCursor: s.endCursor, hasNextPage: s.hasNextPage, hasPrevPage: s.hasPrevPage },
  };
}

// Filter statuses include internal ones; map them onto the public status a release shows.
const FILTER_STATUS: Readonly<Record<string, string>> = {
  PENDING: 'QUEUED',
  INITIALIZING: 'RUNNING',
  FINALIZING: 'RUNNING',
  FINALIZING_TERMINATION: 'TERMINATING',
};

function dateArg(name: string, v: string | null | undefined): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw badInput(`Filter "${name}" is not a date: "${v}"`);
  return ms;
}

export interface StoreClock {
  now: () => number;
  /** Milliseconds per stage of the moving release. */
  stageMs: number;
  /** Stage the moving release is at when the server starts. */
  initialStage: number;
}

export class DemoStore {
  private readonly startedAt: number;
  private manual = 0;
  private readonly staticActive = new Map<string, string>();
  private readonly allNewestFirst: DemoRelease[];

  constructor(
    readonly data: DemoData,
    private readonly clock: StoreClock,
  ) {
    this.startedAt = clock.now();
    // The live ("active") release per product and environment, ignoring the moving one (checked per request).
    for (const [product, list] of data.releases) {
      for (const r of list) {
        if (r === data.moving) continue;
        const envs = environmentStatuses(r, 0);
        for (const [env, s] of envs) {
          const key = `${product}\u0000${env}`;
          if (s.status === 'SUCCEEDED' && !this.staticActive.has(key)) this.staticActive.set(key, r.id);
        }
      }
    }
    this.allNewestFirst = [...data.byId.values()].sort((a, b) => b.createdAtMs - a.createdAtMs || (a.id < b.id ? -1 : 1));
  }

  /**
   * The moving release's stage now. The clock takes it as far as its last environment and leaves it running there,
   * so whoever opens the demo later still finds a release in progress; only advance() finishes it.
   */
  stage(): number {
    const m = this.data.moving;
    if (!m) return 0;
    const final = finalStage(m.flow);
    const elapsed = Math.max(0, this.clock.now() - this.startedAt);
    const byClock = this.clock.stageMs > 0 ? Math.floor(elapsed / this.clock.stageMs) : 0;
    const clocked = Math.min(final - 1, this.clock.initialStage + byClock);
    return Math.min(final, Math.max(clocked, this.clock.initialStage) + this.manual);
  }

  /** Move the still-running release one stage on. Returns false when it has already finished. */
  advance(): boolean {
    const m = this.data.moving;
    if (!m || this.stage() >= finalStage(m.flow)) return false;
    this.manual++;
    return true;
  }

  /** A per-request view context (one stage for the whole response, so a response is self-consistent). */
  context(): ReleaseContext {
    const stage = this.stage();
    const moving = this.data.moving;
    const movingEnvs = moving ? environmentStatuses(moving, stage) : undefined;
    return {
      repoURL: this.data.repoURL,
      branch: this.data.branch,
      stage,
      isActive: (r, env) => {
        if (moving && movingEnvs && moving.product === r.product && movingEnvs.get(env)?.status === 'SUCCEEDED') {
          return r === moving;
        }
        return this.staticActive.get(`${r.product.name}\u0000${env}`) === r.id;
      },
    };
  }

  statusOf(r: DemoRelease, ctx: ReleaseContext): string {
    return releaseState(r, ctx.stage).status;
  }

  /** Releases matching the filters, newest first. */
  releases(filters: ReleaseFilters | null | undefined, ctx: ReleaseContext, productName?: string): DemoRelease[] {
    const f = filters ?? {};
    let list: DemoRelease[];
    if (productName !== undefined) list = this.data.releases.get(productName) ?? [];
    else if (f.productNames && f.productNames.length > 0) {
      const names = new Set(f.productNames);
      list = this.allNewestFirst.filter((r) => names.has(r.product.name));
    } else list = this.allNewestFirst;
    if (productName !== undefined && f.productNames && f.productNames.length > 0 && !f.productNames.includes(productName)) {
      return [];
    }
    const flows = f.promotionFlows && f.promotionFlows.length > 0 ? new Set(f.promotionFlows) : undefined;
    const statuses = f.statuses && f.statuses.length > 0 ? new Set(f.statuses.map((s) => FILTER_STATUS[s] ?? s)) : undefined;
    const from = dateArg('startDate', f.startDate);
    const to = dateArg('endDate', f.endDate);
    if (!flows && !statuses && from === undefined && to === undefined) return list;
    return list.filter(
      (r) =>
        (!flows || flows.has(r.flow.name)) &&
        (from === undefined || r.createdAtMs >= from) &&
        (to === undefined || r.createdAtMs <= to) &&
        (!statuses || statuses.has(this.statusOf(r, ctx))),
    );
  }

  // ---- root fields -------------------------------------------------------------------------------------------

  promotions(args: { filters?: ReleaseFilters | null; pagination?: Pagination | null }): GqlObject {
    const ctx = this.context();
    const s = paginate(this.releases(args.filters, ctx), (r) => r.id, args.pagination);
    return sliceView(s, (r) => r.id, (r) => (r.apiKind === 'Promotion' ? promotionView(r, ctx) : productReleaseView(r, ctx)));
  }

  productReleases(args: { productName: string; filters: ReleaseFilters; pagination?: Pagination | null }): GqlObject {
    const ctx = this.context();
    const s = paginate(this.releases(args.filters, ctx, args.productName), (r) => r.id, args.pagination);
    return sliceView(s, (r) => r.id, (r) => productReleaseView(r, ctx));
  }

  productRelease(args: { releaseId: string }): GqlObject | null {
    const r = this.data.byId.get(args.releaseId);
    return r ? productReleaseView(r, this.context()) : null;
  }

  products(args: { filters?: ProductFilters | null; pagination?: Pagination | null }): GqlObject {
    const f = args.filters ?? {};
    const ctx = this.context();
    const envFilter = (f.environments ?? []).filter((e): e is string => typeof e === 'string');
    const flowFilter = (f.promotionFlowNames ?? []).filter((e): e is string => typeof e === 'string');
    const list = this.data.products.filter(
      (p) =>
        (!f.name || p.name === f.name) &&
        (!f.partialName || p.name.toLowerCase().includes(f.partialName.toLowerCase())) &&
        (envFilter.length === 0 || p.environments.some((e) => envFilter.includes(e))) &&
        (flowFilter.length === 0 || p.flows.some((fl) => flowFilter.includes(fl.name))),
    );
    const s = paginate(list, (p) => p.id, args.pagination);
    return sliceView(
      s,
      (p) => p.id,
      (p) => {
        const latest = this.data.releases.get(p.name)?.[0];
        return {
          id: p.id,
          name: p.name,
          metadata: { name: p.name, namespace: RUNTIME, runtime: RUNTIME, account: ACCOUNT },
          environments: this.data.environments.filter((e) => p.environments.includes(e.name)),
          promotionFlows: p.flows.map((fl) => ({ name: fl.name, gitTriggerSelectors: fl.selectors, exists: true })),
          concurrency: p.concurrency,
          latestRelease: latest ? releaseEntityView(latest, ctx) : null,
        };
      },
    );
  }

  environments(): GqlObject[] {
    return this.data.environments.map((e) => ({ ...e }));
  }

  promotionFlows(args: { pagination?: Pagination | null }): GqlObject {
    const s = paginate(this.data.flows, (f) => f.id, args.pagination);
    return sliceView(
      s,
      (f) => f.id,
      (f) => ({
        metadata: { name: f.name, namespace: RUNTIME, runtime: RUNTIME, account: ACCOUNT },
        id: f.id,
        triggerEnvironment: f.triggerEnvironment,
        steps: f.steps.map((st) => ({ ...st, hooks: st.hooks ?? null })),
      }),
    );
  }

  me(): GqlObject {
    return {
      id: hashId('user', ACCOUNT),
      name: 'Demo User',
      email: 'demo.user@example.invalid',
      activeAccount: { id: ACCOUNT_ID, name: ACCOUNT },
    };
  }
}

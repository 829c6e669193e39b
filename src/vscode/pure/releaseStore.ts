// The one in-memory store the extension reads from: products, releases per product (newest first, paged), release
// details and notes on demand. It talks to a ReleaseBackend in the background; readers (tree, hover, status bar)
// only ever read what it holds, never wait on the network. Refreshes are incremental (terminal releases the store
// already holds are not fetched again) and a failed refresh keeps the last good data and records the error.
//
// No vscode import: unit-tested under Node with a scripted backend.

import type { ActionRequest, ActionResult, BackendCapabilities, ListReleasesOptions, ReleaseBackend } from '../../backends/types';
import { BackendError, isBackendError } from '../../backends/types';
import { derivedStatus } from '../../core/derivedStatus';
import { FollowUpRunner } from '../../core/followUp';
import type { Logger } from '../../core/log';
import type { CommitPullRequests, Product, ProductReleases, ReleaseDetail, ReleaseNotes, ReleaseSummary } from '../../core/model';
import { isActive, isTerminal, releaseStatus, environmentStatus } from '../../core/status';
import { ACTION_WORDING } from '../../present/actions';
import { releaseName } from '../../present/releaseLabel';

export interface StoreError {
  kind: string;
  message: string;
  at: number;
  retryAfterMs?: number;
}

export interface ProductState {
  product: Product;
  /** Newest first. */
  releases: ReleaseSummary[];
  endCursor?: string;
  hasMore: boolean;
  fetchedAt?: number;
  error?: StoreError;
  /** Release rows of the newest page the backend sent but that could not be read (left out of `releases`). */
  unreadable?: { count: number; reasons: string[] };
  /** The same for older pages fetched with "load more" (a refresh does not read those again). */
  unreadableOlder?: { count: number; reasons: string[] };
  /** Warnings about the last refresh's answer (data kept), e.g. partial GraphQL errors. */
  warnings?: string[];
}

export interface StoreChange {
  /** Release ids whose summary changed (status, environments, time) or that are new. */
  releaseIds: string[];
  /** Something other than release rows changed (products, errors, loading state). */
  structural: boolean;
}

export interface StoreOptions {
  log: Logger;
  now?: () => number;
  pageSize?: number;
  /** How many products are fetched at once. */
  concurrency?: number;
}

type Listener = (change: StoreChange) => void;

interface CachedDetail {
  detail: ReleaseDetail;
  /** The summary key at fetch time; a different key means the release moved and the detail is stale. */
  key: string;
  fetchedAt: number;
}

/** A fingerprint of everything the list shows about a release. */
export function summaryKey(r: ReleaseSummary): string {
  return JSON.stringify([r.status, r.updatedAt ?? '', r.environments.map((e) => [e.name, e.status, e.updatedAt ?? ''])]);
}

/** True while the release (or any of its environments) can still change. */
export function releaseIsActive(r: ReleaseSummary): boolean {
  return isActive(releaseStatus(r.status).kind) || r.environments.some((e) => isActive(environmentStatus(e.status).kind));
}

/** When a row happened for sorting: `createdAt`, else `updatedAt`; NaN when neither is a date. */
function rowTime(r: ReleaseSummary): number {
  const created = Date.parse(r.createdAt);
  if (Number.isFinite(created)) return created;
  return r.updatedAt ? Date.parse(r.updatedAt) : Number.NaN;
}

/**
 * Newest first by `createdAt`, else `updatedAt`. A row with neither (older platforms send no dates) keeps its place in
 * the order given, which is the API's own newest-first order: it sorts right after the dated row before it (or
 * first, when none is). Stable: ties keep the order given.
 */
export function newestFirst(list: readonly ReleaseSummary[]): ReleaseSummary[] {
  let carried = Number.POSITIVE_INFINITY;
  const keyed = list.map((release, index) => {
    const t = rowTime(release);
    if (Number.isFinite(t)) carried = t;
    return { release, index, t: carried };
  });
  // Infinity - Infinity is NaN, which `||` treats as a tie.
  keyed.sort((a, b) => b.t - a.t || a.index - b.index);
  return keyed.map((k) => k.release);
}

/** Commit sets whose pull requests the store keeps (one per release whose notes were opened). */
const PULL_REQUEST_ANSWERS = 20;

const byId = new WeakMap<readonly ReleaseSummary[], ReadonlyMap<string, ReleaseSummary>>();

/** A product's releases by id; the store replaces a product's list whenever it changes, so one index per list. */
function releasesById(list: readonly ReleaseSummary[]): ReadonlyMap<string, ReleaseSummary> {
  let index = byId.get(list);
  if (!index) {
    const m = new Map<string, ReleaseSummary>();
    // The first row with an id wins, as a scan of the newest-first list would find it.
    for (const r of list) if (!m.has(r.id)) m.set(r.id, r);
    index = m;
    byId.set(list, index);
  }
  return index;
}

function describeError(e: unknown, now: number): StoreError {
  if (isBackendError(e)) return { kind: e.kind, message: e.message, at: now, retryAfterMs: e.details?.retryAfterMs };
  return { kind: 'internal', message: e instanceof Error ? e.message : String(e), at: now };
}

export class ReleaseStore {
  private backend: ReleaseBackend | undefined;
  private generation = 0;
  private abort = new AbortController();
  private readonly states = new Map<string, ProductState>();
  private productOrder: string[] = [];
  private readonly details = new Map<string, CachedDetail>();
  private readonly detailLoads = new Map<string, Promise<ReleaseDetail>>();
  private readonly notes = new Map<string, ReleaseNotes>();
  /** The backend's pull requests of commit sets the release notes asked about, by product and shas (the newest few). */
  private readonly pullRequestAnswers = new Map<string, CommitPullRequests>();
  private readonly listeners = new Set<Listener>();
  private readonly refresher = new FollowUpRunner(() => this.refreshOnce());
  private productFilter: string[] = [];
  private readonly now: () => number;
  private readonly pageSize: number;
  private readonly concurrency: number;
  private readonly log: Logger;

  /** Time of the last refresh that fully succeeded (for restored data: when it was saved). */
  lastSuccessAt: number | undefined;
  /**
   * Set while the data shown was restored from a saved snapshot (when it was saved); cleared by the first refresh
   * that succeeds, so the views can say the answer is an old one.
   */
  restoredAt: number | undefined;
  /** Error of the last refresh, cleared by a successful one. */
  lastError: StoreError | undefined;
  consecutiveErrors = 0;
  /** Bumped whenever the data changes (resolver indexes key on it). */
  version = 0;
  /** Number of completed refresh attempts (tests wait on it). */
  refreshCount = 0;

  constructor(options: StoreOptions) {
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.pageSize = options.pageSize ?? 20;
    this.concurrency = options.concurrency ?? 4;
  }

  /** What stops the current backend's change notifications. */
  private pushes: { dispose(): void } | undefined;

  get backendId(): string | undefined {
    return this.backend?.id;
  }

  /** The backend in use, for what is asked of it beside releases (a commit's checks); undefined without one. */
  get activeBackend(): ReleaseBackend | undefined {
    return this.backend;
  }

  /** What the current backend can do (undefined: no backend). */
  get capabilities(): BackendCapabilities | undefined {
    return this.backend?.capabilities;
  }

  get hasBackend(): boolean {
    return this.backend !== undefined;
  }

  get loading(): boolean {
    return this.refresher.running;
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(change: StoreChange): void {
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch (e) {
        this.log.error(`store listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** Bumped by every backend switch: data read for one generation must not be applied to another. */
  get dataGeneration(): number {
    return this.generation;
  }

  /**
   * Switch backends: drops all data (it belongs to the old one) and cancels its requests. `restored`, the last good
   * answer of this same backend saved earlier, is shown until the first refresh replaces it.
   */
  setBackend(backend: ReleaseBackend | undefined, restored?: { products: readonly ProductReleases[]; savedAt: number }): void {
    this.pushes?.dispose();
    // A backend that pushes changes (a watch stream) asks for a refresh itself; bursts join the refresh running.
    this.pushes = backend?.onDidChange?.(() => {
      if (this.backend === backend) void this.refresh().catch(() => undefined);
    });
    this.abort.abort();
    this.abort = new AbortController();
    this.generation++;
    this.backend = backend;
    this.states.clear();
    this.productOrder = [];
    this.details.clear();
    this.detailLoads.clear();
    this.notes.clear();
    this.pullRequestAnswers.clear();
    this.refresher.forget();
    this.lastSuccessAt = undefined;
    this.restoredAt = undefined;
    this.lastError = undefined;
    this.consecutiveErrors = 0;
    if (backend && restored) {
      for (const p of restored.products) {
        // No fetchedAt: the first refresh starts each product over from its newest page instead of merging into
        // rows that may have gone since.
        this.states.set(p.product.name, { product: p.product, releases: newestFirst(p.releases), hasMore: false });
      }
      this.productOrder = restored.products.map((p) => p.product.name);
      this.lastSuccessAt = restored.savedAt;
      this.restoredAt = restored.savedAt;
    }
    this.version++;
    this.emit({ releaseIds: [], structural: true });
  }

  /** The rows as listed (no details), in backend order, for saving: what a restart shows before its first refresh. */
  listedProducts(): ProductReleases[] {
    return this.productOrder.flatMap((n) => {
      const s = this.states.get(n);
      return s ? [{ product: s.product, releases: s.releases }] : [];
    });
  }

  /** Products to show (empty: all). Takes effect at the next refresh; hides others at once. */
  setProductFilter(names: readonly string[]): void {
    this.productFilter = [...names];
    this.version++;
    this.emit({ releaseIds: [], structural: true });
  }

  private wanted(name: string): boolean {
    return this.productFilter.length === 0 || this.productFilter.includes(name);
  }

  /** Products in backend order (filtered by the products setting). */
  productStates(): ProductState[] {
    return this.productOrder.filter((n) => this.wanted(n)).flatMap((n) => this.states.get(n) ?? []);
  }

  productState(name: string): ProductState | undefined {
    return this.wanted(name) ? this.states.get(name) : undefined;
  }

  findRelease(releaseId: string): { productName: string; release: ReleaseSummary } | undefined {
    for (const s of this.states.values()) {
      const r = releasesById(s.releases).get(releaseId);
      if (r) return { productName: s.product.name, release: r };
    }
    return undefined;
  }

  /**
   * The release as the list has it now: its detail while that is current with the list row, else the row itself. A
   * detail fetched before the release moved must not stand in for it: its statuses are older than the last refresh.
   */
  currentRelease(releaseId: string): ReleaseSummary | ReleaseDetail | undefined {
    const found = this.findRelease(releaseId);
    if (!found) return undefined;
    const d = this.details.get(releaseId);
    return d && d.key === summaryKey(found.release) ? d.detail : found.release;
  }

  /** Cached detail, even when stale (the caller decides whether to refetch). */
  peekDetail(releaseId: string): ReleaseDetail | undefined {
    return this.details.get(releaseId)?.detail;
  }

  peekNotes(releaseId: string): ReleaseNotes | undefined {
    return this.notes.get(releaseId);
  }

  /**
   * What the user should know about data that is shown but incomplete, one sentence each: release rows the backend
   * sent but that could not be read (left out), and warnings about an answer whose data was kept.
   */
  notices(): string[] {
    const out: string[] = [];
    for (const s of this.productStates()) {
      const parts = [s.unreadable, s.unreadableOlder].filter((x): x is { count: number; reasons: string[] } => !!x && x.count > 0);
      const u = parts.length === 0 ? undefined : { count: parts.reduce((n, x) => n + x.count, 0), reasons: parts.flatMap((x) => x.reasons).slice(0, 5) };
      if (u) {
        const more = u.count > u.reasons.length ? ` (and ${u.count - u.reasons.length} more)` : '';
        out.push(`${u.count} release${u.count === 1 ? '' : 's'} of ${s.product.name} could not be read: ${u.reasons.join('; ')}${more}`);
      }
      for (const w of s.warnings ?? []) out.push(w);
    }
    return out;
  }

  /** Is anything moving (drives the short poll interval)? */
  anyActive(): boolean {
    return this.productStates().some((s) => s.releases.some(releaseIsActive));
  }

  /** Snapshot in core form for the resolver: current details replace their summaries, stale ones do not. */
  snapshot(): ProductReleases[] {
    return this.productStates().map((s) => ({
      product: s.product,
      releases: s.releases.map((r) => {
        const d = this.details.get(r.id);
        return d && d.key === summaryKey(r) ? d.detail : r;
      }),
    }));
  }

  /**
   * Refresh everything. Never throws. A call while a refresh runs wants data as of the call, which the running one
   * may already have fetched past: it waits for it and then refreshes once more; calls arriving meanwhile share that
   * one follow-up (so a burst of requests still costs at most two refreshes).
   */
  refresh(): Promise<void> {
    if (!this.backend) return Promise.resolve();
    return this.refresher.run();
  }

  private async refreshOnce(): Promise<void> {
    if (!this.backend) return;
    const gen = this.generation;
    this.emit({ releaseIds: [], structural: true });
    await this.doRefresh(gen);
    // A backend switch abandons this run (its data belongs to the old backend): the caller still wants data as of
    // the call, now from the new backend.
    if (this.generation !== gen) await this.refresh();
  }

  private async doRefresh(gen: number): Promise<void> {
    const backend = this.backend;
    if (!backend) return;
    const signal = this.abort.signal;
    const started = this.now();
    const changed = new Set<string>();
    let structural = false;
    let failure: StoreError | undefined;
    try {
      const products = await backend.listProducts(signal);
      if (gen !== this.generation) return;
      const names = products.map((p) => p.name);
      if (names.join('\u0000') !== this.productOrder.join('\u0000')) structural = true;
      for (const p of products) {
        const old = this.states.get(p.name);
        if (old) old.product = p;
        else this.states.set(p.name, { product: p, releases: [], hasMore: false });
      }
      for (const n of this.productOrder) if (!names.includes(n)) this.states.delete(n);
      this.productOrder = names;
      const todo = products.filter((p) => this.wanted(p.name));
      let next = 0;
      const worker = async () => {
        while (next < todo.length && gen === this.generation) {
          const p = todo[next++]!;
          const err = await this.refreshProduct(backend, p.name, signal, gen, changed);
          if (err && !failure) failure = err;
          if (err) structural = true;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, todo.length) }, worker));
    } catch (e) {
      failure = describeError(e, this.now());
    }
    if (gen !== this.generation) return;
    this.refreshCount++;
    if (failure) {
      this.lastError = failure;
      this.consecutiveErrors++;
      structural = true;
      this.log.warn(`refresh failed (${failure.kind}): ${failure.message}; keeping data from ${this.lastSuccessAt ? new Date(this.lastSuccessAt).toISOString() : 'never'}`);
    } else {
      if (this.lastError) structural = true;
      this.lastError = undefined;
      this.consecutiveErrors = 0;
      this.lastSuccessAt = this.now();
      this.restoredAt = undefined;
      this.log.debug(`refresh ok in ${this.now() - started} ms, ${changed.size} release(s) changed`);
    }
    if (changed.size > 0 || structural) this.version++;
    this.emit({ releaseIds: [...changed], structural: true });
  }

  /** Refresh one product's first page incrementally; returns the error instead of throwing. */
  private async refreshProduct(
    backend: ReleaseBackend,
    name: string,
    signal: AbortSignal,
    gen: number,
    changed: Set<string>,
  ): Promise<StoreError | undefined> {
    const state = this.states.get(name);
    if (!state) return undefined;
    // Rows restored from a snapshot (never fetched this session) do not count as known: the first page is read whole.
    const known = new Set(state.fetchedAt === undefined ? [] : state.releases.filter((r) => isTerminal(releaseStatus(r.status).kind)).map((r) => r.id));
    const options: ListReleasesOptions = { pageSize: this.pageSize, signal };
    if (known.size > 0) options.knownTerminalIds = known;
    try {
      const page = await backend.listReleases(name, options);
      if (gen !== this.generation) return undefined;
      const before = new Map(state.releases.map((r) => [r.id, summaryKey(r)]));
      let merged: ReleaseSummary[];
      if (state.fetchedAt === undefined || !page.reachedKnown) {
        // First load, or more new releases than one page: start over from this page.
        merged = page.releases;
        state.endCursor = page.endCursor;
        state.hasMore = page.hasMore;
      } else {
        const fresh = new Map(page.releases.map((r) => [r.id, r]));
        merged = [...page.releases, ...state.releases.filter((r) => !fresh.has(r.id))];
      }
      merged = newestFirst(merged);
      for (const r of merged) {
        const k = summaryKey(r);
        if (before.get(r.id) !== k) changed.add(r.id);
        const d = this.details.get(r.id);
        if (d && d.key !== k) this.detailLoads.delete(r.id);
      }
      state.releases = merged;
      state.fetchedAt = this.now();
      state.error = undefined;
      // Every refresh reads the newest page again (incremental or not), so its report replaces the last one; rows
      // of older pages are read again only by a full load, which starts over from the first page.
      state.unreadable = page.skipped ? { count: page.skipped.count, reasons: [...page.skipped.reasons] } : undefined;
      if (!page.reachedKnown) state.unreadableOlder = undefined;
      state.warnings = page.warnings && page.warnings.length > 0 ? [...page.warnings] : undefined;
      return undefined;
    } catch (e) {
      const err = describeError(e, this.now());
      state.error = err;
      return err;
    }
  }

  /** Fetch the next page of a product's releases ("load more"). */
  async loadMore(productName: string): Promise<void> {
    const backend = this.backend;
    const state = this.states.get(productName);
    if (!backend || !state || !state.hasMore) return;
    const gen = this.generation;
    try {
      const page = await backend.listReleases(productName, { pageSize: this.pageSize, after: state.endCursor, signal: this.abort.signal });
      if (gen !== this.generation) return;
      const have = new Set(state.releases.map((r) => r.id));
      const added = page.releases.filter((r) => !have.has(r.id));
      state.releases = newestFirst([...state.releases, ...added]);
      state.endCursor = page.endCursor;
      state.hasMore = page.hasMore;
      if (page.skipped) {
        const before = state.unreadableOlder ?? { count: 0, reasons: [] };
        state.unreadableOlder = { count: before.count + page.skipped.count, reasons: [...before.reasons, ...page.skipped.reasons].slice(0, 5) };
      }
      this.version++;
      this.emit({ releaseIds: added.map((r) => r.id), structural: true });
    } catch (e) {
      const err = describeError(e, this.now());
      state.error = err;
      this.log.warn(`load more for ${productName} failed (${err.kind}): ${err.message}`);
      this.emit({ releaseIds: [], structural: true });
      throw e;
    }
  }

  /** Is the cached detail current with the list row? */
  detailIsFresh(releaseId: string): boolean {
    const d = this.details.get(releaseId);
    if (!d) return false;
    const found = this.findRelease(releaseId);
    return !found || summaryKey(found.release) === d.key;
  }

  /** A release in detail: from cache when current, else fetched (deduplicated). */
  getDetail(releaseId: string, signal?: AbortSignal): Promise<ReleaseDetail> {
    const backend = this.backend;
    if (!backend) return Promise.reject(new Error('No release backend is configured.'));
    const cached = this.details.get(releaseId);
    if (cached && this.detailIsFresh(releaseId)) return Promise.resolve(cached.detail);
    const running = this.detailLoads.get(releaseId);
    if (running) return running;
    const gen = this.generation;
    const key = (() => {
      const f = this.findRelease(releaseId);
      return f ? summaryKey(f.release) : '';
    })();
    const p = backend
      .getRelease(releaseId, signal ?? this.abort.signal)
      .then((detail) => {
        if (gen === this.generation) {
          this.details.set(releaseId, { detail, key: key || summaryKey(detail), fetchedAt: this.now() });
          this.version++;
          this.emit({ releaseIds: [releaseId], structural: false });
        }
        return detail;
      })
      .finally(() => {
        if (this.detailLoads.get(releaseId) === p) this.detailLoads.delete(releaseId);
      });
    this.detailLoads.set(releaseId, p);
    return p;
  }

  /**
   * Take an action on a release in one environment. The release as the store has it now must still allow it: the
   * row or button that offered it may predate the last refresh. Afterwards the release's cached detail and notes
   * are dropped and a refresh starts, so the views show what the action did.
   */
  async act(request: ActionRequest, signal?: AbortSignal): Promise<ActionResult> {
    const backend = this.backend;
    if (!backend) throw new BackendError('config', 'No release backend is configured.');
    if (!backend.act || !backend.capabilities.actions.includes(request.action)) {
      throw new BackendError('config', `${backend.description} does not let the editor ${ACTION_WORDING[request.action].title.toLowerCase()} releases.`);
    }
    const release = this.currentRelease(request.releaseId);
    if (!release) throw new BackendError('not-found', 'This release is no longer listed. Refresh the view and try again.');
    const allowed = derivedStatus(release).environments.get(request.environment)?.listed?.actions ?? [];
    if (!allowed.includes(request.action)) {
      throw new BackendError(
        'config',
        `${ACTION_WORDING[request.action].title} is not possible for ${releaseName(release)} in ${request.environment} any more: the release changed since it was shown.`,
      );
    }
    const gen = this.generation;
    const result = await backend.act(request, signal ?? this.abort.signal);
    if (gen === this.generation) {
      this.details.delete(request.releaseId);
      this.notes.delete(request.releaseId);
      this.version++;
      this.emit({ releaseIds: [request.releaseId], structural: false });
      void this.refresh();
    }
    return result;
  }

  /** Backend release notes, cached per release. */
  async getNotes(releaseId: string, signal?: AbortSignal): Promise<ReleaseNotes> {
    const backend = this.backend;
    if (!backend) throw new Error('No release backend is configured.');
    const cached = this.notes.get(releaseId);
    const found = this.findRelease(releaseId);
    if (cached && found && isTerminal(releaseStatus(found.release.status).kind)) return cached;
    const gen = this.generation;
    const notes = await backend.getReleaseNotes(releaseId, signal ?? this.abort.signal);
    if (gen === this.generation) this.notes.set(releaseId, notes);
    return notes;
  }

  /**
   * How the release notes ask the backend for the pull requests of a product's commits; undefined when the backend
   * knows none. An answer whose pull requests were all merged is kept (their commits no longer change) for the
   * newest PULL_REQUEST_ANSWERS commit sets; one with an open pull request or a problem is asked again next time.
   */
  pullRequestLookup(productName: string, signal?: AbortSignal): ((shas: readonly string[]) => Promise<CommitPullRequests>) | undefined {
    const backend = this.backend;
    const ask = backend?.pullRequestsOf?.bind(backend);
    if (!ask) return undefined;
    return async (shas) => {
      const key = `${productName}\n${shas.join(',')}`;
      const cached = this.pullRequestAnswers.get(key);
      if (cached) return cached;
      const gen = this.generation;
      const answer = await ask(productName, shas, signal ?? this.abort.signal);
      const final = !answer.skipped && !answer.warnings?.length && answer.pullRequests.every((p) => p.mergedAt);
      if (final && gen === this.generation) {
        this.pullRequestAnswers.set(key, answer);
        for (const old of this.pullRequestAnswers.keys()) {
          if (this.pullRequestAnswers.size <= PULL_REQUEST_ANSWERS) break;
          this.pullRequestAnswers.delete(old);
        }
      }
      return answer;
    };
  }

  dispose(): void {
    this.abort.abort();
    this.listeners.clear();
  }
}

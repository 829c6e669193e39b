// The Kargo backend: Kargo's REST API (`/v1beta1`, https://docs.kargo.io) read with a bearer token and mapped into
// the core model (./mapping). Stages and Promotions of each Project it was asked about are kept live by their
// `?watch=true` event streams (./watch), so a refresh costs one Freight query; without a stream they are listed on
// each refresh. Releases are Freight; actions promote, approve, abort and verify through the same API.

import type { Logger } from '../../core/log';
import { silentLogger } from '../../core/log';
import type { BackendId, Product, ReleaseDetail, ReleaseNotes } from '../../core/model';
import { countText, mapBounded, REQUEST_CONCURRENCY } from '../bounded';
import type { ProxyOptions } from '../http/dispatcher';
import { BACKENDS } from '../registry';
import {
  type AccountInfo,
  type ActionRequest,
  type ActionResult,
  BackendError,
  type BackendCapabilities,
  isBackendError,
  type ListReleasesOptions,
  type ReleaseBackend,
  type ReleasePage,
} from '../types';
import { mapDetail, mapNotes, mapProduct, mapReleasePage, parseReleaseId, type MappingOptions, type ProjectState } from './mapping';
import {
  type Items,
  type KargoFreight,
  type KargoPromotion,
  type KargoStage,
  freight as freightSchema,
  MAX_FREIGHT,
  project as projectSchema,
  promotion as promotionSchema,
  readFreightGroups,
  readItems,
  readOne,
  stage as stageSchema,
  versionInfo,
} from './schemas';
import { KargoTransport } from './transport';
import { ResourceWatch } from './watch';

export interface KargoOptions {
  baseUrl: string;
  token: string;
  /** `kargo`, or `demo` when the server is the built-in fake (its data is made up). */
  id?: Extract<BackendId, 'kargo' | 'demo'>;
  /** Name of the server for descriptions (default `Kargo`). */
  serverName?: string;
  /** Where the token came from, for the description (`VS Code`, `KARGO_API_TOKEN`, a config file). */
  tokenOrigin?: string;
  /** Only this Project (else every Project the token may list). */
  project?: string;
  /** Only this Warehouse's Freight. */
  warehouse?: string;
  /** Stages that count as production besides those labelled so (read at each listing). */
  prodStages?: () => readonly string[];
  configuredProducts?: () => readonly string[];
  log?: Logger;
  proxy?: ProxyOptions;
  caFile?: string;
  /** Keep Stages and Promotions live through watch streams (default true). */
  watch?: boolean;
  /** Backoff of the watch's polling when no stream can be had. */
  watchBackoff?: { baseMs?: number; maxMs?: number };
  timeouts?: { connectMs?: number; totalMs?: number };
  retries?: number;
  /** Backoff between read retries (the shared HTTP client's defaults when absent). */
  backoff?: { baseMs?: number; maxMs?: number };
}

const enc = encodeURIComponent;

/**
 * Projects listed as products in one refresh (each costs a Stages list and two watch streams); the rest are left out
 * with a notice. Name the wanted ones in the settings to choose which.
 */
export const MAX_PROJECTS = 100;
/** Stages of one Project read (the first ones): far above a real promotion pipeline. */
export const MAX_STAGES = 500;
/** Promotions of one Project read (the first ones the server lists). */
export const MAX_PROMOTIONS = 2_000;

export class KargoBackend implements ReleaseBackend {
  readonly id: Extract<BackendId, 'kargo' | 'demo'>;
  readonly capabilities: BackendCapabilities = BACKENDS.kargo.capabilities;
  readonly description: string;
  readonly transport: KargoTransport;
  private readonly log: Logger;
  private readonly watches = new Map<string, { stages: ResourceWatch<KargoStage>; promotions: ResourceWatch<KargoPromotion> }>();
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  /** What the last product listing left out, said on the first product's page: `{ product, text }`. */
  private projectsNotice: { product: string; text: string } | undefined;

  constructor(private readonly options: KargoOptions) {
    this.id = options.id ?? 'kargo';
    this.transport = new KargoTransport({
      baseUrl: options.baseUrl,
      token: options.token,
      log: options.log ?? silentLogger,
      proxy: options.proxy,
      caFile: options.caFile,
      timeouts: options.timeouts,
      retries: options.retries,
      backoff: options.backoff,
    });
    this.log = this.transport.logger;
    const origin = options.tokenOrigin ? ` (token from ${options.tokenOrigin})` : '';
    this.description = `${options.serverName ?? 'Kargo'} at ${this.transport.baseUrl}${origin}`;
  }

  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  /** Be told when the watched Stages or Promotions change (the caller refreshes). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch (e) {
        this.log.warn(`a change listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private mapping(): MappingOptions {
    return { ...(this.options.warehouse ? { warehouse: this.options.warehouse } : {}), prodStages: this.options.prodStages?.() ?? [], source: this.id };
  }

  private watchOf(project: string): { stages: ResourceWatch<KargoStage>; promotions: ResourceWatch<KargoPromotion> } | undefined {
    if (this.options.watch === false || this.disposed) return undefined;
    let w = this.watches.get(project);
    if (!w) {
      const common = { transport: this.transport, log: this.log, onChange: () => this.changed(), backoff: this.options.watchBackoff };
      w = {
        stages: new ResourceWatch({ ...common, path: `/projects/${enc(project)}/stages`, schema: stageSchema, kind: 'Stage', what: `Stages of ${project}`, maxItems: MAX_STAGES }),
        promotions: new ResourceWatch({ ...common, path: `/projects/${enc(project)}/promotions`, schema: promotionSchema, kind: 'Promotion', what: `Promotions of ${project}`, maxItems: MAX_PROMOTIONS }),
      };
      this.watches.set(project, w);
      w.stages.start();
      w.promotions.start();
    }
    return w;
  }

  /** The watches of a Project, for the log and the tests. */
  watchState(project: string): { stages: ResourceWatch<KargoStage>; promotions: ResourceWatch<KargoPromotion> } | undefined {
    return this.watches.get(project);
  }

  /** Sentences for what was left out of a list: items that could not be read, and items beyond the cap. */
  private warnSkipped(what: string, items: Items<unknown>, cut?: () => string): string[] {
    const out: string[] = [];
    if (items.skipped.count > 0)
      out.push(`${countText(items.skipped.count)} of the ${what} could not be read and ${items.skipped.count === 1 ? 'is' : 'are'} left out: ${items.skipped.reasons.join('; ')}`);
    if (items.sent !== undefined && cut) out.push(cut());
    for (const text of out) this.log.warn(text);
    return out;
  }

  private async listStages(project: string, signal?: AbortSignal): Promise<{ items: KargoStage[]; requests: number; warnings: string[] }> {
    const watch = this.watchOf(project)?.stages;
    const live = watch?.snapshot();
    if (live) return { items: live, requests: 0, warnings: watch?.overCap ? [this.stagesCut(project, live.length + watch.overCap)] : [] };
    const body = await this.transport.json({ method: 'GET', path: `/projects/${enc(project)}/stages`, what: `Could not list the Stages of ${project}` }, signal);
    const items = readItems(stageSchema, body, `Could not read the Stages of ${project}`, MAX_STAGES);
    return { items: items.items, requests: 1, warnings: this.warnSkipped(`Stages of ${project}`, items, () => this.stagesCut(project, items.sent ?? 0)) };
  }

  private stagesCut(project: string, sent: number): string {
    return `Kargo sent ${countText(sent)} Stages of ${project}; only the first ${countText(MAX_STAGES)} are shown.`;
  }

  private promotionsCut(project: string, sent: number): string {
    return `Kargo sent ${countText(sent)} Promotions of ${project}; only the first ${countText(MAX_PROMOTIONS)} are used for the Stages' statuses.`;
  }

  private async listPromotions(project: string, signal?: AbortSignal): Promise<{ items: KargoPromotion[]; requests: number; warnings: string[] }> {
    const watch = this.watchOf(project)?.promotions;
    const live = watch?.snapshot();
    if (live) return { items: live, requests: 0, warnings: watch?.overCap ? [this.promotionsCut(project, live.length + watch.overCap)] : [] };
    const body = await this.transport.json({ method: 'GET', path: `/projects/${enc(project)}/promotions`, what: `Could not list the Promotions of ${project}` }, signal);
    const items = readItems(promotionSchema, body, `Could not read the Promotions of ${project}`, MAX_PROMOTIONS);
    // Promotions that could not be read are only logged (as before); the cap changes what the statuses say, so it is shown.
    this.warnSkipped(`Promotions of ${project}`, { ...items, sent: undefined });
    const cut = items.sent === undefined ? [] : [this.promotionsCut(project, items.sent)];
    for (const text of cut) this.log.warn(text);
    return { items: items.items, requests: 1, warnings: cut };
  }

  private async listFreight(project: string, signal?: AbortSignal): Promise<{ freight: Items<KargoFreight>; warnings: string[] }> {
    const query = this.options.warehouse ? { origins: this.options.warehouse } : undefined;
    const body = await this.transport.json({ method: 'GET', path: `/projects/${enc(project)}/freight`, query, what: `Could not list the Freight of ${project}` }, signal);
    const freight = readFreightGroups(body);
    const warnings: string[] = [];
    if (freight.sent !== undefined) {
      const text = `Kargo sent ${countText(freight.sent)} Freight of ${project}; only the newest ${countText(MAX_FREIGHT)} are shown.`;
      this.log.warn(text);
      warnings.push(text);
    }
    return { freight, warnings };
  }

  private async getFreight(project: string, name: string, signal?: AbortSignal): Promise<KargoFreight> {
    const body = await this.transport.json({ method: 'GET', path: `/projects/${enc(project)}/freight/${enc(name)}`, what: `Could not load Freight ${name} of ${project}` }, signal);
    return readOne(freightSchema, body, `Could not read Freight ${name} of ${project}`);
  }

  async whoAmI(signal?: AbortSignal): Promise<AccountInfo> {
    // Kargo has no "who am I"; listing Projects proves the token is accepted and the server is Kargo.
    const version = await this.transport
      .json({ method: 'GET', path: '/system/server-version', what: 'Could not read the Kargo version' }, signal)
      .then((b) => readOne(versionInfo, b, 'Could not read the Kargo version').version)
      .catch((e: unknown) => {
        // The version is only for the description; a rejected token or a cancel still ends the call.
        if (signal?.aborted || (isBackendError(e) && (e.kind === 'auth' || e.kind === 'cancelled'))) throw e;
        return undefined;
      });
    const { total } = await this.projects(signal, false);
    return { user: `Kargo token${this.options.tokenOrigin ? ` from ${this.options.tokenOrigin}` : ''}`, account: `${countText(total)} project${total === 1 ? '' : 's'}${version ? ` · Kargo ${version}` : ''}` };
  }

  /** The Projects' names, and how many the server has when more than were read (none beyond MAX_PROJECTS unless `all`). */
  private async projects(signal?: AbortSignal, all = true): Promise<{ names: string[]; total: number }> {
    if (this.options.project) {
      await this.transport.json({ method: 'GET', path: `/projects/${enc(this.options.project)}`, what: `Could not load the Kargo project ${this.options.project}` }, signal);
      return { names: [this.options.project], total: 1 };
    }
    const body = await this.transport.json({ method: 'GET', path: '/projects', what: 'Could not list the Kargo projects' }, signal);
    const items = readItems(projectSchema, body, 'Could not read the Kargo projects', all ? Number.POSITIVE_INFINITY : MAX_PROJECTS);
    this.warnSkipped('Kargo projects', items);
    return { names: items.items.map((p) => p.metadata.name), total: items.sent ?? items.items.length + items.skipped.count };
  }

  async listProducts(signal?: AbortSignal): Promise<Product[]> {
    const wanted = this.options.configuredProducts?.() ?? [];
    // Without a choice in the settings only the first MAX_PROJECTS are read at all; with one, every name is needed.
    const { names: all, total } = await this.projects(signal, wanted.length > 0);
    const names = wanted.length > 0 ? all.filter((n) => wanted.includes(n)) : all;
    const listed = names.slice(0, MAX_PROJECTS);
    const known = wanted.length > 0 ? names.length : total;
    this.projectsNotice =
      known > listed.length && listed[0] !== undefined
        ? {
            product: listed[0],
            text: `Only ${countText(listed.length)} Kargo projects are listed: ${countText(known - listed.length)} of the ${countText(known)} Kargo projects were left out (at most ${MAX_PROJECTS} per refresh). Name the projects you want in the settings.`,
          }
        : undefined;
    if (this.projectsNotice) this.log.warn(this.projectsNotice.text);
    return mapBounded(listed, REQUEST_CONCURRENCY, async (name) => mapProduct(name, (await this.listStages(name, signal)).items, this.mapping()));
  }

  private async state(project: string, signal?: AbortSignal): Promise<{ state: Omit<ProjectState, 'freight'>; requests: number; warnings: string[] }> {
    const [stages, promotions] = await Promise.all([this.listStages(project, signal), this.listPromotions(project, signal)]);
    return { state: { project, stages: stages.items, promotions: promotions.items }, requests: stages.requests + promotions.requests, warnings: [...stages.warnings, ...promotions.warnings] };
  }

  async listReleases(productName: string, options: ListReleasesOptions = {}): Promise<ReleasePage> {
    const before = this.transport.requests;
    const [{ state, warnings: stateWarnings }, { freight, warnings: freightWarnings }] = await Promise.all([this.state(productName, options.signal), this.listFreight(productName, options.signal)]);
    // Kargo answers with every Freight at once; pages are cut here so "load more" works the same as elsewhere, and
    // only the page's Freight are worked out.
    const start = options.after !== undefined && /^\d+$/.test(options.after) ? Number(options.after) : 0;
    const size = Math.max(1, Math.min(options.limit ?? options.pageSize ?? 50, 500));
    const { releases, total } = mapReleasePage({ ...state, freight: freight.items }, this.mapping(), start, size);
    const end = start + releases.length;
    const notice = this.projectsNotice?.product === productName ? [this.projectsNotice.text] : [];
    const warnings = [...notice, ...stateWarnings, ...freightWarnings];
    const page: ReleasePage = {
      releases,
      hasMore: end < total,
      ...(end < total ? { endCursor: String(end) } : {}),
      reachedKnown: false,
      requests: this.transport.requests - before,
    };
    if (freight.skipped.count > 0) page.skipped = { count: freight.skipped.count, reasons: freight.skipped.reasons };
    if (warnings.length > 0) page.warnings = warnings;
    return page;
  }

  private parseId(releaseId: string): { project: string; freight: string } {
    const id = parseReleaseId(releaseId);
    if (!id) throw new BackendError('not-found', `"${releaseId}" is not a Kargo release id (expected project/freight).`);
    return id;
  }

  async getRelease(releaseId: string, signal?: AbortSignal): Promise<ReleaseDetail> {
    const { project, freight } = this.parseId(releaseId);
    const [{ state }, f] = await Promise.all([this.state(project, signal), this.getFreight(project, freight, signal)]);
    const detail = mapDetail({ ...state, freight: [f] }, f.metadata.name, this.mapping());
    if (!detail) throw new BackendError('not-found', `Freight ${freight} is not in project ${project}.`);
    return detail;
  }

  async getReleaseNotes(releaseId: string, signal?: AbortSignal): Promise<ReleaseNotes> {
    const { project, freight } = this.parseId(releaseId);
    return mapNotes(releaseId, await this.getFreight(project, freight, signal));
  }

  async act(request: ActionRequest, signal?: AbortSignal): Promise<ActionResult> {
    const { project, freight } = this.parseId(request.releaseId);
    const stage = request.environment;
    const f = await this.getFreight(project, freight, signal);
    const label = f.alias ?? f.metadata.name;
    const name = f.metadata.name;
    let message: string;
    switch (request.action) {
      case 'promote': {
        const body = await this.transport.json(
          { method: 'POST', path: `/projects/${enc(project)}/stages/${enc(stage)}/promotions`, body: { freight: name }, what: `Could not promote ${label} to ${stage}` },
          signal,
        );
        const created = promotionSchema.safeParse(body);
        message = `Promoting ${label} to ${stage}${created.success ? ` (Promotion ${created.data.metadata.name})` : ''}.`;
        break;
      }
      case 'approve':
        await this.transport.json(
          { method: 'POST', path: `/projects/${enc(project)}/freight/${enc(name)}/approve`, query: { stage }, what: `Could not approve ${label} for ${stage}` },
          signal,
        );
        message = `Approved ${label} for ${stage}.`;
        break;
      case 'abort': {
        const promotions = (await this.listPromotions(project, signal)).items;
        const runningOne = promotions
          .filter((p) => p.spec.stage === stage && (p.spec.freight ?? p.status?.freight?.name) === name && ['Running', 'Pending', '', undefined].includes(p.status?.phase))
          .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))[0];
        if (!runningOne) throw new BackendError('http', `Could not abort: no promotion of ${label} to ${stage} is running.`, { status: 409 });
        await this.transport.json(
          { method: 'POST', path: `/projects/${enc(project)}/promotions/${enc(runningOne.metadata.name)}/abort`, what: `Could not abort the promotion of ${label} to ${stage}` },
          signal,
        );
        message = `Aborted the promotion of ${label} to ${stage}.`;
        break;
      }
      case 'verify':
        await this.transport.json(
          { method: 'POST', path: `/projects/${enc(project)}/stages/${enc(stage)}/verification`, what: `Could not re-run the verification of ${stage}` },
          signal,
        );
        message = `Re-running the verification of ${label} in ${stage}.`;
        break;
      default:
        throw new BackendError('config', `Kargo cannot ${request.action} a Freight.`);
    }
    this.log.info(message);
    this.changed();
    return { message };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.listeners.clear();
    const all = [...this.watches.values()];
    this.watches.clear();
    await Promise.all(all.flatMap((w) => [w.stages.stop(), w.promotions.stop()]));
    await this.transport.close();
  }
}

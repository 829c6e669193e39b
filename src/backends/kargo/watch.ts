// A live copy of one kind of Kargo resource in one Project (its Stages, its Promotions), kept by the API's
// `?watch=true` event stream, and by polling when no stream can be had.
//
// Every (re)connection lists the resources again and replaces the copy with the list, so a change made while the
// stream was down is never lost (a deletion included); events that arrive while that list is on its way wait for it
// and are applied only when newer than what it said, and an event repeating what the copy holds (the same
// resourceVersion) changes nothing, so nothing is counted twice. When the stream cannot be opened or keeps breaking,
// the loop goes on listing on a backoff schedule (polling), and opens the stream again each round.

import type { z } from 'zod';
import type { Logger } from '../../core/log';
import { formatIssues } from '../../core/zodIssues';
import { countText } from '../bounded';
import { BackendError, isBackendError } from '../types';
import { readItems, watchEvent } from './schemas';
import { type KargoTransport, sleep } from './transport';

interface Named {
  metadata: { name: string; resourceVersion?: string };
}

/**
 * How long a stream must have stayed up to count as healthy: a stream that closes sooner (cleanly or not) makes the
 * next wait longer; one that closed after this long starts the backoff over. Kubernetes-style watches are ended by
 * the server after minutes, so anything shorter than this is a server or proxy that will not keep a stream.
 */
export const HEALTHY_STREAM_MS = 30_000;
/** Unreadable (or wrong-kind, or ERROR) events logged one by one; after these, only the count at 10, 100, 1,000... */
const LOGGED_EVENTS = 3;

export interface WatchOptions<T extends Named> {
  transport: KargoTransport;
  log: Logger;
  /** Path of the list under `/v1beta1`, e.g. `/projects/p/stages`. */
  path: string;
  schema: z.ZodType<T>;
  /** The resource's `kind` (`Stage`, `Promotion`): an event whose object says another kind is left out. */
  kind: string;
  /** `Stages of kargo-demo`: for messages. */
  what: string;
  /** Called after the copy changed. */
  onChange: () => void;
  /**
   * Backoff between rounds without a healthy stream (default 1 s doubling to 60 s), and how long a stream must stay
   * up to reset it (default HEALTHY_STREAM_MS).
   */
  backoff?: { baseMs?: number; maxMs?: number; healthyMs?: number };
  /** The most resources held (the first the list gives; new ones from events beyond it are left out and counted). */
  maxItems?: number;
}

export type WatchMode = 'starting' | 'stream' | 'poll' | 'stopped';

/** resourceVersion a is newer than b; opaque (non-numeric) versions count as newer, so a change is not dropped. */
function newer(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return BigInt(a) > BigInt(b);
  return a !== b;
}

/** 10, 100, 1,000...: when a running count is worth a log line. */
function isPowerOfTen(n: number): boolean {
  for (let p = 10; p <= n; p *= 10) if (p === n) return true;
  return false;
}

/** What a Kubernetes `Status` object (the object of an `ERROR` event) says, briefly. */
function statusText(object: unknown): string {
  if (object === null || typeof object !== 'object') return 'no details';
  const o = object as { code?: unknown; reason?: unknown; message?: unknown };
  const parts = [typeof o.code === 'number' ? `HTTP ${o.code}` : '', typeof o.reason === 'string' ? o.reason : '', typeof o.message === 'string' ? o.message.slice(0, 200) : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no details';
}

export class ResourceWatch<T extends Named> {
  private readonly items = new Map<string, T>();
  private readonly controller = new AbortController();
  private synced = false;
  private listing = false;
  private relisting: Promise<void> | undefined;
  private relistAgain = false;
  private buffered: { type: string; item: T }[] = [];
  private failures = 0;
  private loop: Promise<void> | undefined;
  private readonly logged = { unreadable: 0, wrongKind: 0 };
  /** How the copy is kept now: through the stream, or by polling after the stream failed. */
  mode: WatchMode = 'starting';
  /** Lists made (the first, each reconnection, each poll, each ERROR event). */
  lists = 0;
  /** Stream connections opened. */
  connections = 0;
  /** Events that could not be read (not JSON, not a watch event, an object that fails the schema): ignored. */
  unreadableEvents = 0;
  /** Events whose object is of another kind than this watch's (a Warehouse on the Stages stream): left out. */
  wrongKindEvents = 0;
  /** `ERROR` events (an expired resourceVersion, 410 Gone): each makes the copy listed again. */
  errorEvents = 0;
  /** Resources the server has beyond `maxItems`, left out of the copy. */
  overCap = 0;
  /** The last failure, for the log and the tests. */
  lastError: BackendError | undefined;

  constructor(private readonly options: WatchOptions<T>) {}

  /** Start the loop (once). */
  start(): void {
    this.loop ??= this.run();
  }

  /** The copy when it is in step with the server (listed since the last connection), else undefined. */
  snapshot(): T[] | undefined {
    return this.synced ? [...this.items.values()] : undefined;
  }

  async stop(): Promise<void> {
    this.mode = 'stopped';
    this.controller.abort();
    await this.loop?.catch(() => undefined);
    this.logTotals();
  }

  private backoffMs(): number {
    const base = this.options.backoff?.baseMs ?? 1_000;
    const max = this.options.backoff?.maxMs ?? 60_000;
    return Math.min(max, base * 2 ** Math.max(0, this.failures - 1));
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    const healthyMs = this.options.backoff?.healthyMs ?? HEALTHY_STREAM_MS;
    while (!signal.aborted) {
      let listed: Promise<void> | undefined;
      let openedAt: number | undefined;
      let broke: unknown;
      try {
        await this.options.transport.stream(
          { path: this.options.path, what: `Could not watch the ${this.options.what}` },
          () => {
            this.connections++;
            this.mode = 'stream';
            openedAt = Date.now();
            listed = this.relist(signal);
          },
          (e) => this.onEvent(e.data, signal),
          signal,
        );
        await listed;
      } catch (e) {
        broke = e;
        await listed?.catch(() => undefined);
      }
      if (signal.aborted) break;
      this.synced = false;
      this.logTotals();
      // Only a stream that stayed up a while starts the backoff over; any sooner close, clean or not, lengthens it.
      if (openedAt !== undefined && Date.now() - openedAt >= healthyMs) this.failures = 0;
      this.failures++;
      if (broke !== undefined) {
        this.lastError = isBackendError(broke) ? broke : new BackendError('network', String(broke));
        this.mode = 'poll';
        this.options.log.warn(`${this.lastError.message}; polling every ${Math.round(this.backoffMs() / 1000)} s until the stream works again`);
        // Poll: the list keeps the copy right while there is no stream.
        await this.relist(signal).catch((le: unknown) => {
          if (!signal.aborted) this.options.log.warn(isBackendError(le) ? le.message : String(le));
        });
      }
      await sleep(this.backoffMs(), signal).catch(() => undefined);
    }
  }

  /** List again; a call while a list is on its way makes that one run once more when done, so none overlap. */
  private relist(signal: AbortSignal): Promise<void> {
    if (this.relisting) {
      this.relistAgain = true;
      return this.relisting;
    }
    const run = async (): Promise<void> => {
      try {
        do {
          this.relistAgain = false;
          await this.listOnce(signal);
        } while (this.relistAgain && !signal.aborted);
      } finally {
        this.relisting = undefined;
      }
    };
    this.relisting = run();
    return this.relisting;
  }

  private async listOnce(signal: AbortSignal): Promise<void> {
    this.listing = true;
    this.buffered = [];
    try {
      const body = await this.options.transport.json({ method: 'GET', path: this.options.path, what: `Could not list the ${this.options.what}` }, signal);
      const list = readItems(this.options.schema, body, `Could not read the ${this.options.what}`, this.options.maxItems);
      if (list.skipped.count > 0) this.options.log.warn(`${countText(list.skipped.count)} of the ${this.options.what} could not be read: ${list.skipped.reasons.join('; ')}`);
      this.overCap = list.sent !== undefined ? list.sent - list.items.length - list.skipped.count : 0;
      this.lists++;
      let changed = !this.synced || list.items.length !== this.items.size;
      const next = new Map(list.items.map((i) => [i.metadata.name, i]));
      for (const [name, item] of next) if (this.items.get(name)?.metadata.resourceVersion !== item.metadata.resourceVersion || item.metadata.resourceVersion === undefined) changed = true;
      this.items.clear();
      for (const [k, v] of next) this.items.set(k, v);
      for (const b of this.buffered) if (this.apply(b.type, b.item, true)) changed = true;
      this.synced = true;
      if (changed) this.options.onChange();
    } finally {
      this.listing = false;
      this.buffered = [];
    }
  }

  /** Count an event left out; log the first few one by one, then only the count at 10, 100, 1,000... */
  private leftOut(which: 'unreadable' | 'wrongKind', why: string): void {
    const n = which === 'unreadable' ? ++this.unreadableEvents : ++this.wrongKindEvents;
    const label = which === 'unreadable' ? 'could not be read' : 'were of another kind';
    if (n <= LOGGED_EVENTS) this.options.log.warn(`A watch event of the ${this.options.what} ${which === 'unreadable' ? 'could not be read' : 'is of another kind'} (${why}); left out.`);
    else if (isPowerOfTen(n)) this.options.log.warn(`${countText(n)} watch events of the ${this.options.what} ${label} so far; left out (the first ${LOGGED_EVENTS} are logged above).`);
    else return;
    this.logged[which] = n;
  }

  /** The counts not logged yet, once (when a stream ends, and at stop). */
  private logTotals(): void {
    for (const which of ['unreadable', 'wrongKind'] as const) {
      const n = which === 'unreadable' ? this.unreadableEvents : this.wrongKindEvents;
      if (n <= this.logged[which]) continue;
      this.options.log.warn(`${countText(n)} watch events of the ${this.options.what} ${which === 'unreadable' ? 'could not be read' : 'were of another kind'} in all; left out.`);
      this.logged[which] = n;
    }
  }

  private onEvent(data: string, signal: AbortSignal): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.leftOut('unreadable', 'not JSON');
      return;
    }
    const ev = watchEvent.safeParse(parsed);
    if (!ev.success) {
      this.leftOut('unreadable', formatIssues(ev.error.issues, { max: 1 }));
      return;
    }
    if (ev.data.type === 'ERROR') {
      // Kubernetes sends a Status here, e.g. 410 Gone when the resourceVersion the stream follows has expired: the
      // copy can no longer be kept by events alone, so it is listed again.
      this.errorEvents++;
      if (this.errorEvents <= LOGGED_EVENTS || isPowerOfTen(this.errorEvents))
        this.options.log.warn(`The watch of the ${this.options.what} reported an error (${statusText(ev.data.object)}); listing them again.`);
      this.synced = false;
      void this.relist(signal).catch((e: unknown) => {
        if (!signal.aborted) this.options.log.warn(isBackendError(e) ? e.message : String(e));
      });
      return;
    }
    const kind = ev.data.object !== null && typeof ev.data.object === 'object' ? (ev.data.object as { kind?: unknown }).kind : undefined;
    if (typeof kind === 'string' && kind !== this.options.kind) {
      this.leftOut('wrongKind', `a ${kind.slice(0, 60)} where a ${this.options.kind} was expected`);
      return;
    }
    const item = this.options.schema.safeParse(ev.data.object);
    if (!item.success) {
      this.leftOut('unreadable', formatIssues(item.error.issues, { root: 'object', max: 1 }));
      return;
    }
    if (this.listing) {
      this.buffered.push({ type: ev.data.type, item: item.data });
      return;
    }
    if (this.apply(ev.data.type, item.data, false)) this.options.onChange();
  }

  /** Apply one event; true when the copy changed. After a list, only events newer than it count. */
  private apply(type: string, item: T, afterList: boolean): boolean {
    const name = item.metadata.name;
    const held = this.items.get(name);
    if (type === 'DELETED') return this.items.delete(name);
    if (type !== 'ADDED' && type !== 'MODIFIED') return false;
    if (held && held.metadata.resourceVersion !== undefined && held.metadata.resourceVersion === item.metadata.resourceVersion) return false;
    if (afterList && held && !newer(item.metadata.resourceVersion, held.metadata.resourceVersion)) return false;
    if (!held && this.options.maxItems !== undefined && this.items.size >= this.options.maxItems) {
      this.overCap++;
      return false;
    }
    this.items.set(name, item);
    return true;
  }
}

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
import { BackendError, isBackendError } from '../types';
import { readItems, watchEvent } from './schemas';
import { type KargoTransport, sleep } from './transport';

interface Named {
  metadata: { name: string; resourceVersion?: string };
}

export interface WatchOptions<T extends Named> {
  transport: KargoTransport;
  log: Logger;
  /** Path of the list under `/v1beta1`, e.g. `/projects/p/stages`. */
  path: string;
  schema: z.ZodType<T>;
  /** `Stages of kargo-demo`: for messages. */
  what: string;
  /** Called after the copy changed. */
  onChange: () => void;
  /** Backoff between rounds without a working stream (default 1 s doubling to 60 s). */
  backoff?: { baseMs?: number; maxMs?: number };
}

export type WatchMode = 'starting' | 'stream' | 'poll' | 'stopped';

/** resourceVersion a is newer than b; opaque (non-numeric) versions count as newer, so a change is not dropped. */
function newer(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return BigInt(a) > BigInt(b);
  return a !== b;
}

export class ResourceWatch<T extends Named> {
  private readonly items = new Map<string, T>();
  private readonly controller = new AbortController();
  private synced = false;
  private listing = false;
  private buffered: { type: string; item: T }[] = [];
  private failures = 0;
  private loop: Promise<void> | undefined;
  /** How the copy is kept now: through the stream, or by polling after the stream failed. */
  mode: WatchMode = 'starting';
  /** Lists made (the first, each reconnection, each poll). */
  lists = 0;
  /** Stream connections opened. */
  connections = 0;
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
  }

  private backoffMs(): number {
    const base = this.options.backoff?.baseMs ?? 1_000;
    const max = this.options.backoff?.maxMs ?? 60_000;
    return Math.min(max, base * 2 ** Math.max(0, this.failures - 1));
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    while (!signal.aborted) {
      let listed: Promise<void> | undefined;
      let heard = false;
      try {
        await this.options.transport.stream(
          { path: this.options.path, what: `Could not watch the ${this.options.what}` },
          () => {
            this.connections++;
            this.mode = 'stream';
            listed = this.relist(signal);
          },
          (e) => {
            heard = true;
            this.onEvent(e.data);
          },
          signal,
        );
        await listed;
        // The server ended the stream: list and connect again, at once when it had been working.
        this.synced = false;
        if (heard) this.failures = 0;
        else {
          this.failures++;
          await sleep(this.backoffMs(), signal).catch(() => undefined);
        }
      } catch (e) {
        await listed?.catch(() => undefined);
        if (signal.aborted) break;
        this.failures++;
        this.synced = false;
        this.lastError = isBackendError(e) ? e : new BackendError('network', String(e));
        this.mode = 'poll';
        this.options.log.warn(`${this.lastError.message}; polling every ${Math.round(this.backoffMs() / 1000)} s until the stream works again`);
        // Poll: the list keeps the copy right while there is no stream.
        await this.relist(signal).catch((le: unknown) => {
          if (!signal.aborted) this.options.log.warn(isBackendError(le) ? le.message : String(le));
        });
        await sleep(this.backoffMs(), signal).catch(() => undefined);
      }
    }
  }

  private async relist(signal: AbortSignal): Promise<void> {
    this.listing = true;
    this.buffered = [];
    try {
      const body = await this.options.transport.json({ method: 'GET', path: this.options.path, what: `Could not list the ${this.options.what}` }, signal);
      const list = readItems(this.options.schema, body, `Could not read the ${this.options.what}`);
      if (list.skipped.count > 0) this.options.log.warn(`${list.skipped.count} of the ${this.options.what} could not be read: ${list.skipped.reasons.join('; ')}`);
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

  private onEvent(data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.options.log.warn(`A watch event of the ${this.options.what} is not JSON; ignored.`);
      return;
    }
    const ev = watchEvent.safeParse(parsed);
    const item = ev.success ? this.options.schema.safeParse(ev.data.object) : undefined;
    if (!ev.success || !item?.success) {
      this.options.log.warn(`A watch event of the ${this.options.what} could not be read; ignored.`);
      return;
    }
    this.failures = 0;
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
    this.items.set(name, item);
    return true;
  }
}

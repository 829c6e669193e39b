// Drives the store's background refresh on the schedule of ./schedule: one timer at a time, paused while the window
// is unfocused, re-armed after every refresh (success or failure), kicked on demand. Timers are injectable so the
// behaviour is unit-tested without waiting.

import { FollowUpRunner } from '../../core/followUp';
import { delayOnFocus, nextPollDelay, type PollInput } from './schedule';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Never keep a process alive just for polling.
    (t as { unref?: () => void }).unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface PollerSource {
  /** Run one refresh; must not throw. */
  refresh(): Promise<void>;
  /** The schedule inputs other than focus. */
  input(): Omit<PollInput, 'focused'>;
  lastRefreshAt(): number | undefined;
}

export class Poller {
  private handle: unknown;
  private focused = true;
  private running = false;
  private readonly refresher = new FollowUpRunner(() => this.refreshOnce());
  private disposed = false;
  /** When the armed timer fires (for tests and the log). */
  dueAt: number | undefined;

  constructor(
    private readonly source: PollerSource,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Start polling (an immediate first refresh). */
  start(delayMs = 0): void {
    this.arm(delayMs);
  }

  get isFocused(): boolean {
    return this.focused;
  }

  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    if (!focused) {
      this.disarm();
      return;
    }
    if (this.running) return;
    const input = { ...this.source.input(), focused: true };
    this.arm(delayOnFocus(this.source.lastRefreshAt(), this.timers.now(), input));
  }

  /**
   * Refresh now (on demand, HEAD moved, settings changed) and re-arm afterwards. A kick during a running refresh
   * waits for it and then refreshes once more (data as of the kick); kicks arriving meanwhile share that follow-up.
   */
  kick(): Promise<void> {
    this.disarm();
    return this.disposed ? Promise.resolve() : this.refresher.run();
  }

  private disarm(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.dueAt = undefined;
  }

  private arm(ms: number): void {
    this.disarm();
    if (this.disposed) return;
    this.dueAt = this.timers.now() + ms;
    this.handle = this.timers.setTimeout(() => {
      this.handle = undefined;
      this.dueAt = undefined;
      void this.tick();
    }, ms);
  }

  /** Run one refresh; a call while one runs joins it (so "refresh now" never returns before fresh data). */
  private tick(): Promise<void> {
    return this.disposed ? Promise.resolve() : this.refresher.join();
  }

  private async refreshOnce(): Promise<void> {
    if (this.disposed) return;
    this.running = true;
    try {
      await this.source.refresh();
    } finally {
      this.running = false;
    }
    this.rearm();
  }

  /** Arm the next poll according to the schedule (nothing while unfocused). */
  rearm(): void {
    if (this.disposed || this.running) return;
    const delay = nextPollDelay({ ...this.source.input(), focused: this.focused });
    if (delay === undefined) this.disarm();
    else this.arm(delay);
  }

  dispose(): void {
    this.disposed = true;
    this.disarm();
  }
}

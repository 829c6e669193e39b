import assert from 'node:assert/strict';
import { nextPollDelay, delayOnFocus, MAX_BACKOFF_MS, MIN_POLL_MS } from '../../../src/vscode/pure/schedule';
import { Poller, type Timers } from '../../../src/vscode/pure/poller';

const base = { anyActive: false, focused: true, consecutiveErrors: 0, activeSeconds: 5, idleSeconds: 60, updates: 'poll' as const };

describe('nextPollDelay', () => {
  it('polls fast while something runs and slowly otherwise', () => {
    assert.equal(nextPollDelay({ ...base, anyActive: true }), 5_000);
    assert.equal(nextPollDelay(base), 60_000);
  });
  it('pauses while the window is unfocused', () => {
    assert.equal(nextPollDelay({ ...base, focused: false }), undefined);
  });
  it('backs off exponentially on errors, capped', () => {
    assert.equal(nextPollDelay({ ...base, anyActive: true, consecutiveErrors: 1 }), 10_000);
    assert.equal(nextPollDelay({ ...base, anyActive: true, consecutiveErrors: 3 }), 40_000);
    assert.equal(nextPollDelay({ ...base, consecutiveErrors: 50 }), MAX_BACKOFF_MS);
  });
  it('honours retry-after and a floor against silly settings', () => {
    assert.equal(nextPollDelay({ ...base, anyActive: true, retryAfterMs: 30_000 }), 30_000);
    assert.equal(nextPollDelay({ ...base, anyActive: true, activeSeconds: 0 }), MIN_POLL_MS);
  });
  it('sets the pace from the backend\'s update mode', () => {
    // Unchanged answers are free: the short interval, running or not.
    assert.equal(nextPollDelay({ ...base, updates: 'conditional-poll' }), 5_000);
    // The backend pushes its changes: only the slow safety-net poll, even while something runs.
    assert.equal(nextPollDelay({ ...base, updates: 'stream', anyActive: true }), 60_000);
    assert.equal(nextPollDelay({ ...base, updates: 'poll', anyActive: true }), 5_000);
  });
  it('on focus polls at once when data is old, else waits the rest', () => {
    assert.equal(delayOnFocus(0, 120_000, base), 0);
    assert.equal(delayOnFocus(100_000, 120_000, base), 40_000);
  });
});

class FakeTimers implements Timers {
  t = 0;
  private seq = 0;
  pending = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.pending.delete(h as number);
  }
  now(): number {
    return this.t;
  }
  /** Advance to the next timer and run it; returns its delay from the previous time. */
  async fireNext(): Promise<number> {
    const next = [...this.pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
    if (!next) throw new Error('no timer armed');
    this.pending.delete(next[0]);
    const d = next[1].at - this.t;
    this.t = next[1].at;
    next[1].fn();
    await new Promise((r) => setImmediate(r));
    return d;
  }
}

describe('Poller', () => {
  function setup() {
    const timers = new FakeTimers();
    const state = { active: true, errors: 0, refreshes: 0, last: undefined as number | undefined };
    const poller = new Poller(
      {
        refresh: async () => {
          state.refreshes++;
          state.last = timers.now();
        },
        input: () => ({ anyActive: state.active, consecutiveErrors: state.errors, activeSeconds: 5, idleSeconds: 60, updates: 'poll' as const }),
        lastRefreshAt: () => state.last,
      },
      timers,
    );
    return { timers, state, poller };
  }

  it('refreshes at once, then on the active interval, then slowly when idle', async () => {
    const { timers, state, poller } = setup();
    poller.start();
    assert.equal(await timers.fireNext(), 0);
    assert.equal(state.refreshes, 1);
    assert.equal(await timers.fireNext(), 5_000);
    state.active = false;
    assert.equal(await timers.fireNext(), 5_000);
    assert.equal(await timers.fireNext(), 60_000);
    assert.equal(state.refreshes, 4);
    poller.dispose();
    assert.equal(timers.pending.size, 0);
  });

  it('stops while unfocused and resumes on focus', async () => {
    const { timers, state, poller } = setup();
    poller.start();
    await timers.fireNext();
    poller.setFocused(false);
    assert.equal(timers.pending.size, 0);
    timers.t += 60_000;
    poller.setFocused(true);
    assert.equal(await timers.fireNext(), 0, 'stale data: refresh at once');
    assert.equal(state.refreshes, 2);
    poller.dispose();
  });

  it('a kick during a running refresh waits for it and refreshes once more (shared by concurrent kicks)', async () => {
    const timers = new FakeTimers();
    let release!: () => void;
    let refreshes = 0;
    const poller = new Poller(
      {
        refresh: () => {
          refreshes++;
          return new Promise<void>((r) => (release = r));
        },
        input: () => ({ anyActive: false, consecutiveErrors: 0, activeSeconds: 5, idleSeconds: 60, updates: 'poll' as const }),
        lastRefreshAt: () => undefined,
      },
      timers,
    );
    const first = poller.kick();
    let joined = false;
    const second = poller.kick().then(() => (joined = true));
    const third = poller.kick();
    await new Promise((r) => setImmediate(r));
    assert.equal(joined, false, 'still waiting for the running refresh');
    release();
    await first;
    await new Promise((r) => setImmediate(r));
    assert.equal(refreshes, 2, 'one follow-up refresh for both waiting kicks');
    assert.equal(joined, false);
    release();
    await Promise.all([second, third]);
    assert.equal(refreshes, 2);
    assert.equal(timers.pending.size, 1);
    poller.dispose();
  });

  it('kick refreshes on demand and re-arms a single timer', async () => {
    const { timers, state, poller } = setup();
    poller.start(1_000);
    await poller.kick();
    assert.equal(state.refreshes, 1);
    assert.equal(timers.pending.size, 1);
    state.errors = 2;
    await poller.kick();
    assert.equal(poller.dueAt! - timers.now(), 20_000, 'backs off after errors');
    poller.dispose();
  });
});

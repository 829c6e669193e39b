// When to poll next. Pure, so the policy is unit-tested: short interval while a release is running, slow otherwise,
// paused while the window is unfocused, exponential back-off on consecutive errors (capped), and never faster than
// a floor so a bad setting cannot hammer the API. The backend's update mode sets the pace: a backend whose unchanged
// answers are free is asked at the short interval all the time; one that pushes its changes is polled only slowly,
// as a safety net.

import type { UpdateMode } from '../../backends/types';

export interface PollInput {
  /** Some release (or environment) is running / queued / pending / suspended. */
  anyActive: boolean;
  /** The VS Code window has focus. */
  focused: boolean;
  /** Failed refreshes in a row since the last success. */
  consecutiveErrors: number;
  activeSeconds: number;
  idleSeconds: number;
  /** Server asked us to wait (rate limit), in ms. */
  retryAfterMs?: number;
  /** How the backend learns about changes (its capabilities). */
  updates: UpdateMode;
}

export const MIN_POLL_MS = 2_000;
export const MAX_BACKOFF_MS = 15 * 60_000;

/** Delay in ms until the next poll, or undefined when polling is paused (window unfocused). */
export function nextPollDelay(input: PollInput): number | undefined {
  if (!input.focused) return undefined;
  const fast = input.updates === 'conditional-poll' || (input.updates === 'poll' && input.anyActive);
  const secs = fast ? input.activeSeconds : input.idleSeconds;
  const base = Math.max(MIN_POLL_MS, (Number.isFinite(secs) ? secs : 60) * 1000);
  let delay = base;
  if (input.consecutiveErrors > 0) {
    // 2^n times the base, capped; the exponent is capped too so the arithmetic stays sane.
    delay = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(input.consecutiveErrors, 10));
    delay = Math.max(delay, base);
  }
  if (input.retryAfterMs !== undefined && input.retryAfterMs > delay) delay = Math.min(input.retryAfterMs, MAX_BACKOFF_MS);
  return delay;
}

/** On regaining focus: poll at once when the data is older than the interval that applies, else wait the rest. */
export function delayOnFocus(lastRefreshAt: number | undefined, now: number, input: PollInput): number {
  const full = nextPollDelay({ ...input, focused: true }) ?? 0;
  if (lastRefreshAt === undefined) return 0;
  return Math.max(0, full - (now - lastRefreshAt));
}

// When to poll next. Pure, so the policy is unit-tested: short interval while a release is running, slow otherwise,
// paused while the window is unfocused, exponential back-off on consecutive errors (capped), and never faster than
// a floor so a bad setting cannot hammer the API.

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
}

export const MIN_POLL_MS = 2_000;
export const MAX_BACKOFF_MS = 15 * 60_000;

/** Delay in ms until the next poll, or undefined when polling is paused (window unfocused). */
export function nextPollDelay(input: PollInput): number | undefined {
  if (!input.focused) return undefined;
  const secs = input.anyActive ? input.activeSeconds : input.idleSeconds;
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

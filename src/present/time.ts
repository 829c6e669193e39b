// Relative times ("5 min ago") for tree descriptions, hovers and the "data is N min old" notice.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Human age of a duration in ms: `just now`, `42 s`, `5 min`, `3 h`, `2 d`, `7 mo`, `2 y`. */
export function formatDuration(ms: number): string {
  const a = Math.abs(ms);
  if (a < 45_000) return `${Math.max(1, Math.round(a / 1000))} s`;
  if (a < HOUR) return `${Math.round(a / MINUTE)} min`;
  if (a < DAY) return `${Math.round(a / HOUR)} h`;
  if (a < 30 * DAY) return `${Math.round(a / DAY)} d`;
  if (a < 365 * DAY) return `${Math.round(a / (30 * DAY))} mo`;
  return `${Math.round(a / (365 * DAY))} y`;
}

/**
 * Age of a past event: `5 min ago`, `just now`; `unknown time` for a missing or unparsable date. Every time shown
 * (created, deployed, committed) is of something that already happened, so a time in the future is clock skew
 * between the backend and this machine and reads as `just now`, not as a nonsensical `in 4 min`.
 */
export function relativeTime(iso: string | number | undefined, now: number = Date.now()): string {
  const t = typeof iso === 'number' ? iso : iso ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(t)) return 'unknown time';
  const diff = now - t;
  if (diff < 10_000) return 'just now';
  return `${formatDuration(diff)} ago`;
}

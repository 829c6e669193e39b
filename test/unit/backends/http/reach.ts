// What a caller can reach from an error: its message, stack, every own property and everything they hold (cause
// chains, details, response objects), walked breadth-first with a visited set and a bound, as one text to search.

export function reachableText(root: unknown, limit = 20_000): string {
  const seen = new Set<unknown>();
  const queue: unknown[] = [root];
  const out: string[] = [];
  while (queue.length > 0 && seen.size < limit) {
    const v = queue.shift();
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') {
      out.push(v);
      continue;
    }
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') continue;
    if (typeof v === 'function' || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      out.push(Buffer.from(v instanceof ArrayBuffer ? v : v.buffer).toString('utf8'));
      continue;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) queue.push(k, x);
      continue;
    }
    if (v instanceof Error) queue.push(v.message, v.stack, (v as { cause?: unknown }).cause);
    if (typeof v === 'object') for (const key of Object.getOwnPropertyNames(v)) queue.push(key, (v as Record<string, unknown>)[key]);
  }
  return out.join('\n');
}

// Shared by the transport tests: the BackendError a call ends with, and everything a caller can reach from an error
// (message, stack, every own property and what they hold: cause chains, details, response objects), walked
// breadth-first with a visited set and a bound, as one text to search for a secret.

import { strict as assert } from 'node:assert';
import { type BackendError, isBackendError } from '../../../../src/backends/types';

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

/** The BackendError a call fails with (by shape: errors may come from another bundle's copy of the class). */
export async function failure(p: Promise<unknown>): Promise<BackendError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isBackendError(e), `expected a BackendError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

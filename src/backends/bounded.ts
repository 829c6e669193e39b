// Bounds on work a server's answer can cause, shared by the backends: a list cut to what was asked (with a sentence
// for the user when the server sent more), and many requests run a few at a time.

/** Requests a backend sends at once when one refresh needs many of the same kind (runs, Stages of Projects). */
export const REQUEST_CONCURRENCY = 4;

/** `200,000`: a count for a sentence. */
export function countText(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * The first `max` items of a list the server sent, and, when it sent more, a sentence saying so pushed onto
 * `notices` (`GitHub sent 200,000 workflow runs where 100 were asked; only the first 100 are read.`).
 */
export function keepFirst<T>(items: readonly T[], max: number, notices: string[], sentence: (sent: string, kept: string) => string): readonly T[] {
  if (items.length <= max) return items;
  notices.push(sentence(countText(items.length), countText(max)));
  return items.slice(0, max);
}

/**
 * `fn` over every item, at most `concurrency` at a time, results in the order of the items. The first failure stops
 * new calls from starting; the calls already running are waited for, then the first failure is thrown.
 */
export async function mapBounded<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failed) throw failed.error;
  return results;
}

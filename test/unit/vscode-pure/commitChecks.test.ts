// The checks cache behind the hover and the Commit Deployments view: peeking never waits, wanting starts one fetch
// whose answer is told to listeners, a known answer stays shown while it is asked again, failures become messages,
// and a backend switch forgets everything.
import assert from 'node:assert/strict';
import { BackendError, type ReleaseBackend } from '../../../src/backends/types';
import type { CommitChecks } from '../../../src/core/checks';
import { silentLogger } from '../../../src/core/log';
import { CommitChecksCache } from '../../../src/vscode/pure/commitChecks';

const SHA = 'd'.repeat(40);

/** A backend whose commitChecks calls wait until the test settles them. */
function scripted() {
  const calls: { product: string; sha: string; resolve: (c: CommitChecks) => void; reject: (e: unknown) => void; signal?: AbortSignal }[] = [];
  const backend = {
    id: 'github-demo',
    commitChecks: (product: string, sha: string, signal?: AbortSignal) =>
      new Promise<CommitChecks>((resolve, reject) => {
        calls.push({ product, sha, resolve, reject, signal });
      }),
  } as unknown as ReleaseBackend; // Only commitChecks is called by the cache.
  return { backend, calls };
}

const answer = (n: number): CommitChecks => ({
  sha: SHA,
  checks: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, kind: 'status' as const, status: { kind: 'succeeded' as const, raw: 'SUCCESS' } })),
  complete: true,
  otherChecks: 0,
});
const settle = () => new Promise((r) => setImmediate(r));

describe('CommitChecksCache', () => {
  it('peek never waits; want starts one fetch and tells listeners when it is in', async () => {
    const { backend, calls } = scripted();
    let now = 0;
    const cache = new CommitChecksCache({ backend: () => backend, generation: () => 1 }, silentLogger, { now: () => now });
    let told = 0;
    cache.onDidChange(() => told++);
    assert.equal(cache.available, true);
    assert.equal(cache.peek('shop', SHA), undefined);
    cache.want('shop', SHA);
    cache.want('shop', SHA);
    assert.equal(calls.length, 1, 'one fetch for two wants');
    assert.deepEqual(cache.peek('shop', SHA), { state: 'loading' });
    calls[0]!.resolve(answer(2));
    await settle();
    assert.equal(told, 1);
    assert.deepEqual(cache.peek('shop', SHA), { state: 'ready', checks: answer(2) });
    now += 5_000;
    cache.want('shop', SHA);
    assert.equal(calls.length, 1, 'a fresh answer is not asked again');
    now += 15_000;
    cache.want('shop', SHA);
    assert.equal(calls.length, 2, 'an older one is');
    assert.deepEqual(cache.peek('shop', SHA), { state: 'ready', checks: answer(2) }, 'and stays shown meanwhile');
    calls[1]!.reject(new BackendError('http', 'Could not read the checks of commit ddddddd in o/r: HTTP 502'));
    await settle();
    assert.deepEqual(cache.peek('shop', SHA), { state: 'failed', message: 'Could not read the checks of commit ddddddd in o/r: HTTP 502' });
    assert.equal(told, 2);
  });

  it('a backend switch forgets the answers and cancels what was asked of the old backend', async () => {
    const { backend, calls } = scripted();
    let gen = 1;
    const cache = new CommitChecksCache({ backend: () => backend, generation: () => gen }, silentLogger);
    cache.want('shop', SHA);
    calls[0]!.resolve(answer(1));
    await settle();
    cache.want('shop', 'e'.repeat(40));
    gen = 2;
    assert.equal(cache.peek('shop', SHA), undefined);
    assert.equal(calls[1]!.signal?.aborted, true);
    calls[1]!.resolve(answer(3));
    await settle();
    assert.equal(cache.peek('shop', 'e'.repeat(40)), undefined, 'the old backend\'s late answer is dropped');
  });

  it('is unavailable, and asks nothing, for a backend without checks', () => {
    const backend = { id: 'codefresh' } as unknown as ReleaseBackend; // A backend without the optional method.
    const cache = new CommitChecksCache({ backend: () => backend, generation: () => 1 }, silentLogger);
    assert.equal(cache.available, false);
    cache.want('shop', SHA);
    assert.equal(cache.peek('shop', SHA), undefined);
    assert.equal(new CommitChecksCache({ backend: () => undefined, generation: () => 0 }, silentLogger).available, false);
  });
});

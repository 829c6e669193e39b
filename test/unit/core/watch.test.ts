import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CommitDeployments, DeploymentState, EnvironmentDeployment } from '../../../src/core/deployment';
import { stepWatch, watchEventText, type Watch, type WatchInput } from '../../../src/core/watch';
import { EventClaims } from '../../../src/resolve/eventClaims';

const SHA = 'c'.repeat(40);
const kinds: Record<string, string> = { dev: 'NON_PROD', staging: 'NON_PROD', prod: 'PROD', 'prod-eu': 'PROD' };
const input: WatchInput = {
  environmentKind: (_p, e) => kinds[e],
  failingStep: (id, env) => (id === 'r2' && env === 'prod' ? { environment: 'prod', phase: 'pre', workflowTemplate: 'smoke-tests', stepName: 'run-smoke', kind: 'failed' } : undefined),
};

function env(environment: string, state: DeploymentState, releaseId = 'r1', raw = 'SUCCEEDED'): EnvironmentDeployment {
  const kind = raw === 'FAILED' ? 'failed' : raw === 'TERMINATED' ? 'terminated' : 'succeeded';
  const status = { kind, raw } as const;
  return { environment, state, release: { id: releaseId, productName: 'shop', version: '1.2.0', createdAt: '2026-01-01T00:00:00Z', environmentStatus: status, releaseStatus: status } };
}
const answer = (...envs: EnvironmentDeployment[]): CommitDeployments => ({ sha: SHA, products: [{ product: 'shop', environments: envs }] });
const watch = (target: Watch['target']): Watch => ({ sha: SHA, root: '/repo', target, createdAt: 0, reached: [] });

describe('core/watch', () => {
  it('tells when the commit reaches the environment, and then ends', () => {
    let w = watch({ kind: 'environment', product: 'shop', environment: 'staging' });
    let s = stepWatch(w, answer(env('dev', 'deployed'), env('staging', 'on-its-way', 'r1', 'RUNNING'), env('prod', 'not-yet')), input);
    assert.deepEqual(s.events, []);
    assert.equal(s.done, false);
    w = s.watch;
    s = stepWatch(w, answer(env('dev', 'deployed'), env('staging', 'deployed'), env('prod', 'not-yet')), input);
    assert.deepEqual(s.events.map((e) => [e.kind, e.environment, e.releaseId]), [['reached', 'staging', 'r1']]);
    assert.equal(s.done, true);
    assert.equal(watchEventText(s.events[0]!, 'Add basket'), 'Commit ccccccc "Add basket" reached staging of shop with release 1.2.0 (r1).');
  });

  it('for every production environment, ends only when all of them are reached', () => {
    let s = stepWatch(watch({ kind: 'prod' }), answer(env('dev', 'deployed'), env('prod', 'deployed'), env('prod-eu', 'on-its-way', 'r1', 'RUNNING')), input);
    assert.deepEqual(s.events.map((e) => e.environment), ['prod']);
    assert.deepEqual(s.targets, ['shop/prod', 'shop/prod-eu']);
    assert.equal(s.done, false);
    s = stepWatch(s.watch, answer(env('dev', 'deployed'), env('prod', 'deployed'), env('prod-eu', 'deployed')), input);
    assert.deepEqual(s.events.map((e) => e.environment), ['prod-eu'], 'prod is not reported again');
    assert.equal(s.done, true);
    // No production environment known: waiting, never "done" on nothing.
    assert.equal(stepWatch(watch({ kind: 'prod' }), answer(env('dev', 'deployed')), input).done, false);
  });

  it('tells when a release carrying it fails or is terminated there, with the failing step', () => {
    const s = stepWatch(watch({ kind: 'prod' }), answer(env('prod', 'blocked', 'r2', 'FAILED'), env('prod-eu', 'blocked', 'r3', 'TERMINATED')), input);
    assert.deepEqual(s.events.map((e) => [e.kind, e.environment, e.status, e.failingStep]), [
      ['failed', 'prod', 'FAILED', 'step "run-smoke" of the pre-action workflow smoke-tests'],
      ['failed', 'prod-eu', 'TERMINATED', undefined],
    ]);
    assert.equal(s.done, false);
    assert.equal(watchEventText(s.events[0]!), 'Commit ccccccc: release 1.2.0 (r2), which carries it, stopped in prod of shop: failed (failing: step "run-smoke" of the pre-action workflow smoke-tests).');
    assert.equal(watchEventText(s.events[1]!), 'Commit ccccccc: release 1.2.0 (r3), which carries it, stopped in prod-eu of shop: terminated.');
    // A new release that fails again is a new event; the same failure seen again is the same one.
    const again = stepWatch(s.watch, answer(env('prod', 'blocked', 'r2', 'FAILED')), input);
    assert.equal(again.events[0]!.key, s.events[0]!.key);
    const next = stepWatch(s.watch, answer(env('prod', 'blocked', 'r4', 'FAILED')), input);
    assert.notEqual(next.events[0]!.key, s.events[0]!.key);
  });

  it('after a restart (the watch read back from storage) does not report what it had reached', () => {
    const first = stepWatch(watch({ kind: 'prod' }), answer(env('prod', 'deployed'), env('prod-eu', 'not-yet')), input);
    const restored = JSON.parse(JSON.stringify(first.watch)) as Watch;
    const s = stepWatch(restored, answer(env('prod', 'deployed'), env('prod-eu', 'deployed')), input);
    assert.deepEqual(s.events.map((e) => e.environment), ['prod-eu']);
    assert.equal(s.done, true);
    // An answer for another commit, or one that cannot be known, changes nothing.
    assert.deepEqual(stepWatch(restored, { sha: SHA, products: [], unknown: { reason: 'shallow-clone', detail: 'shallow' } }, input).events, []);
    assert.deepEqual(stepWatch(restored, undefined, input).events, []);
  });

  describe('duplicate suppression', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'claims-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('an event is told once, even by two windows seeing it at the same moment, and old claims are swept', async () => {
      const ev = stepWatch(watch({ kind: 'prod' }), answer(env('prod', 'deployed')), input).events[0]!;
      const windowA = new EventClaims(dir);
      const windowB = new EventClaims(dir);
      const results = await Promise.all([windowA.claim(ev.key), windowB.claim(ev.key), windowA.claim(ev.key)]);
      assert.deepEqual(results.filter(Boolean).length, 1);
      assert.equal(await new EventClaims(dir).claim(ev.key), false, 'after a restart too');
      assert.equal(await windowA.claim(`${ev.key}x`), true);
      assert.equal(await new EventClaims(dir, () => Date.now() + 40 * 24 * 3_600_000).sweep(), 2);
      assert.equal(await windowA.claim(ev.key), true);
    });
  });
});

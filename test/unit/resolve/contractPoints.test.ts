// The points of the written contract (the header of src/resolve/where.ts and the README's paragraph) that a careful
// reader could take two ways, each with the sentence that settles it and a test of it.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { EnvironmentDeployment } from '../../../src/core/deployment';
import type { ReleaseSummary } from '../../../src/core/model';
import { CommitGraph } from '../../../src/git/graph';
import { createResolver } from '../../../src/resolve/where';
import { buildRepo, tempDir } from '../../fixtures/repos/fastImport';
import { at, product, release, snapshot } from './releases';

const MISSING = 'f'.repeat(40);

describe('resolve/where: the contract, point by point', function () {
  this.timeout(20_000);
  let dir: string;
  let sha: Record<string, string>;
  let graph: CommitGraph;
  before(async () => {
    dir = tempDir('where-contract');
    // c0 ← c1 ← c2; `late` descends from c2 but is dated a year after every release (a rebased or back-dated commit).
    const t = Date.parse('2025-05-01T00:00:00Z') / 1000;
    sha = buildRepo(
      dir,
      [
        { label: 'c0', files: { 'a.txt': '0\n' }, time: t },
        { label: 'c1', parents: ['c0'], files: { 'a.txt': '1\n' }, time: t + 60 },
        { label: 'c2', parents: ['c1'], files: { 'a.txt': '2\n' }, time: t + 120 },
        { label: 'late', parents: ['c2'], files: { 'b.txt': 'late\n' }, time: t + 400 * 86_400 },
        { label: 'later', parents: ['late'], files: { 'b.txt': 'later\n' }, time: t + 401 * 86_400 },
      ],
      { branches: { main: 'later' } },
    );
    graph = await CommitGraph.load(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const prodOf = (c: string, releases: ReleaseSummary[]): EnvironmentDeployment => {
    const d = createResolver([snapshot(product('shop', ['prod']), releases)], graph).where(c);
    return d.products[0]!.environments[0]!;
  };

  it('only a release that succeeded without the commit ends the run that dates "since"; a failed or running one does not', () => {
    const failedBetween = prodOf(sha.c1!, [
      release('shop', 'r4', 40, sha.c0, { prod: 'RUNNING' }, { status: 'RUNNING' }),
      release('shop', 'r3', 30, sha.c2, { prod: 'SUCCEEDED' }),
      release('shop', 'r2', 20, sha.c0, { prod: 'FAILED' }, { status: 'FAILED' }),
      release('shop', 'r1', 10, sha.c1, { prod: 'SUCCEEDED' }),
    ]);
    assert.equal(failedBetween.state, 'deployed');
    assert.equal(failedBetween.release?.id, 'r3');
    assert.equal(failedBetween.firstRelease?.id, 'r1');
    const rolledBackBetween = prodOf(sha.c1!, [
      release('shop', 'r3', 30, sha.c2, { prod: 'SUCCEEDED' }),
      release('shop', 'r2', 20, sha.c0, { prod: 'SUCCEEDED' }),
      release('shop', 'r1', 10, sha.c1, { prod: 'SUCCEEDED' }),
    ]);
    assert.equal(rolledBackBetween.firstRelease?.id, 'r3');
  });

  it('"since" is the step\'s updatedAt, else its startedAt, else the release\'s updatedAt, else its createdAt', () => {
    const r = release('shop', 'r1', 10, sha.c1, { prod: 'SUCCEEDED' });
    assert.equal(prodOf(sha.c1!, [r]).since, at(14));
    const noUpdate = { ...r, environments: r.environments.map(({ updatedAt: _u, ...e }) => e) };
    assert.equal(prodOf(sha.c1!, [noUpdate]).since, at(10));
    const noStepTimes = { ...r, environments: r.environments.map(({ updatedAt: _u, startedAt: _s, ...e }) => e) };
    assert.equal(prodOf(sha.c1!, [noStepTimes]).since, at(40));
    const { updatedAt: _ru, ...bare } = noStepTimes;
    assert.equal(prodOf(sha.c1!, [bare]).since, at(10));
  });

  it('in a release that failed, a step that started (running, suspended) is on its way; one that never started is blocked', () => {
    const live = release('shop', 'r1', 10, sha.c0, { prod: 'SUCCEEDED' });
    for (const [status, state] of [['RUNNING', 'on-its-way'], ['SUSPENDED', 'on-its-way'], ['PENDING', 'blocked'], ['QUEUED', 'blocked']] as const) {
      const e = prodOf(sha.c1!, [release('shop', 'r2', 20, sha.c1, { prod: status }, { status: 'FAILED' }), live]);
      assert.equal(e.state, state, status);
      assert.equal(e.release?.id, 'r2');
    }
  });

  it('rung 5 names the newest of the older releases that had the commit and failed', () => {
    const e = prodOf(sha.c1!, [
      release('shop', 'r3', 30, sha.c0, { prod: 'SUCCEEDED' }),
      release('shop', 'r2', 20, sha.c1, { prod: 'FAILED' }, { status: 'FAILED' }),
      release('shop', 'r1', 10, sha.c2, { prod: 'FAILED' }, { status: 'FAILED' }),
    ]);
    assert.equal(e.state, 'blocked');
    assert.equal(e.release?.id, 'r2');
  });

  it('an unknown answer names the live release when that is the one in doubt, else the newest in doubt of the first rung in doubt', () => {
    const liveInDoubt = prodOf(sha.c1!, [release('shop', 'r2', 20, MISSING, { prod: 'SUCCEEDED' }), release('shop', 'r1', 10, sha.c1, { prod: 'SUCCEEDED' })]);
    assert.equal(liveInDoubt.state, 'unknown');
    assert.equal(liveInDoubt.release?.id, 'r2');
    const e = prodOf(sha.c1!, [
      release('shop', 'r4', 40, MISSING, { prod: 'FAILED' }, { status: 'FAILED' }),
      release('shop', 'r3', 30, MISSING, { prod: 'RUNNING' }, { status: 'RUNNING' }),
      release('shop', 'r2', 20, MISSING, { prod: 'RUNNING' }, { status: 'RUNNING' }),
      release('shop', 'r1', 10, sha.c0, { prod: 'SUCCEEDED' }),
    ]);
    // On its way is asked before blocked: of the releases that might be on their way, the newest is named.
    assert.equal(e.state, 'unknown');
    assert.equal(e.release?.id, 'r3');
  });

  it('a release the date rule passes over is known not to carry the commit, so it is not listed as ignored', () => {
    // `late` is dated a year after r1 was made; r1's commit is missing here, so only the date rule can rule it out.
    const e = prodOf(sha.late!, [release('shop', 'r1', 10, MISSING, { prod: 'SUCCEEDED' })]);
    assert.equal(e.state, 'not-yet');
    assert.equal(e.ignored, undefined);
  });

  it('the date rule applies only where containment cannot be known: a present commit descending from it decides', () => {
    // r1 was made a year before `late` is dated, but its commit `later` descends from `late`: Git says it carries it.
    const e = prodOf(sha.late!, [release('shop', 'r1', 10, sha.later, { prod: 'SUCCEEDED' })]);
    assert.equal(e.state, 'deployed');
    assert.equal(e.release?.id, 'r1');
  });
});

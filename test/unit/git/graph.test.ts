import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CommitGraph } from '../../../src/git/graph';
import type { AncestryOracle } from '../../../src/core/deployment';
import type { ProductReleases } from '../../../src/core/model';
import { createResolver } from '../../../src/resolve/where';
import { buildRepo, gitSync, tempDir } from '../../fixtures/repos/fastImport';
import { product, release, snapshot } from '../resolve/releases';

/** One question, one resolver. */
const whereDeployed = (sha: string, data: readonly ProductReleases[], graph: AncestryOracle) => createResolver(data, graph).where(sha);

const linear = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ label: `c${i}`, parents: i ? [`c${i - 1}`] : [], files: { 'a.txt': `${i}\n` } }));

describe('git/graph', function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  const mk = (p: string) => {
    const d = tempDir(p);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('answers ancestry in memory with generation numbers, both ways, including equality', async () => {
    const dir = mk('graph-lin');
    const sha = buildRepo(dir, linear(5));
    const g = await CommitGraph.load(dir);
    assert.equal(g.size, 5);
    assert.equal(g.shallow, false);
    assert.equal(g.generation(sha.c0!), 1);
    assert.equal(g.generation(sha.c4!), 5);
    assert.equal(g.isAncestor(sha.c1!, sha.c4!), true);
    assert.equal(g.isAncestor(sha.c4!, sha.c1!), false);
    assert.equal(g.isAncestor(sha.c2!, sha.c2!), true);
    assert.equal(g.isAncestor(sha.c2!.toUpperCase(), sha.c3!), true);
    assert.equal(g.isAncestor('0'.repeat(40), sha.c3!), 'unknown');
    assert.deepEqual(g.parents(sha.c3!), [sha.c2]);
    // Committer dates come along (the fixture's default: 1,700,000,000 + index × 60).
    assert.equal(g.commitTime(sha.c3!), 1_700_000_000 + 3 * 60);
    assert.equal(g.commitTime('0'.repeat(40)), undefined);
  });

  it('loads a detached HEAD that no branch reaches', async () => {
    const dir = mk('graph-detached');
    const sha = buildRepo(dir, [...linear(3), { label: 'd1', parents: ['c1'], files: { 'd.txt': 'd\n' } }], {
      branches: { main: 'c2' },
      detach: 'd1',
    });
    assert.equal(gitSync(dir, ['rev-parse', 'HEAD']).trim(), sha.d1);
    const g = await CommitGraph.load(dir);
    assert.ok(g.has(sha.d1!));
    assert.equal(g.isAncestor(sha.c1!, sha.d1!), true);
    assert.equal(g.isAncestor(sha.c2!, sha.d1!), false);
  });

  it('loads release commits that no ref reaches, remembers missing ones, and updates incrementally', async () => {
    const dir = mk('graph-extra');
    const sha = buildRepo(dir, [...linear(3), { label: 'orphan', parents: ['c0'], files: { 'o.txt': 'o\n' } }], { branches: { main: 'c2' } });
    const g = await CommitGraph.load(dir);
    assert.equal(g.has(sha.orphan!), false);
    const missing = 'a'.repeat(40);
    assert.equal(await g.update([sha.orphan!, missing]), true);
    assert.ok(g.has(sha.orphan!));
    assert.ok(g.isMissing(missing));
    assert.equal(g.isAncestor(sha.c0!, sha.orphan!), true);
    const v = g.version;
    assert.equal(await g.update([missing]), false, 'a known-missing commit costs nothing');
    assert.equal(g.version, v);
    fs.writeFileSync(path.join(dir, 'a.txt'), 'next\n');
    gitSync(dir, ['commit', '-q', '-am', 'next']);
    const next = gitSync(dir, ['rev-parse', 'HEAD']).trim();
    assert.equal(await g.update(), true);
    assert.equal(g.size, 5);
    assert.equal(g.isAncestor(sha.c2!, next), true);
    assert.equal(g.generation(next), 4);
  });

  it('a shallow clone says unknown across the boundary, never a wrong no, and no where it is certain', async () => {
    const src = mk('graph-shallow-src');
    const sha = buildRepo(src, linear(10));
    const dst = path.join(mk('graph-shallow'), 'clone');
    gitSync(path.dirname(dst), ['clone', '-q', '--depth', '3', `file://${src}`, dst]);
    const g = await CommitGraph.load(dst);
    assert.equal(g.shallow, true);
    assert.equal(g.size, 3);
    assert.equal(g.has(sha.c5!), false);
    assert.equal(g.isAncestor(sha.c7!, sha.c9!), true);
    assert.equal(g.isAncestor(sha.c9!, sha.c7!), false, 'a descendant is never an ancestor, shallow or not');

    const envs = ['dev', 'prod'];
    const snap = [
      snapshot(product('shop', envs), [
        release('shop', 'r3', 30, sha.c9, { dev: 'SUCCEEDED', prod: 'RUNNING' }, { status: 'RUNNING' }),
        release('shop', 'r2', 20, sha.c7, { dev: 'SUCCEEDED', prod: 'SUCCEEDED' }),
        release('shop', 'r1', 10, sha.c5, { dev: 'SUCCEEDED', prod: 'SUCCEEDED' }),
      ]),
    ];
    const at8 = whereDeployed(sha.c8!, snap, g).products[0]!.environments;
    assert.deepEqual(at8.map((e) => `${e.state} ${e.release?.id}`), ['deployed r3', 'on-its-way r3']);
    const at7 = whereDeployed(sha.c7!, snap, g).products[0]!.environments;
    assert.deepEqual(at7.map((e) => `${e.state} ${e.release?.id} ${e.firstRelease?.id ?? '-'}`), [
      // r1's commit is beyond the shallow boundary: the first release is the oldest one known to carry c7.
      'deployed r3 r2',
      'deployed r2 r2',
    ]);
    // Release r1 alone: its commit is missing here, so whether c8 is in it cannot be known.
    const onlyOld = [snapshot(product('shop', envs), [snap[0]!.releases[2]!])];
    const e = whereDeployed(sha.c8!, onlyOld, g).products[0]!.environments[1]!;
    assert.equal(e.state, 'unknown');
    assert.equal(e.reason, 'shallow-clone');
  });

  it('shallow merges: ancestry that could pass through missing history is unknown', async () => {
    const src = mk('graph-shallow-merge-src');
    const sha = buildRepo(
      src,
      [
        { label: 'x0', files: { x: '0' } },
        { label: 'x1', parents: ['x0'], files: { x: '1' } },
        { label: 'x2', parents: ['x1'], files: { x: '2' } },
        { label: 's', parents: ['x0'], files: { s: 's' } },
        { label: 'm', parents: ['x2', 's'], files: { m: 'm' } },
      ],
      { branches: { main: 'm' } },
    );
    const dst = path.join(mk('graph-shallow-merge'), 'clone');
    gitSync(path.dirname(dst), ['clone', '-q', '--depth', '2', `file://${src}`, dst]);
    const g = await CommitGraph.load(dst);
    assert.equal(g.shallow, true);
    assert.ok(g.has(sha.s!) && g.has(sha.x2!));
    assert.equal(g.isAncestor(sha.s!, sha.m!), true);
    assert.equal(g.isAncestor(sha.s!, sha.x2!), 'unknown');
  });
});

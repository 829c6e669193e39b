// The resolver's fast path (per-environment lanes over the first-parent chain, src/resolve/where.ts) against its
// plain path, which asks every release of every environment: the same graph behind an oracle that only answers
// one question at a time takes the plain path. Every commit of a generated history, with releases on and off the
// main line, taken down, flagged live, waiting for a promotion or an approval, of statuses we do not know, naming no
// commit or a commit this clone does not have: every answer must be the same, field for field.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AncestryOracle } from '../../../src/core/deployment';
import type { ProductReleases, ReleaseSummary } from '../../../src/core/model';
import { CommitGraph } from '../../../src/git/graph';
import { createResolver } from '../../../src/resolve/where';
import { buildRepo, randomHistory, rng, tempDir } from '../../fixtures/repos/fastImport';
import { at, product, release, snapshot } from './releases';

const STATUSES = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'RUNNING', 'PENDING', 'QUEUED', 'SUSPENDED', 'FAILED', 'TERMINATED', 'SKIPPED', 'ROLLED_BACK_SOMEHOW'];

/** The graph's answers one question at a time (no batch questions): what the resolver's plain path is given. */
function oneAtATime(g: CommitGraph): AncestryOracle {
  return {
    has: (sha) => g.has(sha),
    isAncestor: (a, d) => g.isAncestor(a, d),
    commitTime: (sha) => g.commitTime(sha),
    get shallow() {
      return g.shallow;
    },
  };
}

function releases(all: string[], mainLine: Set<string>, seed: number): ProductReleases[] {
  const rand = rng(seed);
  const envs = ['dev', 'qa', 'staging', 'prod'];
  const onMain = all.filter((s) => mainLine.has(s));
  return ['shop', 'cart', 'ledger'].map((p) => {
    const list: ReleaseSummary[] = [];
    for (let i = 150; i >= 1; i--) {
      const r = rand();
      // cart's newest releases roll back to an old commit everywhere, and the newest two were taken down in prod.
      const rollback = p === 'cart' && i > 142;
      // Mostly main-line commits walking forward (the lanes), some from branches (read one by one), a few missing.
      const pool = r < 0.7 ? onMain : all;
      const idx = Math.min(pool.length - 1, Math.floor((i / 150) * pool.length * (0.5 + 0.5 * rand())));
      // Releases naming no commit, or one this clone lacks, in one product only: elsewhere answers can be known.
      const sha = rollback ? onMain[155 - i] : p === 'ledger' && r > 0.9 ? (r > 0.95 ? undefined : 'f'.repeat(40)) : pool[idx];
      const envStatus: Record<string, string> = {};
      for (const e of envs) envStatus[e] = STATUSES[Math.floor(rand() * STATUSES.length)]!;
      if (rollback) for (const e of envs) envStatus[e] = 'SUCCEEDED';
      const failed = Object.values(envStatus).some((s) => s === 'FAILED');
      const rel = release(p, `${p}-${i}`, i * 10 * 1440, sha, envStatus, { status: failed ? 'FAILED' : rollback || rand() < 0.5 ? 'SUCCEEDED' : 'RUNNING' });
      for (const e of rel.environments) {
        const x = rand();
        if (rollback && i >= 149 && e.name === 'prod') e.takenDownAt = at(i * 10 * 1440 + 500);
        else if (e.status === 'SUCCEEDED' && p !== 'cart' && x < 0.14) e.active = true;
        else if (e.status === 'SUSPENDED') e.waiting = { kind: 'approval' };
        else if ((e.status === 'PENDING' || e.status === 'QUEUED') && x < 0.3) e.waiting = { kind: 'promotion' };
      }
      list.push(rel);
    }
    return snapshot(product(p, envs), list);
  });
}

describe('resolve/where: the lanes give the answers of asking every release', function () {
  this.timeout(120_000);
  it('on every commit of a 400-commit history with 450 releases over 3 products × 4 environments', async () => {
    const dir = tempDir('lanes-');
    try {
      const { commits, mainTip } = randomHistory(400, 17);
      const t0 = Date.parse(at(0)) / 1000;
      commits.forEach((c, k) => (c.time = t0 + k * 3 * 86_400));
      const sha = buildRepo(dir, commits, { branches: { main: mainTip }, checkout: false });
      const all = Object.values(sha);
      const graph = await CommitGraph.load(dir);
      // The first-parent line of main: what the lanes decide by position.
      const mainLine = new Set<string>();
      for (let s: string | undefined = sha[mainTip]; s; s = graph.parents(s)[0]) mainLine.add(s);
      for (const seed of [3, 4]) {
        const data = releases(all, mainLine, seed);
        const fast = createResolver(data, graph);
        const plain = createResolver(data, oneAtATime(graph));
        let states = new Set<string>();
        for (const c of all) {
          const a = fast.where(c);
          assert.deepEqual(a, plain.where(c), `commit ${c}`);
          for (const p of a.products) for (const e of p.environments) states.add(e.state);
        }
        // The data reaches every rung of the ladder, so each lane is asked.
        for (const s of ['deployed', 'on-its-way', 'awaiting-approval', 'blocked', 'taken-down', 'no-longer-deployed', 'not-yet', 'unknown']) {
          assert.ok(states.has(s), `no answer was ${s} (seed ${seed}): ${[...states].join(', ')}`);
        }
        states = new Set();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

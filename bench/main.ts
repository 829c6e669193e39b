// `npm run bench`: the resolver against the naive ways of asking git, on a generated ~20,000-commit repository
// with 2,000 releases over 3 products × 4 environments, then the scale section (bench/scale.ts: a large generated
// history, the commit-graph file, the CLI's cold start). Prints medians, p99 and ratios. Never fails: it reports.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { nodeScriptBuild } from '../scripts/lib/bundles.mjs';
import { BlameCache } from '../src/git/blame';
import { CommitGraph } from '../src/git/graph';
import { createResolver } from '../src/resolve/where';
import { rng } from '../test/fixtures/repos/fastImport';
import { generateReleases, generateRepo } from './generate';
import { benchScale } from './scale';

const run = promisify(execFile);
const COMMITS = Number(process.env.BENCH_COMMITS ?? 20_000);
const RELEASES = Number(process.env.BENCH_RELEASES ?? 2_000);

const now = () => Number(process.hrtime.bigint()) / 1e6;
function stats(samples: number[]): { p50: number; p99: number; mean: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { p50: q(0.5), p99: q(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length };
}
const f = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : ms < 1000 ? `${ms.toFixed(2)} ms` : `${(ms / 1000).toFixed(2)} s`);
const row = (label: string, ours: string, theirs: string, note = '') => console.log(`${label.padEnd(34)} ${ours.padEnd(26)} ${theirs.padEnd(30)} ${note}`);
const goal = (ok: boolean) => (ok ? 'goal met' : 'goal MISSED');

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-'));
  try {
    console.log(`GitOps Releases benchmark — ${os.cpus().length} CPU(s), Node ${process.version}, ${execFileSync('git', ['--version']).toString().trim()}`);
    let t = now();
    const repo = generateRepo(path.join(tmp, 'repo'), COMMITS);
    const data = generateReleases(repo, RELEASES);
    const releaseCount = data.reduce((s, p) => s + p.releases.length, 0);
    console.log(`generated ${repo.shas.length} commits (${repo.mainLine.length} on main) and ${releaseCount} releases in ${f(now() - t)}\n`);
    row('measure', 'ours', 'git', 'ratio / goal');
    row('-------', '----', '---', '------------');

    // Graph load in a clean child process (bundled, plain node): time and resident memory.
    const child = path.join(tmp, 'loadChild.cjs');
    await build(nodeScriptBuild(path.join(__dirname, 'loadChild.ts'), child));
    const loads: { ms: number; rss: number; rssBefore: number; heapDelta: number; graphBytes: number; commits: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const { stdout } = await run(process.execPath, ['--expose-gc', child, repo.dir], { maxBuffer: 1 << 20 });
      loads.push(JSON.parse(stdout) as (typeof loads)[number]);
    }
    const load = stats(loads.map((l) => l.ms));
    const mem = loads[loads.length - 1]!;
    const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
    row('graph load (child process, x3)', `p50 ${f(load.p50)}`, '', `${goal(load.p50 < 1500)} (< 1.5 s)`);
    row('graph memory (child RSS)', `${mb(mem.rss)} total`, `node baseline ${mb(mem.rssBefore)}`, `${goal(mem.rss < 80 * 1048576)} (< 80 MB)`);
    row('  graph typed arrays / heap delta', `${mb(mem.graphBytes)}`, `${mb(mem.heapDelta)} heap`, `${mem.commits} commits`);

    // Warm where over 1,000 random commits.
    const graph = await CommitGraph.load(repo.dir);
    t = now();
    const resolver = createResolver(data, graph);
    const indexMs = now() - t;
    const rand = rng(99);
    // Commits on branches that never merged are not reachable from any ref: ask about the reachable ones.
    const reachable = repo.shas.filter((s) => graph.has(s));
    const pick = () => reachable[Math.floor(rand() * reachable.length)]!;
    for (let i = 0; i < 200; i++) resolver.where(pick());
    const whereTimes: number[] = [];
    const states = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const c = pick();
      const t1 = now();
      const a = resolver.where(c);
      whereTimes.push(now() - t1);
      for (const p of a.products) for (const e of p.environments) states.set(e.state, (states.get(e.state) ?? 0) + 1);
    }
    const w = stats(whereTimes);
    row('where (warm, 1,000 random commits)', `p50 ${f(w.p50)} p99 ${f(w.p99)}`, '', `${goal(w.p50 < 0.5 && w.p99 < 5)} (p50 < 0.5 ms, p99 < 5 ms)`);
    row('  index build (once per snapshot)', f(indexMs), '', `answers: ${[...states].map(([k, v]) => `${k} ${v}`).join(', ')}`);

    // Naive: one `git merge-base --is-ancestor` per release, on a sample; a full answer needs one per release.
    const releaseShas = data.flatMap((p) => p.releases.map((r) => r.triggerCommit!.sha));
    const spawnTimes: number[] = [];
    for (let i = 0; i < 120; i++) {
      const c = pick();
      const r = releaseShas[Math.floor(rand() * releaseShas.length)]!;
      const t1 = now();
      await run('git', ['merge-base', '--is-ancestor', c, r], { cwd: repo.dir }).catch(() => undefined);
      spawnTimes.push(now() - t1);
    }
    const sp = stats(spawnTimes);
    const naiveP50 = sp.p50 * releaseCount;
    row(
      'naive merge-base per release',
      `p50 ${f(w.p50)} per answer`,
      `${f(sp.p50)}/call × ${releaseCount} = ${f(naiveP50)}`,
      `×${Math.round(naiveP50 / w.p50).toLocaleString('en')} ${goal(naiveP50 / w.p50 >= 200)} (≥ 200×)`,
    );

    // `git tag --contains` with the release commits as tags.
    const distinct = [...new Set(releaseShas)];
    execFileSync('git', ['update-ref', '--stdin'], { cwd: repo.dir, input: distinct.map((s, i) => `create refs/tags/rel-${i} ${s}\n`).join('') });
    execFileSync('git', ['pack-refs', '--all'], { cwd: repo.dir });
    const tagTimes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const c = pick();
      const t1 = now();
      await run('git', ['tag', '--contains', c], { cwd: repo.dir, maxBuffer: 64 << 20 });
      tagTimes.push(now() - t1);
    }
    const tg = stats(tagTimes);
    row('git tag --contains (tags = releases)', `p50 ${f(w.p50)}`, `p50 ${f(tg.p50)} p99 ${f(tg.p99)}`, `×${Math.round(tg.p50 / w.p50).toLocaleString('en')} ${goal(tg.p50 / w.p50 >= 20)} (≥ 20×)`);
    execFileSync('git', ['for-each-ref', '--format=delete %(refname)', 'refs/tags'], { cwd: repo.dir });

    // Blame of one line in the file with the longest history: cold (new cache) and cached.
    const cold: number[] = [];
    for (let i = 0; i < 5; i++) {
      const b = new BlameCache();
      const t1 = now();
      await b.blameLine(repo.dir, repo.blameFile, 60);
      cold.push(now() - t1);
    }
    const cache = new BlameCache();
    await cache.blameLine(repo.dir, repo.blameFile, 60);
    const warm: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t1 = now();
      await cache.blameLine(repo.dir, repo.blameFile, 60);
      warm.push(now() - t1);
    }
    const bc = stats(cold);
    const bw = stats(warm);
    row(`blame one line (${repo.mainLine.length} main commits)`, `cached p50 ${f(bw.p50)} p99 ${f(bw.p99)}`, `cold p50 ${f(bc.p50)} p99 ${f(bc.p99)}`, `×${Math.round(bc.p50 / bw.p50).toLocaleString('en')}`);
    console.log('');
    await benchScale(tmp);
  } catch (e) {
    console.log(`benchmark error (reported, not failed): ${e instanceof Error ? e.stack : String(e)}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  // Backends benchmark (another part of the project), when present.
  try {
    const mod = (await import('./backends')) as { benchBackends?: () => Promise<void> };
    if (typeof mod.benchBackends === 'function') {
      console.log('');
      await mod.benchBackends();
    }
  } catch (e) {
    console.log(`backends benchmark skipped: ${e instanceof Error ? e.message : String(e)}`);
  }

  // The GitHub backend on the GitHub test engine: what a first load and an unchanged refresh cost.
  try {
    const { benchGitHub } = await import('./github');
    console.log('');
    await benchGitHub();
  } catch (e) {
    console.log(`GitHub benchmark skipped: ${e instanceof Error ? e.message : String(e)}`);
  }
}

void main().finally(() => {
  process.exitCode = 0;
});

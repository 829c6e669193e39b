// The scale section of `npm run bench`: a generated repository of many commits (1,000,000 with BENCH_LARGE=1) with
// 20,000 releases over 3 products × 6 environments, and the CLI's cold start on an 11,000-commit repository with
// 300 releases, each figure printed beside what git takes for the same question and the goal. Repositories are
// written once with `git fast-import` and kept in the system's temporary folder, keyed by generator version and
// size, so later runs reuse them.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { distBuilds, nodeScriptBuild } from '../scripts/lib/bundles.mjs';
import type { ReleasesFile } from '../src/core/model';
import { CommitGraph } from '../src/git/graph';
import { createResolver } from '../src/resolve/where';
import { rng } from '../test/fixtures/repos/fastImport';
import { generateReleases, generateRepo } from './generate';

/** Bump when the generated history changes: cached repositories of another version are not reused. */
const GENERATOR_VERSION = 1;
const CACHE = path.join(os.tmpdir(), 'gitops-releases-bench');
const LARGE = process.env.BENCH_LARGE === '1';
const SCALE_COMMITS = Number(process.env.BENCH_SCALE_COMMITS ?? (LARGE ? 1_000_000 : 200_000));
const SCALE_RELEASES = 20_000;
const ENVS6 = ['dev', 'qa', 'staging', 'preprod', 'prod-eu', 'prod-us'];
const CLI_COMMITS = 11_000;
const CLI_RELEASES = 300;

const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com' };
const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function quantiles(xs: number[]): { p50: number; p99: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { p50: q(0.5), p99: q(0.99) };
}
const f = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`);
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const x = (r: number) => `${r < 10 ? r.toFixed(2) : Math.round(r).toLocaleString('en')}×`;
const row = (label: string, ours: string, theirs: string, note = '') => console.log(`${label.padEnd(40)} ${ours.padEnd(30)} ${theirs.padEnd(34)} ${note}`);
const goal = (ok: boolean, text: string) => `${ok ? 'goal met' : 'goal MISSED'} (${text})`;
const git = (cwd: string, args: string[], input?: string) => execFileSync('git', args, { cwd, env: ENV, input, encoding: 'utf8', maxBuffer: 1 << 30 });

/** Wall time of a command, output discarded (what `> /dev/null` costs). */
function timeRun(cmd: string, args: string[], cwd: string, input?: string): number {
  const t = now();
  const r = spawnSync(cmd, args, { cwd, env: ENV, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const ms = now() - t;
  if (r.status !== 0 && !(cmd === 'git' && args[0] === 'merge-base')) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} failed: ${r.stderr?.toString() ?? ''}`);
  return ms;
}

interface ScaleRepo {
  dir: string;
  shas: string[];
  mainLine: string[];
}

/**
 * A history of `count` commits without file changes (git's cost is in the commits, not the trees): a main line,
 * up to 8 feature branches at a time that fork, grow and merge back, some merged twice (criss-cross). Streamed into
 * one `git fast-import`, then a commit-graph file written by git itself.
 */
export async function scaleRepo(count: number): Promise<ScaleRepo> {
  const dir = path.join(CACHE, `scale-v${GENERATOR_VERSION}-${count}`);
  const done = path.join(dir, 'bench-shas.txt');
  if (!fs.existsSync(done)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const t = now();
    process.stdout.write(`building the ${count.toLocaleString('en')}-commit repository in ${dir} (once; cached) … `);
    git(dir, ['-c', 'init.defaultBranch=main', 'init', '-q']);
    const marks = path.join(dir, '.git', 'bench-marks');
    const child = spawn('git', ['fast-import', '--quiet', `--export-marks=${marks}`], { cwd: dir, env: ENV, stdio: ['pipe', 'ignore', 'inherit'] });
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    const rand = rng(41);
    const mainLine: number[] = [];
    const branches: { tip: number; n: number }[] = [];
    let main = 0;
    let buf = '';
    const write = async (s: string) => {
      buf += s;
      if (buf.length > 1 << 20) {
        const chunk = buf;
        buf = '';
        if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
      }
    };
    for (let i = 1; i <= count; i++) {
      let parents: number[];
      const r = rand();
      if (i > 1 && branches.length < 8 && r < 0.2) {
        parents = [main];
        branches.push({ tip: i, n: 0 });
      } else if (branches.length && r < 0.55) {
        const k = Math.floor(rand() * branches.length);
        const b = branches[k]!;
        if (b.n > 2 && rand() < 0.35) {
          parents = [main, b.tip];
          main = i;
          mainLine.push(i);
          if (rand() < 0.2) b.n = 0;
          else branches.splice(k, 1);
        } else {
          parents = [b.tip];
          b.tip = i;
          b.n++;
        }
      } else {
        parents = main ? [main] : [];
        main = i;
        mainLine.push(i);
      }
      const msg = `commit ${i}\n`;
      let s = `commit refs/heads/__gen\nmark :${i}\ncommitter Bench <bench@example.com> ${1_600_000_000 + i * 30} +0000\ndata ${msg.length}\n${msg}`;
      if (parents[0]) s += `from :${parents[0]}\n`;
      if (parents[1]) s += `merge :${parents[1]}\n`;
      await write(`${s}\n`);
    }
    await write(`reset refs/heads/main\nfrom :${main}\n\n`);
    for (const [k, b] of branches.entries()) await write(`reset refs/heads/feature-${k}\nfrom :${b.tip}\n\n`);
    child.stdin.end(buf);
    if ((await exited) !== 0) throw new Error('fast-import failed');
    git(dir, ['update-ref', '-d', 'refs/heads/__gen']);
    git(dir, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
    git(dir, ['commit-graph', 'write', '--reachable']);
    const byMark: string[] = [];
    for (const line of fs.readFileSync(marks, 'utf8').split('\n')) {
      const sp = line.indexOf(' ');
      if (sp > 0) byMark[Number(line.slice(1, sp))] = line.slice(sp + 1);
    }
    fs.rmSync(marks);
    fs.writeFileSync(path.join(dir, 'bench-main.txt'), mainLine.map((m) => byMark[m]).join('\n'));
    fs.writeFileSync(done, byMark.slice(1).join('\n'));
    console.log(`${f(now() - t)}`);
  }
  return { dir, shas: fs.readFileSync(done, 'utf8').split('\n'), mainLine: fs.readFileSync(path.join(dir, 'bench-main.txt'), 'utf8').split('\n') };
}

/** The 11,000-commit repository of the CLI figures, with its 300 releases as a releases file and as tags. */
function cliRepo(): { dir: string; releases: string; shas: string[] } {
  const base = path.join(CACHE, `cli-v${GENERATOR_VERSION}-${CLI_COMMITS}-${CLI_RELEASES}`);
  const releases = path.join(base, 'releases.json');
  const dir = path.join(base, 'repo');
  if (!fs.existsSync(releases)) {
    fs.rmSync(base, { recursive: true, force: true });
    const repo = generateRepo(dir, CLI_COMMITS);
    const data = generateReleases(repo, CLI_RELEASES);
    const triggers = [...new Set(data.flatMap((p) => p.releases.map((r) => r.triggerCommit!.sha)))];
    git(dir, ['update-ref', '--stdin'], triggers.map((s, i) => `create refs/tags/release-${i} ${s}\n`).join(''));
    fs.writeFileSync(path.join(base, 'shas.txt'), repo.shas.join('\n'));
    const file: ReleasesFile = { version: 1, products: data };
    fs.writeFileSync(releases, JSON.stringify(file));
  }
  return { dir, releases, shas: fs.readFileSync(path.join(base, 'shas.txt'), 'utf8').split('\n') };
}

interface LoadFigures {
  ms: number;
  maxRss: number;
  commits: number;
  fromFile: number;
}

async function loadInChild(child: string, dir: string, revList: boolean): Promise<LoadFigures> {
  const runs: LoadFigures[] = [];
  for (let i = 0; i < 3; i++) {
    const out = execFileSync(process.execPath, ['--expose-gc', child, dir, ...(revList ? ['--rev-list'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
    runs.push(JSON.parse(out) as LoadFigures);
  }
  const ms = median(runs.map((r) => r.ms));
  return { ...runs[0]!, ms, maxRss: Math.max(...runs.map((r) => r.maxRss)) };
}

export async function benchScale(tmp: string): Promise<void> {
  console.log(`## Scale: ${SCALE_COMMITS.toLocaleString('en')} commits, ${SCALE_RELEASES.toLocaleString('en')} releases over 3 products × ${ENVS6.length} environments`);
  if (!LARGE) console.log('   (the 1,000,000-commit repository: BENCH_LARGE=1 npm run bench; its first build takes a few minutes, then it is cached)');
  console.log(`   repositories cached under ${CACHE} (generator v${GENERATOR_VERSION})`);
  const repo = await scaleRepo(SCALE_COMMITS);
  const data = generateReleases(repo, SCALE_RELEASES, 2, ENVS6);
  row('measure', 'ours', 'git', 'ratio / goal');
  row('-------', '----', '---', '------------');

  // git's own cost to produce the graph, with its commit-graph file and without.
  const gitList = median([0, 1, 2].map(() => timeRun('git', ['rev-list', '--all', '--parents'], repo.dir)));
  const gitListNoFile = median([0, 1, 2].map(() => timeRun('git', ['-c', 'core.commitGraph=false', 'rev-list', '--all', '--parents'], repo.dir)));
  // What the load asks git for (with committer dates), read whole through a pipe by this process: what git's output
  // costs before any parsing (writing to /dev/null above pays for no pipe and no reader).
  const gitPiped = median(
    [0, 1, 2].map(() => {
      const t = now();
      spawnSync('git', ['rev-list', '--all', '--parents', '--timestamp'], { cwd: repo.dir, env: ENV, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
      return now() - t;
    }),
  );
  const child = path.join(tmp, 'loadChild.cjs');
  await build(nodeScriptBuild(path.join(__dirname, 'loadChild.ts'), child));
  const fromFile = await loadInChild(child, repo.dir, false);
  const fromRevList = await loadInChild(child, repo.dir, true);
  const gitText = `git rev-list --all --parents >/dev/null ${f(gitList)}`;
  row('graph load, commit-graph file', f(fromFile.ms), gitText, `${x(fromFile.ms / gitList)} ${goal(fromFile.ms <= gitList && fromFile.ms < 1500, '≤ 1.0× git and < 1.5 s')}`);
  row('graph load, rev-list', f(fromRevList.ms), `(no commit-graph: ${f(gitListNoFile)})`, `${x(fromRevList.ms / gitList)} ${goal(fromRevList.ms <= gitList && fromRevList.ms < 1500, '≤ 1.0× git and < 1.5 s')}`);
  row('', '', `git rev-list --timestamp, piped ${f(gitPiped)}`, `${x(fromRevList.ms / gitPiped)} git through a pipe`);
  row('  peak resident, commit-graph file', mb(fromFile.maxRss), `${fromFile.fromFile.toLocaleString('en')} of ${fromFile.commits.toLocaleString('en')} from the file`, goal(fromFile.maxRss < 250 * 1048576, '< 250 MB'));
  row('  peak resident, rev-list', mb(fromRevList.maxRss), '', goal(fromRevList.maxRss < 250 * 1048576, '< 250 MB'));

  // where over 1,000 random commits, warm.
  const graph = await CommitGraph.load(repo.dir);
  const resolver = createResolver(data, graph);
  const rand = rng(7);
  const pick = () => repo.shas[Math.floor(rand() * repo.shas.length)]!;
  for (let i = 0; i < 200; i++) resolver.where(pick());
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const c = pick();
    const t = now();
    resolver.where(c);
    times.push(now() - t);
  }
  const w = quantiles(times);
  row('where, 1,000 random commits (warm)', `p50 ${f(w.p50)} p99 ${f(w.p99)}`, '', goal(w.p50 < 0.2 && w.p99 < 2, 'p50 < 0.2 ms, p99 < 2 ms'));

  // Catching up after 100 new commits on main (the same 100 each run; the ref is removed afterwards).
  const tip = repo.mainLine[repo.mainLine.length - 1]!;
  let stream = '';
  for (let i = 1; i <= 100; i++) {
    const msg = `later ${i}\n`;
    stream += `commit refs/heads/bench-update\nmark :${i}\ncommitter Bench <bench@example.com> ${1_900_000_000 + i} +0000\ndata ${msg.length}\n${msg}from ${i === 1 ? tip : `:${i - 1}`}\n\n`;
  }
  git(repo.dir, ['fast-import', '--quiet'], stream);
  try {
    const t = now();
    await graph.update();
    const ms = now() - t;
    row('update after 100 new commits', f(ms), `${graph.size.toLocaleString('en')} commits now`, goal(ms < 50, '< 50 ms'));
  } finally {
    git(repo.dir, ['update-ref', '-d', 'refs/heads/bench-update']);
  }
  console.log('');
  await benchCold(tmp);
}

/** The CLI's cold start against Node's own and git's, on an 11,000-commit repository with 300 releases. */
async function benchCold(tmp: string): Promise<void> {
  const { dir, releases, shas } = cliRepo();
  console.log(`## Cold CLI: ${CLI_COMMITS.toLocaleString('en')} commits, ${CLI_RELEASES} releases (also as tags), each figure the median of 9 runs`);
  const out = path.join(tmp, 'cli');
  for (const b of distBuilds(false).filter((b) => JSON.stringify(b.entryPoints).includes('src/cli/'))) await build({ ...b, outdir: out, sourcemap: false, logLevel: 'silent' });
  const cli = path.join(out, 'cli.js');
  const rand = rng(5);
  const pick = () => shas[Math.floor(rand() * shas.length)]!;
  const graphFile = path.join(dir, '.git/objects/info/commit-graph');
  const where = (sha: string) => ['where', sha, '--repo', dir, '--releases', releases, '--json'];
  const before = process.env.BENCH_CLI_BEFORE;
  const measure = (withFile: boolean) => {
    if (withFile) git(dir, ['commit-graph', 'write', '--reachable']);
    else fs.rmSync(graphFile, { force: true });
    const node: number[] = [];
    const ours: number[] = [];
    const old: number[] = [];
    const tags: number[] = [];
    for (let i = 0; i < 9; i++) {
      const c = pick();
      node.push(timeRun(process.execPath, ['-e', '0'], dir));
      ours.push(timeRun(process.execPath, [cli, ...where(c)], dir));
      if (before) old.push(timeRun(process.execPath, [before, ...where(c)], dir));
      tags.push(timeRun('git', ['tag', '--contains', c], dir));
    }
    return { node: median(node), ours: median(ours), old: old.length ? median(old) : undefined, tags: median(tags) };
  };
  const noFile = measure(false);
  const withFile = measure(true);
  row('measure', 'ours', 'git / node', 'ratio / goal');
  row('-------', '----', '----------', '------------');
  for (const [label, m] of [['without commit-graph', noFile], ['with commit-graph', withFile]] as const) {
    row(`cold where, ${label}`, f(m.ours), `node -e 0 ${f(m.node)}`, `${x(m.ours / m.node)} node ${goal(m.ours <= 2.5 * m.node, '≤ 2.5× node start-up')}`);
    row('', '', `git tag --contains ${f(m.tags)}`, `${x(m.ours / m.tags)} git`);
    if (m.old !== undefined) row('  the CLI before (BENCH_CLI_BEFORE)', f(m.old), '', `${x(m.old / m.node)} node`);
  }

  // 1,000 commits in one CLI run against git per commit. What the load costs is paid once whatever the number of
  // commits, so the goal is on the cost of each further commit: a run of 1,000 against a run of one, same data.
  const many = Array.from({ length: 1000 }, pick);
  const stdinRun = (list: string[]) => timeRun(process.execPath, [cli, 'where', '--stdin', '--repo', dir, '--releases', releases, '--json'], dir, `${list.join('\n')}\n`);
  const one = median([0, 1, 2].map(() => stdinRun(many)));
  const single = median([0, 1, 2].map(() => stdinRun(many.slice(0, 1))));
  const gitEach = median(many.slice(0, 15).map((c) => timeRun('git', ['tag', '--contains', c], dir)));
  const perCommit = one / many.length;
  const marginal = Math.max(one - single, 1e-3) / (many.length - 1);
  row('1,000 commits in one CLI run', `${f(one)} (${f(perCommit)} per commit)`, `git tag --contains ${f(gitEach)} per commit`, `${x(gitEach / perCommit)} with the load`);
  row('  each commit after the load', `${f(marginal)} (one commit: ${f(single)})`, '', `${x(gitEach / marginal)} ${goal(gitEach / marginal >= 100, '≥ 100× faster than git per commit')}`);
}

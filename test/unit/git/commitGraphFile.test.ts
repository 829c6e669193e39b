import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../../src/core/log';
import { readCommitGraph } from '../../../src/git/commitGraphFile';
import { CONTAINS_YES } from '../../../src/git/commitIndex';
import { CommitGraph } from '../../../src/git/graph';
import { buildRepo, gitSync, randomHistory, rng, tempDir, type FixtureCommit } from '../../fixtures/repos/fastImport';

/** A history with merges, a criss-cross and an octopus merge (git keeps its third parent in the extra edge list). */
function history(count: number): FixtureCommit[] {
  const { commits } = randomHistory(count, 7);
  const last = commits[commits.length - 1]!.label;
  const n = commits.length;
  commits.push(
    { label: 'o1', parents: [commits[n - 5]!.label], files: { 'o1.txt': '1' } },
    { label: 'o2', parents: [commits[n - 9]!.label], files: { 'o2.txt': '2' } },
    { label: 'o3', parents: [commits[n - 14]!.label], files: { 'o3.txt': '3' } },
    { label: 'octopus', parents: [last, 'o1', 'o2', 'o3'], message: 'octopus' },
  );
  return commits;
}

function collectingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: () => {}, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

/** What git itself says: `merge-base --is-ancestor` exits 0 for yes, 1 for no. */
function gitIsAncestor(dir: string, a: string, d: string): boolean {
  const r = spawnSync('git', ['merge-base', '--is-ancestor', a, d], { cwd: dir });
  if (r.status !== 0 && r.status !== 1) throw new Error(`merge-base failed: ${r.stderr.toString()}`);
  return r.status === 0;
}

/** Every commit with its parents and committer date, as rev-list prints them. */
function revList(dir: string): Map<string, { parents: string[]; time: number }> {
  const out = new Map<string, { parents: string[]; time: number }>();
  for (const line of gitSync(dir, ['rev-list', '--all', '--parents', '--timestamp']).trim().split('\n')) {
    const [time, sha, ...parents] = line.split(' ');
    out.set(sha!, { parents, time: Number(time) });
  }
  return out;
}

/**
 * The graph agrees with git: same commits, parents and dates, and the same ancestry answer on sampled pairs (half
 * of them picked so the answer is yes, through `rev-list` of the descendant).
 */
function assertAgreesWithGit(dir: string, g: CommitGraph, pairs = 40): void {
  const all = revList(dir);
  assert.equal(g.size, all.size, 'commit count');
  for (const [sha, c] of all) {
    assert.deepEqual(g.parents(sha), c.parents, `parents of ${sha}`);
    assert.equal(g.commitTime(sha), c.time, `time of ${sha}`);
  }
  const shas = [...all.keys()];
  const rand = rng(11);
  const pick = () => shas[Math.floor(rand() * shas.length)]!;
  let yes = 0;
  for (let i = 0; i < pairs; i++) {
    const d = pick();
    let a = pick();
    if (i % 2 === 0) {
      const ancestors = gitSync(dir, ['rev-list', d]).trim().split('\n');
      a = ancestors[Math.floor(rand() * ancestors.length)]!;
    }
    const expected = gitIsAncestor(dir, a, d);
    if (expected) yes++;
    assert.equal(g.isAncestor(a, d), expected, `is ${a} an ancestor of ${d}?`);
  }
  assert.ok(yes >= pairs / 2 && yes < pairs, `the sample holds both answers (${yes} yes of ${pairs})`);
  // Batch answers (the resolver's path): targets on main's first-parent chain, answered by comparison, and targets
  // off it, swept, both as git says.
  const onChain = gitSync(dir, ['rev-list', '--first-parent', 'HEAD']).trim().split('\n');
  const targets = [...Array.from({ length: 12 }, () => onChain[Math.floor(rand() * onChain.length)]!), ...Array.from({ length: 8 }, pick)];
  const set = g.prepareTargets(targets);
  assert.ok(set.chainPos.some((p) => p >= 0) && set.chainPos.some((p) => p < 0), 'targets on and off the chain');
  for (let i = 0; i < 10; i++) {
    const c = i % 2 ? pick() : onChain[Math.floor(rand() * onChain.length)]!;
    const answers = g.containedIn(c, set);
    targets.forEach((t, k) => assert.equal(answers[k] === CONTAINS_YES, gitIsAncestor(dir, c, t), `does ${t} contain ${c}?`));
  }
}

describe('git/commitGraphFile: the graph from git\'s commit-graph file', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const mk = (p: string) => {
    const d = tempDir(p);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('reads a single commit-graph file, octopus merges included, and agrees with git on every sampled pair', async () => {
    const dir = mk('cg-single');
    buildRepo(dir, history(400));
    gitSync(dir, ['commit-graph', 'write', '--reachable']);
    const log = collectingLog();
    const g = await CommitGraph.load(dir, { log });
    assert.equal(g.loadPath?.fromFile, g.size, log.lines.join('\n'));
    assert.equal(g.loadPath?.fromRevList, 0);
    assert.match(log.lines.join('\n'), /from git's commit-graph file \(commit-graph\), 0 newer from git rev-list/);
    assert.equal(g.parents(gitSync(dir, ['rev-parse', 'HEAD']).trim()).length, 4, 'the octopus keeps its four parents');
    assertAgreesWithGit(dir, g);
  });

  it('reads a split chain of layers (base first) and agrees with git', async () => {
    const dir = mk('cg-chain');
    const commits = history(300);
    buildRepo(dir, commits.slice(0, 150), { branches: { main: commits[149]!.label } });
    gitSync(dir, ['commit-graph', 'write', '--reachable', '--split=no-merge']);
    buildRepo(dir, commits);
    gitSync(dir, ['commit-graph', 'write', '--reachable', '--split=no-merge']);
    const chain = fs.readFileSync(path.join(dir, '.git/objects/info/commit-graphs/commit-graph-chain'), 'utf8').trim().split('\n');
    assert.equal(chain.length, 2, 'two layers written');
    assert.ok(!fs.existsSync(path.join(dir, '.git/objects/info/commit-graph')), 'no single file beside the chain');
    const log = collectingLog();
    const g = await CommitGraph.load(dir, { log });
    assert.equal(g.loadPath?.detail, 'chain of 2', log.lines.join('\n'));
    assert.equal(g.loadPath?.fromFile, g.size);
    assertAgreesWithGit(dir, g);
  });

  it('loads commits newer than the file with rev-list on top of it, and says so', async () => {
    const dir = mk('cg-newer');
    buildRepo(dir, history(200));
    gitSync(dir, ['commit-graph', 'write', '--reachable']);
    const inFile = Number(gitSync(dir, ['rev-list', '--count', '--all']).trim());
    // Two commits the file does not hold: one on main, one on a new branch.
    const head = gitSync(dir, ['rev-parse', 'HEAD']).trim();
    const tree = gitSync(dir, ['rev-parse', 'HEAD^{tree}']).trim();
    const a = gitSync(dir, ['commit-tree', tree, '-p', head, '-m', 'after the file']).trim();
    const b = gitSync(dir, ['commit-tree', tree, '-p', a, '-p', `${head}~3`, '-m', 'a merge after the file']).trim();
    gitSync(dir, ['update-ref', 'refs/heads/main', a]);
    gitSync(dir, ['update-ref', 'refs/heads/later', b]);
    const log = collectingLog();
    const g = await CommitGraph.load(dir, { log });
    assert.equal(g.loadPath?.fromFile, inFile);
    assert.equal(g.loadPath?.fromRevList, 2);
    assert.match(log.lines.join('\n'), new RegExp(`${inFile} from git's commit-graph file \\(commit-graph\\), 2 newer from git rev-list`));
    assert.equal(g.isAncestor(head, b), true);
    assert.equal(g.isAncestor(b, head), false);
    assert.equal(g.generation(b), g.generation(a) + 1);
    assertAgreesWithGit(dir, g);
  });

  it('catches up with a few new commits (appended after the laid-out ones) and still agrees with git', async () => {
    const dir = mk('cg-update');
    buildRepo(dir, history(400));
    gitSync(dir, ['commit-graph', 'write', '--reachable']);
    const g = await CommitGraph.load(dir, { log: collectingLog() });
    const head = gitSync(dir, ['rev-parse', 'HEAD']).trim();
    const tree = gitSync(dir, ['rev-parse', 'HEAD^{tree}']).trim();
    // On main, on a side branch off an old commit, and a merge of the two: few beside the 400 already loaded.
    const a = gitSync(dir, ['commit-tree', tree, '-p', head, '-m', 'next']).trim();
    const side = gitSync(dir, ['commit-tree', tree, '-p', `${head}~40`, '-m', 'side']).trim();
    const merge = gitSync(dir, ['commit-tree', tree, '-p', a, '-p', side, '-m', 'merge side']).trim();
    gitSync(dir, ['update-ref', 'refs/heads/main', merge]);
    gitSync(dir, ['update-ref', 'refs/heads/side', side]);
    const set = g.prepareTargets([head]);
    assert.equal(await g.update(), true);
    assert.notEqual(g.version, set.version, 'a new version after the update');
    assert.equal(g.isAncestor(`${side}`, merge), true);
    assert.equal(g.isAncestor(side, head), false);
    assert.equal(g.isAncestor(gitSync(dir, ['rev-parse', `${head}~40`]).trim(), side), true);
    assertAgreesWithGit(dir, g);
    // A second small batch on top of the first.
    const b = gitSync(dir, ['commit-tree', tree, '-p', merge, '-m', 'after the merge']).trim();
    gitSync(dir, ['update-ref', 'refs/heads/main', b]);
    assert.equal(await g.update(), true);
    assert.equal(g.isAncestor(side, b), true);
    assertAgreesWithGit(dir, g);
  });

  it('refuses a file whose checksum fails, says why, and answers from rev-list instead', async () => {
    const dir = mk('cg-corrupt');
    buildRepo(dir, history(200));
    gitSync(dir, ['commit-graph', 'write', '--reachable']);
    const file = path.join(dir, '.git/objects/info/commit-graph');
    const buf = fs.readFileSync(file);
    // One bit flipped in the middle of the file: it still parses, only the checksum can tell.
    buf[Math.floor(buf.length / 2)]! ^= 0x01;
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, buf);
    const log = collectingLog();
    const g = await CommitGraph.load(dir, { log });
    assert.equal(g.loadPath?.fromFile, 0);
    assert.match(log.lines.join('\n'), /commit-graph file is not used \(commit-graph fails its checksum \(corrupt or truncated\)\); reading history with git rev-list instead/);
    assert.equal(g.loadPath?.fromRevList, g.size);
    assertAgreesWithGit(dir, g);
  });

  it('refuses a SHA-256 file by name, and a chain whose layer is missing', async () => {
    const dir = mk('cg-refuse');
    buildRepo(dir, history(40));
    gitSync(dir, ['commit-graph', 'write', '--reachable']);
    const objects = path.join(dir, '.git/objects');
    const file = path.join(objects, 'info/commit-graph');
    const buf = fs.readFileSync(file);
    buf[5] = 2; // hash version 2: SHA-256
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, buf);
    const sha256 = await readCommitGraph(objects);
    assert.deepEqual(sha256.ok ? 'read' : sha256.reason, 'commit-graph is for a SHA-256 repository; only SHA-1 repositories are read from the commit-graph file');
    fs.rmSync(file);
    assert.deepEqual(await readCommitGraph(objects), { ok: false, absent: true, reason: 'no commit-graph file' });
    fs.mkdirSync(path.join(objects, 'info/commit-graphs'));
    fs.writeFileSync(path.join(objects, 'info/commit-graphs/commit-graph-chain'), `${'ab'.repeat(20)}\n`);
    const missing = await readCommitGraph(objects);
    assert.equal(missing.ok ? 'read' : missing.reason, `commit-graph chain names graph-${'ab'.repeat(20)}.graph, which is missing`);
  });

  it('does not use the file in a shallow clone, where git itself ignores it', async () => {
    const src = mk('cg-shallow-src');
    buildRepo(src, history(60));
    const dir = path.join(mk('cg-shallow'), 'clone');
    gitSync(path.dirname(dir), ['clone', '-q', '--depth', '5', `file://${src}`, dir]);
    gitSync(dir, ['commit-graph', 'write', '--reachable']);
    const g = await CommitGraph.load(dir, { log: collectingLog() });
    assert.equal(g.loadPath?.fromFile, 0);
    assert.equal(g.loadPath?.detail, 'shallow clone: the commit-graph file is not used');
    assert.ok(g.shallow);
  });
});

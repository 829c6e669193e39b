import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ReleaseSummary } from '../../../src/core/model';
import { compareEnvironments, liveRelease } from '../../../src/resolve/compare';

/** A scratch repository driven by git commands, one commit per minute, so tests can build any history shape. */
class Repo {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-'));
  readonly root = path.join(this.dir, 'repo');
  private tick = 0;
  constructor() {
    fs.mkdirSync(this.root);
    this.git('init', '-q', '-b', 'main');
    this.git('remote', 'add', 'origin', 'git@github.com:acme/shop.git');
  }
  git(...args: string[]): string {
    const date = new Date(Date.UTC(2024, 0, 1) + this.tick++ * 60_000).toISOString();
    return execFileSync('git', args, {
      cwd: this.root,
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.invalid', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.invalid', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString().trim();
  }
  commit(message: string): string {
    fs.writeFileSync(path.join(this.root, `f${this.tick}.txt`), message);
    this.git('add', '.');
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }
  merge(branch: string, message: string): string {
    this.git('merge', '-q', '--no-ff', branch, '-m', message);
    return this.git('rev-parse', 'HEAD');
  }
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

let minute = 0;
function rel(id: string, sha: string, envs: Record<string, string>): ReleaseSummary {
  return {
    id,
    source: { backend: 'demo', kind: 'product-release' },
    productName: 'shop',
    status: 'SUCCEEDED',
    createdAt: new Date(Date.UTC(2024, 1, 1) + minute++ * 60_000).toISOString(),
    triggerCommit: { sha, link: 'exact-sha' },
    environments: Object.entries(envs).map(([name, status]) => ({ name, status })),
  };
}
/** Newest first, as the store holds them. */
const newestFirst = (...r: ReleaseSummary[]) => [...r].reverse();

describe('resolve/compare', function () {
  this.timeout(30_000);
  let repo: Repo;
  beforeEach(() => {
    repo = new Repo();
  });
  afterEach(() => repo.remove());

  it('linear history: the commits staging has that prod does not, with issue keys, refs and the releases in between, a page at a time', async () => {
    const a = repo.commit('initial');
    const b = repo.commit('feat: basket (SHOP-12)');
    const c = repo.commit('fix: totals, see #7');
    const d = repo.commit('chore: bump');
    const r1 = rel('r1', a, { staging: 'SUCCEEDED', prod: 'SUCCEEDED' });
    const r2 = rel('r2', c, { staging: 'SUCCEEDED', prod: 'FAILED' });
    const r3 = rel('r3', d, { staging: 'SUCCEEDED', prod: 'PENDING' });
    const releases = newestFirst(r1, r2, r3);
    assert.equal(liveRelease(releases, 'prod')?.id, 'r1');
    const res = await compareEnvironments({ repoRoot: repo.root, product: 'shop', releases, from: 'prod', to: 'staging' });
    assert.equal(res.kind, 'range');
    if (res.kind !== 'range') return;
    assert.equal(res.total, 3);
    assert.equal(res.behind, 0);
    assert.deepEqual(res.direct.map((x) => x.sha), [d, c, b]);
    assert.deepEqual(res.direct.find((x) => x.sha === b)?.issues, ['SHOP-12']);
    assert.deepEqual(res.direct.find((x) => x.sha === c)?.refs, [7]);
    assert.deepEqual(res.releasesBetween.map((r) => r.id), ['r3', 'r2']);
    assert.deepEqual(res.links, { commit: 'https://github.com/acme/shop/commit/', issue: 'https://github.com/acme/shop/issues/', pullRequest: 'https://github.com/acme/shop/pull/' });
    // What would release r2 bring to prod: the range up to its own commit.
    const r2prod = await compareEnvironments({ repoRoot: repo.root, product: 'shop', releases, from: 'prod', to: 'release r2', toRelease: 'r2' });
    assert.deepEqual(r2prod.kind === 'range' && [r2prod.total, r2prod.direct.map((x) => x.sha), r2prod.releasesBetween.map((r) => r.id)], [2, [c, b], ['r2']]);
    const gone = await compareEnvironments({ repoRoot: repo.root, product: 'shop', releases, from: 'prod', to: 'release r9', toRelease: 'r9' });
    assert.deepEqual(gone.kind === 'unavailable' && gone.reason, 'Release r9 of shop is not among the releases loaded.');
    const page2 = await compareEnvironments({ repoRoot: repo.root, product: 'shop', releases, from: 'prod', to: 'staging', offset: 2, pageSize: 2 });
    assert.deepEqual(page2.kind === 'range' && [page2.total, page2.direct.map((x) => x.sha)], [3, [b]]);
  });

  it('merges: each pull request with the commits it brought in; squashed PRs by their number', async () => {
    const base = repo.commit('initial');
    repo.git('checkout', '-q', '-b', 'feature');
    const f1 = repo.commit('feat: part one');
    const f2 = repo.commit('feat: part two (SHOP-3)');
    repo.git('checkout', '-q', 'main');
    const s = repo.commit('fix: rounding (#41)');
    const m = repo.merge('feature', 'Merge pull request #42 from acme/feature\n\nCheckout redesign');
    const res = await compareEnvironments({ repoRoot: repo.root, product: 'shop', releases: newestFirst(rel('r1', base, { prod: 'SUCCEEDED' }), rel('r2', m, { staging: 'SUCCEEDED' })), from: 'prod', to: 'staging' });
    assert.equal(res.kind, 'range');
    if (res.kind !== 'range') return;
    assert.equal(res.total, 4);
    assert.deepEqual(res.pullRequests.map((p) => [p.key, p.via, p.title, p.commits.map((c) => c.sha)]), [
      ['#42', 'merge', 'Checkout redesign', [f2, f1]],
      ['#41', 'squash', 'fix: rounding', [s]],
    ]);
    assert.deepEqual(res.direct, []);
    assert.equal(res.pullRequests[0]!.url, 'https://github.com/acme/shop/pull/42');
  });

  it('criss-cross history: two branches merged into each other; counts both ways and lists each commit once', async () => {
    repo.commit('initial');
    repo.git('checkout', '-q', '-b', 'release');
    const r1 = repo.commit('release: hotfix A');
    repo.git('checkout', '-q', 'main');
    const m1 = repo.commit('main: feature B');
    repo.git('checkout', '-q', 'release');
    const x1 = repo.merge('main', 'Merge pull request #5 from acme/main');
    repo.git('checkout', '-q', 'main');
    const x2 = repo.merge(`${r1}`, 'Merge branch release');
    const rA = repo.commit('main: feature C');
    repo.git('checkout', '-q', 'release');
    const rB = repo.commit('release: hotfix D');
    // prod runs the release branch, staging runs main: each has commits the other lacks.
    const res = await compareEnvironments({ repoRoot: repo.root, product: 'shop', releases: newestFirst(rel('p', rB, { prod: 'SUCCEEDED' }), rel('s', rA, { staging: 'SUCCEEDED' })), from: 'prod', to: 'staging' });
    assert.equal(res.kind, 'range');
    if (res.kind !== 'range') return;
    const listed = [...res.direct.map((c) => c.sha), ...res.pullRequests.flatMap((p) => p.commits.map((c) => c.sha))];
    assert.deepEqual(new Set(listed), new Set([rA]), 'only feature C is in staging and not in prod (the merges are not changes)');
    assert.equal(res.total, 2, 'feature C and the merge of the release branch into main');
    assert.equal(res.behind, 2, 'prod has hotfix D and its own merge that staging lacks');
    assert.ok(x1 && x2 && m1);
  });

  it('a shallow clone: says when the histories do not meet in it, and warns when its cut-off is inside the range', async () => {
    const a = repo.commit('initial');
    for (let i = 0; i < 5; i++) repo.commit(`work ${i}`);
    const head = repo.commit('latest');
    const shallow = path.join(repo.dir, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${repo.root}`, shallow], { stdio: 'ignore' });
    const releases = newestFirst(rel('old', a, { prod: 'SUCCEEDED' }), rel('new', head, { staging: 'SUCCEEDED' }));
    const res = await compareEnvironments({ repoRoot: shallow, product: 'shop', releases, from: 'prod', to: 'staging' });
    assert.equal(res.kind, 'unavailable');
    assert.match(res.kind === 'unavailable' ? res.reason : '', /Commit [0-9a-f]{7} of release old \(live in prod\) is not in this clone/);
    // Deepen so prod's commit is there but the cut-off is not: still the histories do not meet, and it says so.
    execFileSync('git', ['fetch', '-q', '--depth', '3', 'origin', 'main'], { cwd: shallow, stdio: 'ignore' });
    const mid = execFileSync('git', ['rev-parse', 'HEAD~2'], { cwd: shallow }).toString().trim();
    const r2 = await compareEnvironments({ repoRoot: shallow, product: 'shop', releases: newestFirst(rel('mid', mid, { prod: 'SUCCEEDED' }), rel('new2', head, { staging: 'SUCCEEDED' })), from: 'prod', to: 'staging' });
    assert.equal(r2.kind, 'range', 'a range inside the shallow history is computed');
    assert.ok(r2.kind === 'range' && r2.total === 2);
    // Two branches that forked below the clone's cut-off: their common history is not in it.
    repo.git('checkout', '-q', '-b', 'hotfix', a);
    const h = [repo.commit('hotfix 1'), repo.commit('hotfix 2'), repo.commit('hotfix 3')];
    const forked = path.join(repo.dir, 'forked');
    execFileSync('git', ['clone', '-q', '--depth', '2', '--no-single-branch', `file://${repo.root}`, forked], { stdio: 'ignore' });
    const r4 = await compareEnvironments({ repoRoot: forked, product: 'shop', releases: newestFirst(rel('hf', h[2]!, { prod: 'SUCCEEDED' }), rel('main', head, { staging: 'SUCCEEDED' })), from: 'prod', to: 'staging' });
    assert.equal(r4.kind, 'unavailable');
    assert.match(r4.kind === 'unavailable' ? r4.reason : '', /shallow and the histories of [0-9a-f]{7} and [0-9a-f]{7} do not meet in it: run `git fetch --unshallow`/);
    const r3 = await compareEnvironments({ repoRoot: repo.root, product: 'shop', releases: newestFirst(rel('x', 'f'.repeat(40), { prod: 'SUCCEEDED' }), rel('y', head, { staging: 'SUCCEEDED' })), from: 'prod', to: 'staging' });
    assert.equal(r3.kind, 'unavailable');
    const none = await compareEnvironments({ repoRoot: repo.root, product: 'shop', releases: [rel('z', head, { staging: 'SUCCEEDED' })], from: 'prod', to: 'staging' });
    assert.deepEqual(none.kind === 'unavailable' && none.reason, 'No release of shop is live in prod (among the releases loaded).');
  });
});

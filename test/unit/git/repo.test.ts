import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeRepo, findRepoRoot, headSha, headWatchTargets, RepoRootCache } from '../../../src/git/repo';
import { buildRepo, gitSync, tempDir } from '../../fixtures/repos/fastImport';

describe('git/repo', function () {
  this.timeout(30_000);
  let top: string;
  let outer: string;
  before(() => {
    top = fs.realpathSync(tempDir('repo'));
    outer = path.join(top, 'outer');
    buildRepo(outer, [{ label: 'o0', files: { 'src/app.ts': 'x\n' } }]);
    // a nested clone (not a submodule) inside the outer repository
    buildRepo(path.join(outer, 'vendor', 'lib'), [{ label: 'l0', files: { 'lib.ts': 'l\n' } }]);
    // a submodule
    const subSrc = path.join(top, 'subsrc');
    buildRepo(subSrc, [{ label: 's0', files: { 's.ts': 's\n' } }]);
    gitSync(outer, ['-c', 'protocol.file.allow=always', 'submodule', '-q', 'add', `file://${subSrc}`, 'modules/sub']);
    gitSync(outer, ['commit', '-q', '-m', 'add submodule']);
    // a linked worktree outside
    gitSync(outer, ['worktree', 'add', '-q', '--detach', path.join(top, 'wt')]);
  });
  after(() => fs.rmSync(top, { recursive: true, force: true }));

  it('finds the innermost repository of a file: outer, nested clone, submodule, worktree', async () => {
    assert.equal(await findRepoRoot(path.join(outer, 'src', 'app.ts')), outer);
    assert.equal(await findRepoRoot(path.join(outer, 'vendor', 'lib', 'lib.ts')), path.join(outer, 'vendor', 'lib'));
    assert.equal(await findRepoRoot(path.join(outer, 'modules', 'sub', 's.ts')), path.join(outer, 'modules', 'sub'));
    assert.equal(await findRepoRoot(path.join(top, 'wt', 'src', 'app.ts')), path.join(top, 'wt'));
    assert.equal(await findRepoRoot(path.join(outer, 'src', 'not-saved-yet.ts')), outer, 'a file that does not exist yet');
    assert.equal(await findRepoRoot(top), undefined, 'outside any repository');
  });

  it('a folder that becomes a repository is one from then on, not "not a repository" until reload', async () => {
    const later = path.join(top, 'later');
    fs.mkdirSync(path.join(later, 'src'), { recursive: true });
    assert.equal(await findRepoRoot(path.join(later, 'src', 'a.ts')), undefined);
    gitSync(later, ['init', '-q']);
    assert.equal(await findRepoRoot(path.join(later, 'src', 'a.ts')), later);
  });

  it('the editor\'s root cache is bounded and forgets everything when cleared', async () => {
    const cache = new RepoRootCache(2);
    const later = path.join(top, 'later-cached');
    fs.mkdirSync(later);
    assert.equal(await cache.rootFor(path.join(later, 'a.ts')), undefined);
    gitSync(later, ['init', '-q']);
    assert.equal(await cache.rootFor(path.join(later, 'a.ts')), undefined, 'remembered until cleared');
    cache.clear();
    assert.equal(await cache.rootFor(path.join(later, 'a.ts')), later);
    await cache.rootFor(path.join(outer, 'src', 'app.ts'));
    await cache.rootFor(path.join(outer, 'vendor', 'lib', 'lib.ts'));
    assert.equal(cache.size, 2, 'at most two directories');
    // `later` was used least recently: it is the one dropped.
    fs.rmSync(path.join(later, '.git'), { recursive: true });
    assert.equal(await cache.rootFor(path.join(later, 'a.ts')), undefined);
  });

  it('tells worktrees and submodules apart and reads HEAD', async () => {
    assert.equal((await describeRepo(outer))?.kind, 'main');
    assert.equal((await describeRepo(path.join(top, 'wt')))?.kind, 'worktree');
    assert.equal((await describeRepo(path.join(outer, 'modules', 'sub')))?.kind, 'submodule');
    assert.equal(await headSha(path.join(top, 'wt')), await headSha(outer));
    assert.match((await headSha(outer)) ?? '', /^[0-9a-f]{40}$/);
    const empty = path.join(top, 'empty');
    fs.mkdirSync(empty);
    gitSync(empty, ['init', '-q']);
    assert.equal(await headSha(empty), undefined);
  });

  it('watches the real git directory for HEAD: in a worktree and a submodule `.git` is a file', async () => {
    const wt = path.join(top, 'wt');
    assert.ok(fs.statSync(path.join(wt, '.git')).isFile(), 'the worktree\'s .git is a file: <root>/.git/HEAD cannot move');
    const targets = await headWatchTargets(wt);
    const head = targets?.find((t) => t.glob === 'HEAD');
    assert.ok(head, JSON.stringify(targets));
    const headFile = path.join(head.base, 'HEAD');
    const before = fs.readFileSync(headFile, 'utf8');
    fs.writeFileSync(path.join(wt, 'w.txt'), 'w\n');
    gitSync(wt, ['add', 'w.txt']);
    gitSync(wt, ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'in the worktree']);
    assert.notEqual(fs.readFileSync(headFile, 'utf8'), before, 'the watched HEAD is the one a commit in the worktree moves');
    assert.equal(fs.readFileSync(headFile, 'utf8').trim(), await headSha(wt));
    // Its branches live in the shared git directory.
    assert.deepEqual(targets?.find((t) => t.glob !== 'HEAD'), { base: path.join(outer, '.git'), glob: '{packed-refs,refs/heads/**}' });

    const sub = path.join(outer, 'modules', 'sub');
    assert.ok(fs.statSync(path.join(sub, '.git')).isFile());
    const subTargets = await headWatchTargets(sub);
    assert.deepEqual(subTargets, [{ base: path.join(outer, '.git', 'modules', 'modules', 'sub'), glob: '{HEAD,packed-refs,refs/heads/**}' }]);
    assert.ok(fs.existsSync(path.join(subTargets[0]!.base, 'HEAD')));
    assert.deepEqual(await headWatchTargets(outer), [{ base: path.join(outer, '.git'), glob: '{HEAD,packed-refs,refs/heads/**}' }]);
  });
});

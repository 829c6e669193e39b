import assert from 'node:assert/strict';
import fs from 'node:fs';
import { commitInfo, findShaToken, lookupCommitPrefix, namedCommits, resolveCommitish } from '../../../src/git/sha';
import { execFileSync } from 'node:child_process';
import { buildRepo, tempDir } from '../../fixtures/repos/fastImport';

describe('git/sha', function () {
  this.timeout(20_000);
  it('finds a 7-40 hex token under the cursor, only as a word of its own', () => {
    const line = 'fixed in 1a2b3c4d5e, see deadbeefcafe1234567890abcdef0011223344556 and 1234567';
    assert.deepEqual(findShaToken(line, 12), { text: '1a2b3c4d5e', start: 9, end: 19 });
    assert.deepEqual(findShaToken(line, 9), { text: '1a2b3c4d5e', start: 9, end: 19 });
    assert.deepEqual(findShaToken(line, 19), { text: '1a2b3c4d5e', start: 9, end: 19 }, 'cursor just after the token');
    assert.equal(findShaToken(line, 30), undefined, '41+ hex is not a sha');
    assert.equal(findShaToken(line, line.length - 2), undefined, 'all digits is a number');
    assert.equal(findShaToken('abc123', 2), undefined, 'too short');
    assert.equal(findShaToken('x_1a2b3c4d', 5), undefined, 'part of an identifier');
    assert.equal(findShaToken('', 0), undefined);
  });

  it('resolves commit-ish text to a full sha only when it names a commit here', async () => {
    const dir = tempDir('sha');
    try {
      const sha = buildRepo(dir, [
        { label: 'c0', message: 'first', files: { a: '1' }, author: { name: 'Ann', email: 'ann@example.com' } },
        { label: 'c1', parents: ['c0'], message: 'second', files: { a: '2' } },
      ]);
      assert.equal(await resolveCommitish(dir, sha.c0!.slice(0, 7)), sha.c0);
      assert.equal(await resolveCommitish(dir, 'HEAD~1'), sha.c0);
      assert.equal(await resolveCommitish(dir, 'main'), sha.c1);
      assert.equal(await resolveCommitish(dir, 'deadbeef'), undefined);
      assert.equal(await resolveCommitish(dir, '--all'), undefined);
      const tree = (await resolveCommitish(dir, 'HEAD^{tree}')) ?? 'none';
      assert.equal(tree, 'none', 'a tree is not a commit');
      assert.deepEqual(await commitInfo(dir, sha.c0!), { sha: sha.c0, author: 'Ann', authorEmail: 'ann@example.com', date: '2023-11-14T22:13:20.000Z', summary: 'first' });
      assert.equal(await commitInfo(dir, 'f'.repeat(40)), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('git/sha: abbreviated shas', function () {
  this.timeout(30_000);
  let dir: string;
  let shas: string[];
  let shared: string[]; // two commits whose shas start alike
  before(() => {
    dir = tempDir('sha-prefix');
    const commits = Array.from({ length: 700 }, (_, i) => ({ label: `c${i}`, parents: i ? [`c${i - 1}`] : [], files: { a: `${i}\n` } }));
    const sha = buildRepo(dir, commits, { checkout: false });
    shas = Object.values(sha);
    const byPrefix = new Map<string, string[]>();
    for (const s of shas) byPrefix.set(s.slice(0, 4), [...(byPrefix.get(s.slice(0, 4)) ?? []), s]);
    shared = [...byPrefix.values()].find((l) => l.length === 2)!;
    assert.ok(shared, 'the generated history has two commits sharing a 4-digit prefix');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('expands a unique prefix, names the candidates of an ambiguous one, and says when none matches', async () => {
    assert.deepEqual(await lookupCommitPrefix(dir, shas[5]!.slice(0, 12).toUpperCase()), { kind: 'commit', sha: shas[5] });
    const amb = await lookupCommitPrefix(dir, shared[0]!.slice(0, 4));
    assert.equal(amb.kind, 'ambiguous');
    assert.deepEqual(amb.kind === 'ambiguous' && amb.candidates.map((c) => c.sha).sort(), [...shared].sort());
    assert.ok(amb.kind === 'ambiguous' && amb.candidates.every((c) => /^\d{4}-\d\d-\d\d /.test(c.summary)), 'each candidate with its date and subject');
    assert.deepEqual(await lookupCommitPrefix(dir, 'ffffffffffff0'), { kind: 'missing' });
    assert.deepEqual(await lookupCommitPrefix(dir, '--help'), { kind: 'missing' }, 'never an option');
  });
});

describe('git/sha: commits to pick by name', function () {
  this.timeout(30_000);
  let dir: string;
  let sha: Record<string, string>;
  before(() => {
    dir = tempDir('sha-named');
    const commits = Array.from({ length: 5 }, (_, i) => ({ label: `c${i}`, parents: i ? [`c${i - 1}`] : [], message: `subject ${i}\n\nbody`, files: { a: `${i}\n` } }));
    sha = buildRepo(dir, commits, { branches: { main: 'c4', feature: 'c2' }, tags: { 'v1.0': 'c1' } });
    execFileSync('git', ['tag', '-a', '-m', 'annotated release', 'v2.0', sha.c3!], { cwd: dir });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists recent commits of HEAD, then branches and tags (annotated ones peeled to their commit), with subjects', async () => {
    const named = await namedCommits(dir, 3);
    const commits = named.filter((n) => n.kind === 'commit');
    assert.deepEqual(commits.map((c) => c.sha), [sha.c4, sha.c3, sha.c2]);
    assert.equal(commits[0]!.subject, 'subject 4');
    const branches = Object.fromEntries(named.filter((n) => n.kind === 'branch').map((n) => [n.name, n.sha]));
    assert.deepEqual(branches, { main: sha.c4, feature: sha.c2 });
    const tags = named.filter((n) => n.kind === 'tag');
    assert.deepEqual(Object.fromEntries(tags.map((t) => [t.name, t.sha])), { 'v1.0': sha.c1, 'v2.0': sha.c3 });
    assert.equal(tags.find((t) => t.name === 'v2.0')!.subject, 'subject 3', "an annotated tag shows its commit's subject");
  });
});

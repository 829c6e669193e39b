import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BlameCache, BlameError, parsePorcelain } from '../../../src/git/blame';
import { buildRepo, gitSync, tempDir } from '../../fixtures/repos/fastImport';

describe('git/blame', function () {
  this.timeout(30_000);
  let dir: string;
  let sha: Record<string, string>;
  before(() => {
    dir = tempDir('blame');
    sha = buildRepo(dir, [
      { label: 'c0', message: 'add f', files: { 'f.txt': 'a\nb\nc\n', 'g.txt': 'one\ntwo\n' }, author: { name: 'Ann', email: 'ann@example.com' } },
      { label: 'c1', parents: ['c0'], message: 'capitalise b', files: { 'f.txt': 'a\nB\nc\n' }, author: { name: 'Bob', email: 'bob@example.com' } },
      { label: 'c2', parents: ['c1'], message: 'windows file', files: { 'crlf.txt': 'x\r\ny\r\nz\r\n' } },
      { label: 'c3', parents: ['c2'], message: 'reformat g', files: { 'g.txt': 'ONE\ntwo\n' } },
    ]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the commit that last changed each line, with author, ISO date and summary', async () => {
    const b = new BlameCache();
    const l0 = await b.blameLine(dir, path.join(dir, 'f.txt'), 0);
    const l1 = await b.blameLine(dir, 'f.txt', 1);
    assert.deepEqual(l0, { kind: 'committed', sha: sha.c0, author: 'Ann', authorEmail: 'ann@example.com', date: '2023-11-14T22:13:20.000Z', summary: 'add f' });
    assert.equal(l1.kind === 'committed' && l1.sha, sha.c1);
    assert.equal(l1.kind === 'committed' && l1.author, 'Bob');
  });

  it('reports uncommitted lines of a dirty file, and new lines of an unsaved buffer', async () => {
    const b = new BlameCache();
    const file = path.join(dir, 'f.txt');
    assert.equal((await b.blameLine(dir, file, 0)).kind, 'committed');
    fs.writeFileSync(file, 'a changed\nB\nc\n');
    try {
      assert.deepEqual(await b.blameLine(dir, file, 0), { kind: 'uncommitted' }, 'the saved change is seen (cache keyed on content)');
      const l1 = await b.blameLine(dir, file, 1);
      assert.equal(l1.kind === 'committed' && l1.sha, sha.c1);
      // Unsaved buffer: a line inserted before "c".
      const buffer = 'a\nB\ninserted\nc\n';
      assert.deepEqual(await b.blameLine(dir, file, 2, buffer), { kind: 'uncommitted' });
      const l3 = await b.blameLine(dir, file, 3, buffer);
      assert.equal(l3.kind === 'committed' && l3.sha, sha.c0);
    } finally {
      gitSync(dir, ['checkout', '--', 'f.txt']);
    }
  });

  it('blames CRLF files on disk and as unsaved CRLF buffers', async () => {
    const b = new BlameCache();
    const l1 = await b.blameLine(dir, 'crlf.txt', 1);
    assert.equal(l1.kind === 'committed' && l1.sha, sha.c2);
    const l2 = await b.blameLine(dir, 'crlf.txt', 2, 'x\r\ny\r\nz\r\nnew\r\n');
    assert.equal(l2.kind === 'committed' && l2.sha, sha.c2);
    assert.deepEqual(await b.blameLine(dir, 'crlf.txt', 3, 'x\r\ny\r\nz\r\nnew\r\n'), { kind: 'uncommitted' });
  });

  it('honours .git-blame-ignore-revs when the repository has one', async () => {
    const b = new BlameCache();
    const before = await b.blameLine(dir, 'g.txt', 0);
    assert.equal(before.kind === 'committed' && before.sha, sha.c3);
    const ignore = path.join(dir, '.git-blame-ignore-revs');
    fs.writeFileSync(ignore, `# formatting\n${sha.c3}\n`);
    try {
      b.invalidate();
      const after = await b.blameLine(dir, 'g.txt', 0);
      assert.equal(after.kind === 'committed' && after.sha, sha.c0);
    } finally {
      fs.rmSync(ignore);
    }
  });

  it('caches per file and revision: same answer without git, new answer after HEAD moves', async () => {
    const b = new BlameCache();
    const first = await b.blameLine(dir, 'f.txt', 2);
    const again = await b.blameLine(dir, 'f.txt', 2);
    // The very same object: the answer came from the cache, not from a second `git blame` (which parses a new one).
    assert.strictEqual(again, first);
    assert.equal(b.size, 1);
    const file = path.join(dir, 'f.txt');
    fs.writeFileSync(file, 'a\nB\nC\n');
    gitSync(dir, ['commit', '-q', '-am', 'capitalise c']);
    const head = gitSync(dir, ['rev-parse', 'HEAD']).trim();
    try {
      const moved = await b.blameLine(dir, 'f.txt', 2);
      assert.equal(moved.kind === 'committed' && moved.sha, head);
    } finally {
      gitSync(dir, ['reset', '-q', '--hard', sha.c3!]);
    }
    const back = await b.blameLine(dir, 'f.txt', 2);
    assert.deepEqual(back, first, 'after reset the old revision answers again');
  });

  it('untracked files are uncommitted; a line past the end is a clear error', async () => {
    const b = new BlameCache();
    const file = path.join(dir, 'new.txt');
    fs.writeFileSync(file, 'hello\n');
    try {
      assert.deepEqual(await b.blameLine(dir, file, 0), { kind: 'uncommitted' });
    } finally {
      fs.rmSync(file);
    }
    await assert.rejects(b.blameLine(dir, 'f.txt', 99), (e: unknown) => e instanceof BlameError && /line 100 is beyond the end/.test(e.message));
  });

  it('a file reached through a symbolic link is blamed, not taken for one outside the repository', async () => {
    const b = new BlameCache();
    const link = path.join(tempDir('blame-link'), 'repo');
    fs.symlinkSync(dir, link, 'dir');
    try {
      // The editor's path goes through the link; git names the repository by its real path.
      const c = await b.blameLine(dir, path.join(link, 'f.txt'), 1);
      assert.equal(c.kind === 'committed' && c.sha, sha.c1);
    } finally {
      fs.rmSync(path.dirname(link), { recursive: true, force: true });
    }
  });

  it('a file that is not in the repository at all is an error, never "uncommitted"', async () => {
    const b = new BlameCache();
    const elsewhere = tempDir('blame-elsewhere');
    try {
      fs.writeFileSync(path.join(elsewhere, 'x.txt'), 'x\n');
      await assert.rejects(b.blameLine(dir, path.join(elsewhere, 'x.txt'), 0), (e: unknown) => e instanceof BlameError && /outside/.test(e.message));
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('parses porcelain output and rejects garbage', () => {
    const rec = `${'b'.repeat(40)} 1 1 1\nauthor Zed\nauthor-mail <z@x>\nauthor-time 0\nsummary s\n\tline\n`;
    assert.deepEqual(parsePorcelain(rec), { kind: 'committed', sha: 'b'.repeat(40), author: 'Zed', authorEmail: 'z@x', date: '1970-01-01T00:00:00.000Z', summary: 's' });
    assert.deepEqual(parsePorcelain(`${'0'.repeat(40)} 1 1 1\n`), { kind: 'uncommitted' });
    assert.throws(() => parsePorcelain('fatal: nope'), BlameError);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { commitRange, parseLog, readLog } from '../../../src/git/log';
import { buildRepo, tempDir } from '../../fixtures/repos/fastImport';

const R = '\x1e';
const F = '\x1f';
const record = (fields: string[]) => `${R}${fields.join(F)}\n`;
const good = (sha: string) => [sha, '', 'Ann', 'ann@example.com', '2024-01-01T00:00:00Z', 'Bob', 'bob@example.com', '2024-01-02T00:00:00Z', 'subject', 'body', 'subject\n\nbody\n'];

describe('git/log', function () {
  this.timeout(30_000);

  it('reads commits with parents, author, committer and message from a real history', async () => {
    const dir = tempDir('log');
    try {
      const sha = buildRepo(dir, [
        { label: 'c0', message: 'first', files: { a: '0' }, author: { name: 'Ann', email: 'ann@example.com' } },
        { label: 'c1', parents: ['c0'], message: 'second\n\nwith a body', files: { a: '1' } },
      ]);
      const { commits, problems } = await readLog(dir, ['HEAD']);
      assert.deepEqual(problems, []);
      assert.deepEqual(commits.map((c) => [c.sha, c.parents, c.subject, c.body, c.message]), [
        [sha.c1, [sha.c0], 'second', 'with a body', 'second\n\nwith a body'],
        [sha.c0, [], 'first', '', 'first'],
      ]);
      assert.equal(commits[1]!.author, 'Ann');
      assert.ok(!Number.isNaN(Date.parse(commits[1]!.committerDate)));
      const range = await commitRange(dir, sha.c0, sha.c1!);
      assert.deepEqual(range.commits.map((c) => c.sha), [sha.c1]);
      assert.equal(range.truncated, false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a malformed record out and names it, keeping the others', () => {
    const ok = 'a'.repeat(40);
    const bad = good('zzz');
    const text = record(good(ok)) + record(bad) + record(['only', 'two']) + record([...good('b'.repeat(40)).slice(0, 4), 'yesterday', ...good('b'.repeat(40)).slice(5)]);
    const { commits, problems } = parseLog(text);
    assert.deepEqual(commits.map((c) => c.sha), [ok]);
    assert.deepEqual(problems, ['git log record 1: field sha: not a full commit id', 'git log record 2: expected 11 fields, got 2', 'git log record 3: field date: not a date']);
  });
});

import assert from 'node:assert/strict';
import { commitRange, parseLog, readLog } from '../../../src/git/log';
import { makeRepo, removeRepo, repoShas } from '../backends/demo/helpers';

const R = '\x1e';
const F = '\x1f';
const record = (fields: string[]) => `${R}${fields.join(F)}\n`;
const good = (sha: string) => [sha, '', 'Ann', 'ann@example.com', '2024-01-01T00:00:00Z', 'Bob', 'bob@example.com', '2024-01-02T00:00:00Z', 'subject', 'body', 'subject\n\nbody\n'];

describe('git/log', function () {
  this.timeout(30_000);

  it('reads commits with parents, author, committer and message from a real history', async () => {
    const repo = makeRepo(['first', 'second\n\nwith a body']);
    try {
      const [root, next] = repoShas(repo) as [string, string];
      const { commits, problems } = await readLog(repo, ['HEAD']);
      assert.deepEqual(problems, []);
      assert.deepEqual(commits.map((c) => [c.sha, c.parents, c.subject, c.body, c.message]), [
        [next, [root], 'second', 'with a body', 'second\n\nwith a body'],
        [root, [], 'first', '', 'first'],
      ]);
      assert.equal(commits[1]!.author, 'Ada Lovelace');
      assert.ok(!Number.isNaN(Date.parse(commits[1]!.committerDate)));
      const range = await commitRange(repo, root, next);
      assert.deepEqual(range.commits.map((c) => c.sha), [next]);
      assert.equal(range.truncated, false);
    } finally {
      removeRepo(repo);
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

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commitRange, ownRecentCommits, parseLog, readLog } from '../../../src/git/log';
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
  it("finds the user's own commits of the last days by the repository's user.email, matched literally", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'own-'));
    try {
      const git = (args: string[], env: Record<string, string> = {}) =>
        execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_COMMITTER_NAME: 'CI', GIT_COMMITTER_EMAIL: 'ci@example.invalid', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
      git(['init', '-q', '-b', 'main']);
      assert.deepEqual(await ownRecentCommits(dir, 7), [], 'a repository without commits: nothing');
      git(['config', 'user.email', 'a.b+x@example.invalid']);
      git(['config', 'user.name', 'Me']);
      const day = 86_400_000;
      const commit = (msg: string, email: string, ageDays: number) => {
        const date = new Date(Date.now() - ageDays * day).toISOString();
        git(['commit', '-q', '--allow-empty', '-m', msg], { GIT_AUTHOR_NAME: 'X', GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
        return git(['rev-parse', 'HEAD']);
      };
      commit('mine, old', 'a.b+x@example.invalid', 30);
      const mine = commit('mine, recent', 'a.b+x@example.invalid', 2);
      commit('look-alike address', 'aXb+x@example.invalid', 1);
      commit('someone else', 'other@example.invalid', 1);
      const own = await ownRecentCommits(dir, 7);
      assert.deepEqual(own.map((c) => c.sha), [mine]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

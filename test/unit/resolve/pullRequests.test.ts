// The backend's pull requests merged into the release notes: one entry per number with the backend's fields, the
// locally named ones kept, the cap on the commits asked about and the notices that say what was left out.

import assert from 'node:assert/strict';
import { type CommitPullRequests, emptyNotes, type NotePullRequest } from '../../../src/core/model';
import type { LogCommit } from '../../../src/git/log';
import { addBackendPullRequests, MAX_PULL_REQUEST_COMMITS, mergePullRequests } from '../../../src/resolve/pullRequests';

function commit(i: number, subject = `change ${i}`): LogCommit {
  const sha = i.toString(16).padStart(40, 'a');
  return { sha, parents: [], author: 'Ann', authorEmail: 'ann@example.com', date: '2025-01-01T00:00:00Z', committer: 'Ann', committerEmail: 'ann@example.com', committerDate: '2025-01-01T00:00:00Z', subject, body: '', message: subject };
}

describe('resolve/pullRequests', () => {
  it('merges by number: the backend\'s title, link, author and merge time win, commits join, local-only PRs stay', () => {
    const local: NotePullRequest[] = [
      { key: '#5', number: 5, title: 'Basket (from the merge message)', url: 'https://github.com/acme/shop/pull/5', author: 'Ann', commits: [{ sha: 'a'.repeat(40) }], source: 'local-git' },
      { key: '#6', number: 6, title: 'Only in a squash message', source: 'local-git' },
      { key: '!7', number: 7, title: 'A GitLab merge request', source: 'local-git' },
    ];
    const github: NotePullRequest[] = [
      { key: '#5', number: 5, title: 'Basket: add and remove lines', url: 'https://github.com/acme/shop/pull/5', author: 'ann-dev', mergedAt: '2025-01-02T00:00:00Z', state: 'MERGED', commits: [{ sha: 'a'.repeat(40) }, { sha: 'b'.repeat(40) }], source: 'backend' },
      { key: '#7', number: 7, title: 'GitHub PR 7', source: 'backend' },
      { key: '#9', number: 9, title: 'Only GitHub knows it', source: 'backend' },
    ];
    const merged = mergePullRequests(local, github);
    assert.deepEqual(merged.map((p) => [p.key, p.title, p.author, p.source]), [
      ['#5', 'Basket: add and remove lines', 'ann-dev', 'backend'],
      ['#6', 'Only in a squash message', undefined, 'local-git'],
      ['!7', 'A GitLab merge request', undefined, 'local-git'],
      ['#7', 'GitHub PR 7', undefined, 'backend'],
      ['#9', 'Only GitHub knows it', undefined, 'backend'],
    ]);
    assert.equal(merged[0]!.mergedAt, '2025-01-02T00:00:00Z');
    assert.deepEqual(merged[0]!.commits!.map((c) => c.sha[0]), ['a', 'b'], 'one entry per commit');
    assert.equal(local[0]!.title, 'Basket (from the merge message)', 'the input is not changed');
  });

  it('asks about the newest 100 commits of a longer range and says so; fills the commits from local Git', async () => {
    const range = Array.from({ length: 250 }, (_, i) => commit(i + 1));
    let asked: readonly string[] = [];
    const notes = emptyNotes('r1');
    notes.pullRequests.push({ key: '#3', number: 3, title: 'local title', source: 'local-git' });
    await addBackendPullRequests(notes, {
      range,
      truncated: false,
      commitUrl: (sha) => `https://github.com/acme/shop/commit/${sha}`,
      lookup: async (shas): Promise<CommitPullRequests> => {
        asked = shas;
        return { pullRequests: [{ key: '#3', number: 3, title: 'GitHub title', url: 'https://github.com/acme/shop/pull/3', commits: [{ sha: range[0]!.sha }], source: 'backend' }] };
      },
    });
    assert.equal(asked.length, MAX_PULL_REQUEST_COMMITS);
    assert.deepEqual(asked, range.slice(0, 100).map((c) => c.sha), 'the newest ones, in order');
    assert.equal(notes.pullRequests.length, 1);
    assert.equal(notes.pullRequests[0]!.title, 'GitHub title');
    assert.deepEqual(notes.pullRequests[0]!.commits, [{ sha: range[0]!.sha, message: 'change 1', url: `https://github.com/acme/shop/commit/${range[0]!.sha}`, author: 'Ann' }]);
    assert.deepEqual(notes.notices, ['Pull requests were looked up for the newest 100 of 250 commits of this release; those of older commits are named from merge and squash messages only.']);
  });

  it('a range the local cap cut says "more than"; a short one says nothing', async () => {
    const lookup = async (): Promise<CommitPullRequests> => ({ pullRequests: [] });
    const cut = emptyNotes('r1');
    await addBackendPullRequests(cut, { range: Array.from({ length: 250 }, (_, i) => commit(i + 1)), truncated: true, lookup });
    assert.match(cut.notices?.[0] ?? '', /newest 100 of more than 250 commits/);
    const short = emptyNotes('r2');
    await addBackendPullRequests(short, { range: [commit(1), commit(2)], truncated: false, lookup });
    assert.equal(short.notices, undefined);
  });

  it('a failed lookup keeps the local PRs and says why; unreadable PRs are counted; a cancelled one is passed on', async () => {
    const failed = emptyNotes('r1');
    failed.pullRequests.push({ key: '#3', number: 3, title: 'local', source: 'local-git' });
    await addBackendPullRequests(failed, { range: [commit(1)], truncated: false, lookup: () => Promise.reject(new Error("GitHub's rate limit is used up")) });
    assert.deepEqual(failed.pullRequests.map((p) => p.title), ['local']);
    assert.match(failed.notices?.[0] ?? '', /could not be loaded: GitHub's rate limit is used up\. Pull requests are named from merge and squash messages only\./);

    const skipped = emptyNotes('r2');
    await addBackendPullRequests(skipped, { range: [commit(1)], truncated: false, lookup: async () => ({ pullRequests: [], skipped: { count: 1, reasons: ['repository.c0.associatedPullRequests.nodes[1].number: expected number'] } }) });
    assert.match(skipped.notices?.[0] ?? '', /^1 pull request the backend sent could not be read and is left out: repository\.c0/);

    const cancelled = Object.assign(new Error('The request was cancelled.'), { kind: 'cancelled' });
    await assert.rejects(addBackendPullRequests(emptyNotes('r3'), { range: [commit(1)], truncated: false, lookup: () => Promise.reject(cancelled) }), /cancelled/);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { emptyNotes } from '../../../src/core/model';
import { prFromMessage } from '../../../src/git/pullRequestMessages';
import { assembleReleaseNotes, findPreviousRelease, issueKeys, remoteLinks } from '../../../src/resolve/notes';
import { buildRepo, gitSync, tempDir } from '../../fixtures/repos/fastImport';
import { release } from './releases';

describe('resolve/notes', function () {
  this.timeout(30_000);

  it('builds links for GitHub, GitLab and Bitbucket remotes, ssh or https, without credentials', () => {
    const gh = remoteLinks('git@github.com:acme/shop.git')!;
    assert.equal(gh.commit('abc'), 'https://github.com/acme/shop/commit/abc');
    assert.equal(gh.pullRequest(12), 'https://github.com/acme/shop/pull/12');
    const gl = remoteLinks('https://oauth2:glpat-secret@gitlab.example.com/group/sub/shop.git')!;
    assert.equal(gl.web, 'https://gitlab.example.com/group/sub/shop');
    assert.equal(gl.pullRequest(3), 'https://gitlab.example.com/group/sub/shop/-/merge_requests/3');
    const bb = remoteLinks('ssh://git@bitbucket.org:22/acme/shop.git')!;
    assert.equal(bb.commit('abc'), 'https://bitbucket.org/acme/shop/commits/abc');
    assert.equal(remoteLinks('/srv/git/shop.git'), undefined);
    assert.equal(remoteLinks('https://github.com/acme/sh"op<x>'), undefined, 'nothing that could break out of a link');
  });

  it('reads PR numbers from merge and squash messages and Jira keys from text', () => {
    assert.deepEqual(prFromMessage('Merge pull request #42 from acme/feat', 'Add search\n\nmore'), { number: 42, via: 'merge', title: 'Add search' });
    assert.deepEqual(prFromMessage('Add search (#43)'), { number: 43, via: 'squash', title: 'Add search' });
    assert.equal(prFromMessage("Merge branch 'x' into 'main'", 'See merge request acme/shop!7')?.number, 7);
    assert.equal(prFromMessage('Merged in feat (pull request #9)')?.number, 9);
    assert.equal(prFromMessage('plain commit #4 mention'), undefined);
    assert.deepEqual(issueKeys('AP-45834 and ENG-2: UTF-8, ISO-8601, AP-45834 again, x-AP-1'), ['AP-45834', 'ENG-2']);
  });

  it('merges backend notes with the local range previous..this: PRs with their commits, issues, links', async () => {
    const dir = tempDir('notes');
    try {
      const sha = buildRepo(dir, [
        { label: 'base', files: { a: '0' } },
        { label: 'f1', parents: ['base'], message: 'SHOP-1 add basket', files: { b: '1' }, author: { name: 'Ann', email: 'ann@example.com' } },
        { label: 'f2', parents: ['f1'], message: 'basket tests', files: { b: '2' }, author: { name: 'Ann', email: 'ann@example.com' } },
        { label: 'm', parents: ['base', 'f2'], message: 'Merge pull request #5 from acme/basket\n\nBasket' },
        { label: 's', parents: ['m'], message: 'Faster checkout (#6)', files: { a: '1' }, author: { name: 'Bob', email: 'bob@example.com' } },
      ]);
      gitSync(dir, ['remote', 'add', 'origin', 'git@github.com:acme/shop.git']);
      const prev = release('shop', 'r1', 10, sha.base, { dev: 'SUCCEEDED' });
      const cur = release('shop', 'r2', 20, sha.s, { dev: 'RUNNING' });
      const backend = emptyNotes('r2');
      backend.pullRequests.push({ key: '#6', number: 6, title: 'Faster checkout (backend title)', source: 'backend' });
      backend.issues.push({ key: 'SHOP-1', title: 'Basket', url: 'https://jira.example.com/browse/SHOP-1', source: 'backend' });
      const n = await assembleReleaseNotes({ release: cur, previous: prev, backendNotes: backend, repoRoot: dir });
      assert.deepEqual(n.commits.map((c) => c.sha), [sha.s, sha.f2, sha.f1], 'merge commits are represented by their PR');
      assert.equal(n.commits[0]!.url, `https://github.com/acme/shop/commit/${sha.s}`);
      assert.equal(n.commits[0]!.author, 'Bob <bob@example.com>');
      assert.deepEqual(n.pullRequests.map((p) => [p.key, p.source, p.title, p.url]), [
        ['#6', 'backend', 'Faster checkout (backend title)', 'https://github.com/acme/shop/pull/6'],
        ['#5', 'local-git', 'Basket', 'https://github.com/acme/shop/pull/5'],
      ]);
      assert.deepEqual(n.pullRequests[1]!.commits!.map((c) => c.sha), [sha.f2, sha.f1]);
      assert.equal(n.pullRequests[1]!.author, 'Ann');
      assert.deepEqual(n.issues.map((i) => [i.key, i.source]), [['SHOP-1', 'backend']], 'backend issue kept, not duplicated');
      assert.ok(!backend.commits.length, 'the backend notes object is not modified');
      // Keys found only in local Git link through the issue tracker setting; without it (or with a non-http value) not.
      const linked = await assembleReleaseNotes({ release: cur, previous: prev, repoRoot: dir, issueTrackerUrl: 'https://acme.atlassian.net/browse/' });
      assert.deepEqual(linked.issues.map((i) => [i.key, i.source, i.url]), [['SHOP-1', 'local-git', 'https://acme.atlassian.net/browse/SHOP-1']]);
      const unlinked = await assembleReleaseNotes({ release: cur, previous: prev, repoRoot: dir, issueTrackerUrl: 'javascript:alert(1)//' });
      assert.equal(unlinked.issues[0]!.url, undefined);

      assert.equal(findPreviousRelease([cur, prev], cur)?.id, 'r1');
      // The release commit is not in this clone: the backend notes come back as they are.
      const foreign = release('shop', 'r3', 30, 'e'.repeat(40), { dev: 'RUNNING' });
      assert.deepEqual(await assembleReleaseNotes({ release: foreign, backendNotes: backend, repoRoot: dir }), { ...backend, releaseId: 'r3' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

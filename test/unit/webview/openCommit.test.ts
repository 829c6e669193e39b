// "Open commit" from the release notes, host side: the multi-file diff handed to `vscode.changes`, built through
// the Git extension's API (a stand-in here that behaves as its typings say), from the repository that has the commit.

import assert from 'node:assert/strict';
import { commitDiff, type GitApiLike, type GitRepositoryLike } from '../../../src/vscode/panel/commit';

interface Uri {
  path: string;
  ref?: string;
}

function repo(root: string, commits: Record<string, { parents: string[]; message: string; changes: { path: string; status: number; from?: string }[] }>): GitRepositoryLike<Uri> & { diffs: string[] } {
  const diffs: string[] = [];
  const find = (ref: string) => Object.entries(commits).find(([hash]) => hash.startsWith(ref));
  return {
    rootUri: { path: root },
    diffs,
    getCommit(ref) {
      const c = find(ref);
      if (!c) return Promise.reject(new Error(`bad revision ${ref}`));
      return Promise.resolve({ hash: c[0], message: c[1].message, parents: c[1].parents });
    },
    diffBetween(ref1, ref2) {
      diffs.push(`${ref1}..${ref2}`);
      const c = find(ref2);
      return Promise.resolve((c?.[1].changes ?? []).map((x) => ({ uri: { path: `${root}/${x.path}` }, originalUri: { path: `${root}/${x.from ?? x.path}` }, status: x.status })));
    },
  };
}

const api = (repos: GitRepositoryLike<Uri>[]): GitApiLike<Uri> => ({ repositories: repos, toGitUri: (uri, ref) => ({ path: uri.path, ref }) });

describe('release panel: open a commit of the release notes', () => {
  const SHA = '1111111aaaaaaabbbbbbbcccccccdddddddeeeee';
  const PARENT = '0000000aaaaaaabbbbbbbcccccccdddddddeeeee';

  it('diffs the commit against its first parent in the repository that has it: added, changed, deleted and renamed files', async () => {
    const other = repo('/other', {});
    const mine = repo('/shop', {
      [SHA]: {
        parents: [PARENT, '2222222'],
        message: 'feat: add checkout\n\nlong body',
        changes: [
          { path: 'src/new.ts', status: 1 },
          { path: 'src/cart.ts', status: 5 },
          { path: 'src/old.ts', status: 2 },
          { path: 'src/renamed.ts', from: 'src/before.ts', status: 3 },
        ],
      },
    });
    const diff = await commitDiff(api([other, mine]), '1111111aaaaaaa');
    assert.ok(diff);
    assert.equal(diff.title, '1111111 feat: add checkout');
    assert.deepEqual(mine.diffs, [`${PARENT}..${SHA}`]);
    assert.deepEqual(diff.resources, [
      [{ path: '/shop/src/new.ts' }, undefined, { path: '/shop/src/new.ts', ref: SHA }],
      [{ path: '/shop/src/cart.ts' }, { path: '/shop/src/cart.ts', ref: PARENT }, { path: '/shop/src/cart.ts', ref: SHA }],
      [{ path: '/shop/src/old.ts' }, { path: '/shop/src/old.ts', ref: PARENT }, undefined],
      [{ path: '/shop/src/renamed.ts' }, { path: '/shop/src/before.ts', ref: PARENT }, { path: '/shop/src/renamed.ts', ref: SHA }],
    ]);
  });

  it('gives nothing for a root commit (it has no parent to diff from)', async () => {
    const root = repo('/shop', { [SHA]: { parents: [], message: 'initial', changes: [{ path: 'README.md', status: 1 }] } });
    assert.equal(await commitDiff(api([root]), SHA), undefined);
  });

  it('gives nothing when no open repository has the commit (the panel then opens its remote page)', async () => {
    assert.equal(await commitDiff(api([repo('/shop', {})]), SHA), undefined);
    assert.equal(await commitDiff(api([]), SHA), undefined);
  });
});

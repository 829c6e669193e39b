// The editor and the CLI answer "where is this commit deployed?" through one module: the same question of the same
// data gets the same answer from both, whatever kind of commit of a release carries the commit asked about.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, runCli } from '../../../src/cli/run';
import type { CommitDeployments } from '../../../src/core/deployment';
import { emptyNotes, type ProductReleases, type ReleasesFile } from '../../../src/core/model';
import { graphCommits, GraphSource } from '../../../src/resolve/graphSource';
import { buildRepo, tempDir } from '../../fixtures/repos/fastImport';
import { product, release } from './releases';

/** The editor's path: a graph source over the store's snapshot, loaded, then asked synchronously. */
async function editorAnswer(root: string, data: ProductReleases[], sha: string): Promise<CommitDeployments> {
  const source = new GraphSource(root, { version: 1, snapshot: () => data });
  await source.load();
  const answer = source.whereNow(sha);
  assert.ok(answer, 'the loaded graph answers synchronously');
  return answer;
}

/** The CLI's path: `where <sha> --releases FILE --json`. */
async function cliAnswer(root: string, data: ProductReleases[], sha: string): Promise<CommitDeployments> {
  const file = path.join(path.dirname(root), 'releases.json');
  fs.writeFileSync(file, JSON.stringify({ version: 1, products: data } satisfies ReleasesFile));
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['where', sha, '--repo', root, '--releases', file, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root, env: {}, home: root });
  assert.equal(code, EXIT.ok, err.join('\n'));
  return JSON.parse(out.join('\n')) as CommitDeployments;
}

const states = (a: CommitDeployments) => ({
  unknown: a.unknown?.reason,
  envs: a.products.flatMap((p) => p.environments.map((e) => `${p.product}/${e.environment} ${e.state} ${e.release?.id ?? '-'} ${e.containment ?? '-'}`)),
});

describe('resolve/graphSource: the editor and the CLI give the same answer', function () {
  this.timeout(30_000);
  let dir: string;
  let root: string;
  let sha: Record<string, string>;
  before(() => {
    dir = tempDir('graph-source');
    root = path.join(dir, 'repo');
    // main: c0 - c1. The image of release r1 was built from x2 on a branch that is gone (no ref reaches x1 or x2).
    sha = buildRepo(
      root,
      [
        { label: 'c0', files: { a: '0' } },
        { label: 'c1', parents: ['c0'], files: { a: '1' } },
        { label: 'x1', parents: ['c0'], files: { x: '1' } },
        { label: 'x2', parents: ['x1'], files: { x: '2' } },
      ],
      { branches: { main: 'c1' } },
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a commit reached only through a release image commit, not its trigger commit', async () => {
    const data: ProductReleases[] = [
      {
        product: product('shop', ['dev', 'prod']),
        releases: [release('shop', 'r1', 10, sha.c1, { dev: 'SUCCEEDED', prod: 'RUNNING' }, { status: 'RUNNING' })],
        notes: { r1: { ...emptyNotes('r1'), images: [{ image: 'registry.example/shop/api:1', commit: { sha: sha.x2!, link: 'image-revision' }, source: 'backend' }] } },
      },
    ];
    const cli = states(await cliAnswer(root, data, sha.x1!));
    assert.deepEqual(cli.envs, ['shop/dev deployed r1 ancestor', 'shop/prod on-its-way r1 ancestor']);
    assert.deepEqual(states(await editorAnswer(root, data, sha.x1!)), cli);
  });

  it('a commit reached only through a commit of a release pull request', async () => {
    const data: ProductReleases[] = [
      {
        product: product('shop', ['dev']),
        releases: [release('shop', 'r1', 10, sha.c1, { dev: 'SUCCEEDED' })],
        notes: { r1: { ...emptyNotes('r1'), pullRequests: [{ key: '#7', number: 7, commits: [{ sha: sha.x2! }], source: 'backend' }] } },
      },
    ];
    const cli = states(await cliAnswer(root, data, sha.x2!));
    assert.deepEqual(cli.envs, ['shop/dev deployed r1 pr-commit']);
    assert.deepEqual(states(await editorAnswer(root, data, sha.x2!)), cli);
  });

  it('a commit no ref or release reaches (a typed sha): the editor loads it in the background, then answers as the CLI', async () => {
    const data: ProductReleases[] = [{ product: product('shop', ['dev']), releases: [release('shop', 'r1', 10, sha.c1, { dev: 'SUCCEEDED' })] }];
    let changed!: () => void;
    const loaded = new Promise<void>((resolve) => (changed = resolve));
    const source = new GraphSource(root, { version: 1, snapshot: () => data }, { onDidChange: () => changed() });
    await source.load();
    assert.equal(source.whereNow(sha.x1!)?.unknown?.reason, 'commit-not-found', 'not loaded yet: said so, while it loads');
    await loaded;
    const cli = states(await cliAnswer(root, data, sha.x1!));
    assert.deepEqual(cli.envs, ['shop/dev not-yet - -']);
    assert.deepEqual(states(source.whereNow(sha.x1!)!), cli);
  });
});

describe('resolve/graphSource: the commits to load', () => {
  it('names each carried commit once, however many releases carry it', () => {
    const a = 'a'.repeat(40);
    const b = 'B'.repeat(40);
    const data = [
      { product: product('shop', ['dev']), releases: [release('shop', 'r3', 30, a, { dev: 'SUCCEEDED' }), release('shop', 'r2', 20, b, { dev: 'SUCCEEDED' }), release('shop', 'r1', 10, a, { dev: 'SUCCEEDED' })] },
      { product: product('cart', ['dev']), releases: [release('cart', 'c1', 10, b.toLowerCase(), { dev: 'SUCCEEDED' })] },
    ];
    assert.deepEqual(graphCommits(data), [a, b.toLowerCase()]);
  });
});

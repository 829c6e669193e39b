import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { CommitDeployments, EnvironmentDeployment } from '../../../src/core/deployment';
import { CommitGraph } from '../../../src/git/graph';
import { createResolver, whereDeployed } from '../../../src/resolve/where';
import { buildRepo, gitSync, tempDir } from '../../fixtures/repos/fastImport';
import { product, release, snapshot, at } from './releases';

/** `env: state releaseId [first firstId]` per environment, for compact exact assertions. */
function summary(d: CommitDeployments, productName = 'shop'): Record<string, string> {
  const p = d.products.find((x) => x.product === productName);
  assert.ok(p, `product ${productName} missing`);
  const out: Record<string, string> = {};
  for (const e of p.environments) out[e.environment] = describeEnv(e);
  return out;
}
function describeEnv(e: EnvironmentDeployment): string {
  let s = e.state;
  if (e.release) s += ` ${e.release.id}`;
  if (e.firstRelease) s += ` first=${e.firstRelease.id}`;
  if (e.reason) s += ` (${e.reason})`;
  return s;
}

const ENVS = ['dev', 'staging', 'prod'];

describe('resolve/where: linear history with a hotfix branch', function () {
  this.timeout(20_000);
  let dir: string;
  let sha: Record<string, string>;
  let graph: CommitGraph;
  const data = () => [
    snapshot(product('shop', ENVS), [
      // newest first
      release('shop', 'r4', 40, sha.c5, { dev: 'RUNNING', staging: 'PENDING', prod: 'PENDING' }, { status: 'RUNNING' }),
      release('shop', 'r3', 30, sha.c4, { dev: 'SUCCEEDED', staging: 'FAILED', prod: 'SKIPPED' }, {
        status: 'FAILED',
        error: { code: 'STEP_FAILED', message: 'staging smoke tests failed' },
      }),
      release('shop', 'r2', 20, sha.c3, { dev: 'SUCCEEDED', staging: 'SUCCEEDED', prod: 'SUSPENDED' }, { status: 'SUSPENDED' }),
      release('shop', 'r1', 10, sha.c1, { dev: 'SUCCEEDED', staging: 'SUCCEEDED', prod: 'SUCCEEDED' }),
    ]),
  ];

  before(async () => {
    dir = tempDir('where-linear');
    // c0-c1-c2-c3-c4 on main; c5 is a hotfix on top of c3 (not containing c4)
    sha = buildRepo(
      dir,
      [
        { label: 'c0', files: { 'a.txt': '0\n' } },
        { label: 'c1', parents: ['c0'], files: { 'a.txt': '1\n' } },
        { label: 'c2', parents: ['c1'], files: { 'a.txt': '2\n' } },
        { label: 'c3', parents: ['c2'], files: { 'a.txt': '3\n' } },
        { label: 'c4', parents: ['c3'], files: { 'a.txt': '4\n' } },
        { label: 'c5', parents: ['c3'], files: { 'b.txt': 'hotfix\n' } },
      ],
      { branches: { main: 'c4', hotfix: 'c5' } },
    );
    graph = await CommitGraph.load(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an old commit is deployed everywhere, with the live and the first release per environment', () => {
    const d = whereDeployed(sha.c0!, data(), graph);
    assert.deepEqual(summary(d), {
      dev: 'deployed r3 first=r1',
      staging: 'deployed r2 first=r1',
      prod: 'deployed r1 first=r1',
    });
    const prod = d.products[0]!.environments[2]!;
    assert.equal(prod.containment, 'ancestor');
    assert.equal(prod.since, at(10 + 10 + 4));
    assert.equal(prod.release?.environmentStatus.kind, 'succeeded');
  });

  it('the trigger commit of the prod release says so', () => {
    const d = whereDeployed(sha.c1!, data(), graph);
    assert.equal(d.products[0]!.environments[2]!.containment, 'trigger');
    assert.equal(summary(d).prod, 'deployed r1 first=r1');
  });

  it('a commit waiting for approval in prod is on its way there', () => {
    const d = whereDeployed(sha.c2!, data(), graph);
    assert.deepEqual(summary(d), { dev: 'deployed r3 first=r2', staging: 'deployed r2 first=r2', prod: 'on-its-way r2' });
  });

  it('a commit carried by two moving releases is on its way through the one that will bring it first', () => {
    const d = whereDeployed(sha.c3!, data(), graph);
    // r2 (suspended in prod) and r4 (pending there) both carry c3: r2 is ahead.
    assert.deepEqual(summary(d), { dev: 'deployed r3 first=r2', staging: 'deployed r2 first=r2', prod: 'on-its-way r2' });
    const noR2 = [snapshot(product('shop', ENVS), data()[0]!.releases.filter((r) => r.id !== 'r2'))];
    assert.deepEqual(summary(whereDeployed(sha.c3!, noR2, graph)), { dev: 'deployed r3 first=r3', staging: 'on-its-way r4', prod: 'on-its-way r4' });
  });

  it('a commit whose newest release failed in staging is blocked there with the error, and not yet in prod', () => {
    const d = whereDeployed(sha.c4!, data(), graph);
    assert.deepEqual(summary(d), { dev: 'deployed r3 first=r3', staging: 'blocked r3', prod: 'not-yet' });
    assert.equal(d.products[0]!.environments[1]!.error, 'staging smoke tests failed');
  });

  it('the hotfix commit is on its way everywhere (running in dev, pending behind it)', () => {
    const d = whereDeployed(sha.c5!, data(), graph);
    assert.deepEqual(summary(d), { dev: 'on-its-way r4', staging: 'on-its-way r4', prod: 'on-its-way r4' });
  });

  it('an unknown sha is unknown as a whole (commit-not-found)', () => {
    const d = whereDeployed('1234567890abcdef1234567890abcdef12345678', data(), graph);
    assert.equal(d.products.length, 0);
    assert.equal(d.unknown?.reason, 'commit-not-found');
  });

  it('a live release whose commit is not in this clone makes the answer unknown, not "not yet"', () => {
    const missing = 'f'.repeat(40);
    const snap = [
      snapshot(product('shop', ENVS), [
        release('shop', 'rx', 50, missing, { dev: 'SUCCEEDED', staging: 'SUCCEEDED', prod: 'SUCCEEDED' }),
        ...data()[0]!.releases,
      ]),
    ];
    const d = whereDeployed(sha.c4!, snap, graph);
    assert.deepEqual(summary(d), { dev: 'unknown rx (commit-not-found)', staging: 'unknown rx (commit-not-found)', prod: 'unknown rx (commit-not-found)' });
  });

  it('a pending step in a release that already failed is blocked, not on its way', () => {
    const snap = [
      snapshot(product('shop', ENVS), [
        release('shop', 'rf', 50, sha.c4, { dev: 'FAILED', staging: 'PENDING', prod: 'PENDING' }, { status: 'FAILED', error: { message: 'dev failed' } }),
        release('shop', 'r1', 10, sha.c1, { dev: 'SUCCEEDED', staging: 'SUCCEEDED', prod: 'SUCCEEDED' }),
      ]),
    ];
    const d = whereDeployed(sha.c4!, snap, graph);
    assert.deepEqual(summary(d), { dev: 'blocked rf', staging: 'blocked rf', prod: 'blocked rf' });
  });

  it('promotion commits a list row carries (legacy steps[].applications[].commitSha) count without the detail', () => {
    const row = release('shop', 'rl', 50, undefined, { dev: 'SUCCEEDED' });
    const env = row.environments[0]!;
    env.applicationCommits = [{ application: { runtime: 'rt', namespace: 'ns', name: 'shop-dev' }, commitSha: sha.c2! }];
    const d = whereDeployed(sha.c2!, [snapshot(product('shop', ['dev']), [row])], graph);
    assert.equal(summary(d).dev, 'deployed rl first=rl');
    assert.equal(d.products[0]!.environments[0]!.containment, 'promotion-commit');
    // An ancestor of the promotion commit is carried too; a later commit is not.
    assert.equal(summary(whereDeployed(sha.c1!, [snapshot(product('shop', ['dev']), [row])], graph)).dev, 'deployed rl first=rl');
    assert.equal(summary(whereDeployed(sha.c4!, [snapshot(product('shop', ['dev']), [row])], graph)).dev, 'not-yet');
  });

  it('promotion commits and image source commits from notes count as carried commits', () => {
    const r = release('shop', 'rp', 50, undefined, { dev: 'SUCCEEDED' });
    const detail = {
      ...r,
      steps: [
        {
          environment: 'dev',
          dependsOn: [],
          status: 'SUCCEEDED',
          preWorkflows: [],
          postWorkflows: [],
          applications: [{ app: { runtime: 'rt', namespace: 'ns', name: 'shop-dev' }, status: 'SUCCEEDED', commitSha: sha.c2 }],
          issues: [],
        },
      ],
    };
    const viaPromotion = whereDeployed(sha.c2!, [snapshot(product('shop', ['dev']), [detail])], graph);
    assert.equal(summary(viaPromotion).dev, 'deployed rp first=rp');
    assert.equal(viaPromotion.products[0]!.environments[0]!.containment, 'promotion-commit');
    assert.equal(summary(whereDeployed(sha.c1!, [snapshot(product('shop', ['dev']), [detail])], graph)).dev, 'deployed rp first=rp');
    assert.equal(summary(whereDeployed(sha.c4!, [snapshot(product('shop', ['dev']), [detail])], graph)).dev, 'not-yet');

    const img = release('shop', 'ri', 50, undefined, { dev: 'RUNNING' }, { status: 'RUNNING' });
    const snap = {
      ...snapshot(product('shop', ['dev']), [img]),
      notes: {
        ri: {
          releaseId: 'ri',
          commits: [],
          pullRequests: [],
          issues: [],
          images: [{ image: 'docker.io/acme/shop:abc', commit: { sha: sha.c5! }, source: 'backend' as const }],
          gitopsCommits: [],
          gitopsPullRequests: [],
          builds: [],
        },
      },
    };
    const viaImage = whereDeployed(sha.c5!, [snap], graph);
    assert.equal(summary(viaImage).dev, 'on-its-way ri');
    assert.equal(viaImage.products[0]!.environments[0]!.containment, 'image-commit');
  });

  it('a release with no commit information gives unknown (no-data) when it is the live one', () => {
    const snap = [snapshot(product('shop', ['dev']), [release('shop', 'rn', 50, undefined, { dev: 'SUCCEEDED' })])];
    assert.equal(summary(whereDeployed(sha.c1!, snap, graph)).dev, 'unknown rn (no-data)');
  });

  it('the resolver index answers repeated questions the same way and follows graph updates', async () => {
    const resolver = createResolver(data(), graph);
    assert.deepEqual(resolver.where(sha.c4!), whereDeployed(sha.c4!, data(), graph));
    // A new commit on main after the graph was loaded: unknown until the graph is updated, then answered.
    fs.writeFileSync(`${dir}/a.txt`, '5\n');
    gitSync(dir, ['commit', '-q', '-am', 'c6']);
    const c6 = gitSync(dir, ['rev-parse', 'HEAD']).trim();
    assert.equal(resolver.where(c6).unknown?.reason, 'commit-not-found');
    assert.equal(await graph.update(), true);
    assert.equal(await graph.update(), false, 'nothing moved: no change');
    assert.deepEqual(summary(resolver.where(c6)), { dev: 'not-yet', staging: 'not-yet', prod: 'not-yet' });
    assert.deepEqual(summary(resolver.where(sha.c2!)), { dev: 'deployed r3 first=r2', staging: 'deployed r2 first=r2', prod: 'on-its-way r2' });
  });
});

describe('resolve/where: criss-cross merges', function () {
  this.timeout(20_000);
  it('commits reach releases through either side of criss-cross merges', async () => {
    const dir = tempDir('where-criss');
    try {
      // b0 -> a1, b1; a2 = merge(a1, b1); b2 = merge(b1, a1); a3 = merge(a2, b2)
      const sha = buildRepo(
        dir,
        [
          { label: 'b0', files: { x: '0' } },
          { label: 'a1', parents: ['b0'], files: { a: '1' } },
          { label: 'b1', parents: ['b0'], files: { b: '1' } },
          { label: 'a2', parents: ['a1', 'b1'], files: { a: '2' } },
          { label: 'b2', parents: ['b1', 'a1'], files: { b: '2' } },
          { label: 'a3', parents: ['a2', 'b2'], files: { a: '3' } },
          { label: 'z1', parents: ['b0'], files: { z: '1' } },
        ],
        { branches: { a: 'a3', b: 'b2', z: 'z1' } },
      );
      const graph = await CommitGraph.load(dir);
      const snap = [
        snapshot(product('shop', ['dev', 'prod']), [
          release('shop', 'rA3', 30, sha.a3, { dev: 'SUCCEEDED', prod: 'QUEUED' }, { status: 'RUNNING' }),
          release('shop', 'rB2', 20, sha.b2, { dev: 'SUCCEEDED', prod: 'SUCCEEDED' }),
          release('shop', 'rA2', 10, sha.a2, { dev: 'SUCCEEDED', prod: 'SUCCEEDED' }),
        ]),
      ];
      const r = createResolver(snap, graph);
      assert.deepEqual(summary(r.where(sha.a1!)), { dev: 'deployed rA3 first=rA2', prod: 'deployed rB2 first=rA2' });
      assert.deepEqual(summary(r.where(sha.b1!)), { dev: 'deployed rA3 first=rA2', prod: 'deployed rB2 first=rA2' });
      assert.deepEqual(summary(r.where(sha.a2!)), { dev: 'deployed rA3 first=rA2', prod: 'on-its-way rA3' });
      assert.deepEqual(summary(r.where(sha.b2!)), { dev: 'deployed rA3 first=rB2', prod: 'deployed rB2 first=rB2' });
      assert.deepEqual(summary(r.where(sha.z1!)), { dev: 'not-yet', prod: 'not-yet' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

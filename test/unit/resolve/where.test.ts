import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AncestryOracle, CommitDeployments, EnvironmentDeployment } from '../../../src/core/deployment';
import { CommitGraph } from '../../../src/git/graph';
import type { ProductReleases } from '../../../src/core/model';
import { createResolver } from '../../../src/resolve/where';
import { buildRepo, gitSync, tempDir } from '../../fixtures/repos/fastImport';
import { product, release, snapshot, at } from './releases';

/** One question, one resolver. */
const whereDeployed = (sha: string, data: readonly ProductReleases[], graph: AncestryOracle) => createResolver(data, graph).where(sha);

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

  it('says when the release it names got there: the live one, and a running one by its own start, not the release\'s age', () => {
    const d = whereDeployed(sha.c0!, data(), graph);
    const dev = d.products[0]!.environments[0]!;
    // c0 has been in dev since r1 reached it; the live release there is r3, which reached dev later.
    assert.equal(dev.since, at(10 + 4));
    assert.equal(dev.releaseAt, at(30 + 4), 'when r3, the live release, reached dev');
    const moving = whereDeployed(sha.c5!, data(), graph).products[0]!.environments[0]!;
    assert.equal(moving.state, 'on-its-way');
    assert.equal(moving.releaseAt, at(40), 'when r4 started in dev, not when it last changed');
    const blocked = whereDeployed(sha.c4!, data(), graph).products[0]!.environments[1]!;
    assert.equal(blocked.state, 'blocked');
    assert.equal(blocked.releaseAt, at(30 + 5 + 4), 'when r3 failed in staging');
  });

  it('an old commit is deployed everywhere, with the live and the first release per environment', () => {
    const d = whereDeployed(sha.c0!, data(), graph);
    assert.deepEqual(summary(d), {
      dev: 'deployed r3 first=r1',
      staging: 'deployed r2 first=r1',
      prod: 'deployed r1 first=r1',
    });
    const prod = d.products[0]!.environments[2]!;
    assert.equal(prod.containment, 'ancestor');
    // The carried commit it descends from is the trigger commit, which Codefresh names by sha.
    assert.equal(prod.link, 'exact-sha');
    assert.equal(prod.since, at(10 + 10 + 4));
    assert.equal(prod.release?.environmentStatus.kind, 'succeeded');
  });

  it('the trigger commit of the prod release says so', () => {
    const d = whereDeployed(sha.c1!, data(), graph);
    assert.equal(d.products[0]!.environments[2]!.containment, 'trigger');
    assert.equal(d.products[0]!.environments[2]!.link, 'exact-sha');
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
    // Only the GitOps repository's commit links it: the answer says so.
    assert.equal(d.products[0]!.environments[0]!.link, 'gitops-commit');
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
          images: [{ image: 'docker.io/acme/shop:abc', commit: { sha: sha.c5!, link: 'image-revision' as const }, source: 'backend' as const }],
          gitopsCommits: [],
          gitopsPullRequests: [],
          builds: [],
        },
      },
    };
    const viaImage = whereDeployed(sha.c5!, [snap], graph);
    assert.equal(summary(viaImage).dev, 'on-its-way ri');
    assert.equal(viaImage.products[0]!.environments[0]!.containment, 'image-commit');
    assert.equal(viaImage.products[0]!.environments[0]!.link, 'image-revision');
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
      // a2 reached dev with rA2, left it with rB2 (which has only a1 and b1) and came back with rA3.
      assert.deepEqual(summary(r.where(sha.a2!)), { dev: 'deployed rA3 first=rA3', prod: 'on-its-way rA3' });
      assert.deepEqual(summary(r.where(sha.b2!)), { dev: 'deployed rA3 first=rB2', prod: 'deployed rB2 first=rB2' });
      assert.deepEqual(summary(r.where(sha.z1!)), { dev: 'not-yet', prod: 'not-yet' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('resolve/where: releases that cannot change the answer, rollbacks and the live run', function () {
  this.timeout(20_000);
  const DAY = 1440; // minutes
  const T0s = Date.parse('2025-06-01T10:00:00.000Z') / 1000;
  let dir: string;
  let sha: Record<string, string>;
  let graph: CommitGraph;
  const missing = 'e'.repeat(40);
  const envs = (dev: string, prod: string) => ({ dev, prod });

  before(async () => {
    dir = tempDir('where-ignored');
    // c0 … c4 on main, one every three days (committer dates matter: a release made before a commit existed cannot
    // carry it).
    const commits = ['c0', 'c1', 'c2', 'c3', 'c4'].map((label, i) => ({
      label,
      parents: i ? [`c${i - 1}`] : [],
      files: { 'a.txt': `${i}\n` },
      time: T0s + i * 3 * 86_400,
    }));
    sha = buildRepo(dir, commits, { branches: { main: 'c4' } });
    graph = await CommitGraph.load(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const base = () => [
    release('shop', 'r3', 10 * DAY, sha.c3, envs('SUCCEEDED', 'SUCCEEDED')),
    release('shop', 'r2', 7 * DAY, sha.c2, envs('SUCCEEDED', 'SUCCEEDED')),
    // An old release whose commit this clone does not have (created on day 4: after c1, before c2).
    release('shop', 'rx', 4 * DAY, missing, envs('SUCCEEDED', 'SUCCEEDED')),
    release('shop', 'r1', 1 * DAY, sha.c0, envs('SUCCEEDED', 'SUCCEEDED')),
  ];
  const ask = (c: string, releases: ReturnType<typeof base>) => whereDeployed(c, [snapshot(product('shop', ['dev', 'prod']), releases)], graph);

  it('an old release with a missing commit does not make a commit made after it unknown', () => {
    const d = ask(sha.c4!, base());
    assert.deepEqual(summary(d), { dev: 'not-yet', prod: 'not-yet' });
    assert.equal(d.products[0]!.environments[0]!.ignored, undefined, 'rx could not carry c4: nothing was ignored');
  });

  it('a deployed commit stays deployed; a release that might carry it is ignored, and the answer says so', () => {
    const d = ask(sha.c1!, base());
    assert.deepEqual(summary(d), { dev: 'deployed r3 first=r2', prod: 'deployed r3 first=r2' });
    const prod = d.products[0]!.environments[1]!;
    assert.deepEqual(prod.ignored?.map((i) => [i.releaseId, i.reason]), [['rx', 'commit-not-found']]);
    // c0 was in every release since r1: rx is passed over, the run goes back to r1.
    assert.deepEqual(summary(ask(sha.c0!, base())), { dev: 'deployed r3 first=r1', prod: 'deployed r3 first=r1' });
  });

  it('a release that could decide the answer still makes it unknown', () => {
    // Running in dev with a commit this clone does not have: c4 might be on its way.
    const running = release('shop', 'ry', 13 * DAY, missing, { dev: 'RUNNING' }, { status: 'RUNNING' });
    const d = ask(sha.c4!, [running, ...base()]);
    assert.equal(summary(d).dev, 'unknown ry (commit-not-found)');
    assert.equal(summary(d).prod, 'not-yet');
    // An older deployed commit is deployed whatever ry carries.
    assert.equal(summary(ask(sha.c3!, [running, ...base()])).dev, 'deployed r3 first=r3');
    // rx is old enough to carry c1: had c1 not been in the live release, rx might have had it.
    const rollback = release('shop', 'rb', 11 * DAY, sha.c0, envs('SUCCEEDED', 'SUCCEEDED'));
    const noR23 = base().filter((r) => r.id !== 'r3' && r.id !== 'r2');
    assert.equal(summary(ask(sha.c1!, [rollback, ...noR23])).prod, 'unknown rx (commit-not-found)');
  });

  it('a commit replaced by a rollback is no longer deployed, naming the release that had it and the live one', () => {
    const rollback = release('shop', 'rb', 11 * DAY, sha.c1, envs('SUCCEEDED', 'SUCCEEDED'));
    const d = ask(sha.c2!, [rollback, ...base()]);
    const prod = d.products[0]!.environments[1]!;
    assert.equal(prod.state, 'no-longer-deployed');
    assert.equal(prod.release?.id, 'r3', 'the newest release that had it');
    assert.equal(prod.liveRelease?.id, 'rb', 'the live release, without it');
    // A line that moved on without the change: a later release from a branch that never had c3.
    assert.equal(summary(ask(sha.c3!, [rollback, ...base()])).prod, 'no-longer-deployed r3');
    // Coming back with a newer release makes it deployed again, from that release on.
    const again = release('shop', 'r4', 13 * DAY, sha.c3, envs('SUCCEEDED', 'SUCCEEDED'));
    const back = ask(sha.c2!, [again, rollback, ...base()]);
    assert.equal(summary(back).prod, 'deployed r4 first=r4', 'first release of the current run, not r2');
    assert.equal(back.products[0]!.environments[1]!.since, again.environments[1]!.updatedAt);
  });

  it('"since" is when the commit arrived in the current run of releases that carry it', () => {
    const d = ask(sha.c2!, base());
    const prod = d.products[0]!.environments[1]!;
    assert.equal(prod.firstRelease?.id, 'r2');
    assert.equal(prod.since, base()[1]!.environments[1]!.updatedAt, 'when r2 reached prod, not when r3 did');
  });

  it('the release the backend flags active in an environment is the live one, whatever was created last', () => {
    const releases = base();
    releases[1]!.environments[1]!.active = true; // r2 is live in prod (r3 was rolled back there)
    const d = ask(sha.c3!, releases);
    assert.equal(summary(d).dev, 'deployed r3 first=r3');
    assert.equal(summary(d).prod, 'no-longer-deployed r3');
    assert.equal(d.products[0]!.environments[1]!.liveRelease?.id, 'r2');
    assert.equal(summary(ask(sha.c2!, releases)).prod, 'deployed r2 first=r2');
    // The same from a release detail's step (the legacy API's `active`).
    const detail = {
      ...base()[1]!,
      steps: base()[1]!.environments.map((e) => ({ environment: e.name, dependsOn: [], status: e.status, updatedAt: e.updatedAt, active: e.name === 'prod', preWorkflows: [], postWorkflows: [], applications: [], issues: [] })),
    };
    const viaStep = [base()[0]!, detail, ...base().slice(2)];
    assert.equal(summary(ask(sha.c3!, viaStep)).prod, 'no-longer-deployed r3');
  });
});

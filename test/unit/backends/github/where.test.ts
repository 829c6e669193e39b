// Where a commit is, read through the GitHub mapping and the resolver, from GitHub's own objects: deployments as its
// GraphQL API gives them (`Deployment.state`, `latestStatus`, https://docs.github.com/en/graphql/reference/objects#deployment),
// workflow runs and pending deployments as its REST API does
// (https://docs.github.com/en/rest/actions/workflow-runs#get-pending-deployments-for-a-workflow-run).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { groupReleases } from '../../../../src/backends/github/mapping';
import type { GqlDeployment, PendingDeployment, Run } from '../../../../src/backends/github/schemas';
import type { EnvironmentDeployment } from '../../../../src/core/deployment';
import type { Product } from '../../../../src/core/model';
import { CommitGraph } from '../../../../src/git/graph';
import { createResolver } from '../../../../src/resolve/where';
import { buildRepo, tempDir } from '../../../fixtures/repos/fastImport';

const run = (id: number, sha: string, at: string, status: string, conclusion: string | null): Run => ({
  id,
  name: 'Deploy',
  head_sha: sha,
  head_branch: 'main',
  path: '.github/workflows/deploy.yml',
  run_number: id,
  event: 'push',
  status,
  conclusion,
  created_at: at,
  updated_at: at.replace(':00Z', ':30Z'),
  html_url: `https://github.com/o/r/actions/runs/${id}`,
});

/** A deployment with its own state and its latest status (which GitHub reports separately). */
const dep = (id: number, env: string, sha: string, at: string, state: string, latest: string | null, runId: number, statusAt = at): GqlDeployment => ({
  databaseId: id,
  environment: env,
  latestEnvironment: env,
  state,
  task: 'deploy',
  createdAt: at,
  updatedAt: statusAt,
  commitOid: sha,
  latestStatus: latest ? { state: latest, createdAt: statusAt, logUrl: `https://github.com/o/r/actions/runs/${runId}/job/${id * 10}` } : null,
});

const PRODUCT: Product = {
  name: 'o/r',
  environments: [{ name: 'production', kind: 'PROD', position: 0 }],
  flows: [],
  flowSource: 'workflow-files',
};

describe('GitHub: where a commit is', function () {
  this.timeout(20_000);
  let dir: string;
  let sha: Record<string, string>;
  let graph: CommitGraph;
  before(async () => {
    dir = tempDir('github-where');
    sha = buildRepo(dir, [
      { label: 'c1', files: { 'a.txt': '1\n' } },
      { label: 'c2', parents: ['c1'], files: { 'a.txt': '2\n' } },
    ], { branches: { main: 'c2' } });
    graph = await CommitGraph.load(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const where = (runs: Run[], deployments: GqlDeployment[], c: string, pending = new Map<number, PendingDeployment[]>()): EnvironmentDeployment => {
    const releases = groupReleases({ repo: 'o/r', webUrl: 'https://github.com', deployments, runs, workflows: [], pending, canWrite: true, dependsOn: () => [] });
    const d = createResolver([{ product: PRODUCT, releases }], graph).where(c);
    return d.products[0]!.environments.find((e) => e.environment === 'production')!;
  };

  it('the newest deployment whose latest status is inactive was taken down: not deployed, saying when', () => {
    const e = where(
      [run(1, sha.c2!, '2025-01-01T10:00:00Z', 'completed', 'success')],
      [dep(11, 'production', sha.c2!, '2025-01-01T10:05:00Z', 'INACTIVE', 'INACTIVE', 1, '2025-01-03T09:00:00Z')],
      sha.c2!,
    );
    assert.equal(e.state, 'taken-down');
    assert.equal(e.release?.id, 'o/r/runs/1');
    assert.equal(e.since, '2025-01-03T09:00:00Z');
  });

  it('an older inactive deployment under a newer success was superseded: the newer one is live', () => {
    const runs = [run(2, sha.c2!, '2025-01-02T10:00:00Z', 'completed', 'success'), run(1, sha.c1!, '2025-01-01T10:00:00Z', 'completed', 'success')];
    const deployments = [
      dep(21, 'production', sha.c2!, '2025-01-02T10:05:00Z', 'ACTIVE', 'SUCCESS', 2),
      dep(11, 'production', sha.c1!, '2025-01-01T10:05:00Z', 'INACTIVE', 'INACTIVE', 1, '2025-01-02T10:06:00Z'),
    ];
    const e = where(runs, deployments, sha.c1!);
    assert.equal(e.state, 'deployed');
    assert.equal(e.release?.id, 'o/r/runs/2');
    assert.equal(e.firstRelease?.id, 'o/r/runs/1');
  });

  it('an abandoned deployment deployed nothing and is over: blocked, not unknown and not pending from an older status', () => {
    const e = where(
      [run(1, sha.c2!, '2025-01-01T10:00:00Z', 'completed', 'success')],
      [dep(11, 'production', sha.c2!, '2025-01-01T10:05:00Z', 'ABANDONED', 'PENDING', 1)],
      sha.c2!,
    );
    assert.equal(e.state, 'blocked');
    assert.equal(e.release?.environmentStatus.kind, 'failed');
    assert.match(e.error ?? '', /abandoned/i);
  });

  it('a deployment waiting for review is awaiting approval, by whom, with Approve offered', () => {
    const pending = new Map<number, PendingDeployment[]>([
      [1, [{
        environment: { id: 5, name: 'production' },
        wait_timer: 0,
        wait_timer_started_at: null,
        current_user_can_approve: false,
        reviewers: [{ type: 'User', reviewer: { login: 'alice' } }, { type: 'Team', reviewer: { slug: 'platform' } }],
      }]],
    ]);
    const e = where([run(1, sha.c2!, '2025-01-01T10:00:00Z', 'waiting', null)], [dep(11, 'production', sha.c2!, '2025-01-01T10:05:00Z', 'WAITING', 'WAITING', 1)], sha.c2!, pending);
    assert.equal(e.state, 'awaiting-approval');
    assert.deepEqual(e.approval, { approvers: ['@alice', 'team platform'], you: false });
    const mine = new Map([[1, [{ ...pending.get(1)![0]!, current_user_can_approve: true }]]]);
    const e2 = where([run(1, sha.c2!, '2025-01-01T10:00:00Z', 'waiting', null)], [dep(11, 'production', sha.c2!, '2025-01-01T10:05:00Z', 'WAITING', 'WAITING', 1)], sha.c2!, mine);
    assert.equal(e2.state, 'awaiting-approval');
    assert.equal(e2.approval?.you, true);
    assert.ok(e2.actions?.includes('approve'));
  });
});

// The GitHub status table and how deployments and runs become releases: raw values GitHub may add later are kept,
// releases are newest first, and the live one in an environment is the newest that succeeded there.

import { strict as assert } from 'node:assert';
import { environmentStatusOf, groupReleases, phaseOfJob, releaseStatusOfRun } from '../../../../src/backends/github/mapping';
import type { GqlDeployment, Run } from '../../../../src/backends/github/schemas';
import { environmentStatus, releaseStatus, workflowNodeStatus } from '../../../../src/core/status';

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

const dep = (id: number, env: string, sha: string, at: string, state: string, runId?: number): GqlDeployment => ({
  databaseId: id,
  environment: env,
  latestEnvironment: env,
  state,
  task: 'deploy',
  createdAt: at,
  updatedAt: at,
  commitOid: sha,
  latestStatus: { state, createdAt: at, logUrl: runId ? `https://github.com/o/r/actions/runs/${runId}/job/${id * 10}` : null },
});

describe('GitHub mapping', () => {
  it('maps every deployment state of the status table, and keeps an unknown one raw', () => {
    const table: [string, string][] = [
      ['SUCCESS', 'succeeded'],
      ['success', 'succeeded'],
      ['ACTIVE', 'succeeded'],
      ['INACTIVE', 'succeeded'],
      ['IN_PROGRESS', 'running'],
      ['QUEUED', 'queued'],
      ['PENDING', 'pending'],
      ['WAITING', 'suspended'],
      ['FAILURE', 'failed'],
      ['ERROR', 'failed'],
      ['DESTROYED', 'terminated'],
      ['ABANDONED', 'failed'],
      ['SOMETHING_NEW', 'unknown'],
    ];
    for (const [raw, kind] of table) assert.equal(environmentStatus(environmentStatusOf(raw)).kind, kind, raw);
  });

  it('maps run and job status with conclusion', () => {
    assert.equal(releaseStatus(releaseStatusOfRun('completed', 'success')).kind, 'succeeded');
    assert.equal(releaseStatus(releaseStatusOfRun('completed', 'timed_out')).kind, 'failed');
    assert.equal(releaseStatus(releaseStatusOfRun('completed', 'cancelled')).kind, 'terminated');
    assert.equal(releaseStatus(releaseStatusOfRun('waiting', null)).kind, 'suspended');
    assert.equal(releaseStatus(releaseStatusOfRun('in_progress', null)).kind, 'running');
    assert.equal(releaseStatus(releaseStatusOfRun('queued', null)).kind, 'queued');
    assert.equal(workflowNodeStatus(phaseOfJob('completed', 'neutral')).kind, 'succeeded');
    assert.equal(workflowNodeStatus(phaseOfJob('completed', 'skipped')).kind, 'skipped');
    assert.equal(workflowNodeStatus(phaseOfJob('completed', 'stale')).kind, 'skipped');
    assert.equal(workflowNodeStatus(phaseOfJob('completed', 'failure')).kind, 'failed');
    assert.equal(workflowNodeStatus(phaseOfJob('waiting', null)).kind, 'pending');
    const odd = phaseOfJob('completed', 'brand_new');
    assert.equal(odd, 'brand_new');
    assert.equal(workflowNodeStatus(odd).kind, 'unknown');
  });

  it('a release per run with its deployments, a lone deployment of its own, newest first, the newest success live', () => {
    const runs = [run(2, 'bbb', '2025-01-02T10:00:00Z', 'waiting', null), run(1, 'aaa', '2025-01-01T10:00:00Z', 'completed', 'success')];
    const deployments = [
      dep(23, 'production', 'bbb', '2025-01-02T10:10:00Z', 'WAITING', 2),
      dep(22, 'staging', 'bbb', '2025-01-02T10:05:00Z', 'SUCCESS', 2),
      dep(30, 'preview', 'ccc', '2025-01-01T12:00:00Z', 'SUCCESS'),
      dep(12, 'production', 'aaa', '2025-01-01T10:10:00Z', 'SUCCESS', 1),
      dep(11, 'staging', 'aaa', '2025-01-01T10:05:00Z', 'INACTIVE', 1),
    ];
    const releases = groupReleases({
      repo: 'o/r',
      webUrl: 'https://github.com',
      deployments,
      runs,
      workflows: [],
      pending: new Map([[2, [{ environment: { id: 5, name: 'production' }, wait_timer: 0, wait_timer_started_at: null, current_user_can_approve: true, reviewers: [] }]]]),
      canWrite: true,
      dependsOn: (e) => (e === 'production' ? ['staging'] : []),
      order: ['staging', 'production', 'preview'],
    });
    assert.deepEqual(releases.map((r) => r.id), ['o/r/runs/2', 'o/r/deployments/30', 'o/r/runs/1']);
    const [newest, lone, old] = releases;
    assert.equal(newest!.source.kind, 'workflow-run');
    assert.equal(lone!.source.kind, 'deployment');
    assert.equal(newest!.triggerCommit!.sha, 'bbb');
    assert.equal(newest!.triggerCommit!.link, 'exact-sha');
    assert.deepEqual(newest!.environments.map((e) => [e.name, e.status, e.active === true]), [
      ['staging', 'SUCCEEDED', true],
      ['production', 'SUSPENDED', false],
    ]);
    assert.deepEqual(newest!.environments[1]!.actions, ['approve', 'reject', 'abort']);
    assert.deepEqual(newest!.environments[1]!.dependsOn, ['staging']);
    // Production of the old run is still the newest success there: live, although older than the waiting one.
    assert.deepEqual(old!.environments.map((e) => [e.name, e.active === true]), [
      ['staging', false],
      ['production', true],
    ]);
    assert.equal(old!.environments[0]!.actions, undefined);
  });

  it('offers retry on a failed run and nothing without write access', () => {
    const runs = [run(3, 'ddd', '2025-01-03T10:00:00Z', 'completed', 'failure')];
    const deployments = [dep(31, 'production', 'ddd', '2025-01-03T10:05:00Z', 'FAILURE', 3)];
    const base = { repo: 'o/r', webUrl: 'https://github.com', deployments, runs, workflows: [], pending: new Map(), dependsOn: () => [] };
    assert.deepEqual(groupReleases({ ...base, canWrite: true })[0]!.environments[0]!.actions, ['retry']);
    assert.equal(groupReleases({ ...base, canWrite: false })[0]!.environments[0]!.actions, undefined);
  });
});

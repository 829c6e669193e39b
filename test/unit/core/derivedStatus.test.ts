import assert from 'node:assert/strict';
import { derivedStatus } from '../../../src/core/derivedStatus';
import type { ReleaseSummary } from '../../../src/core/model';
import { environmentVerdict, findFailures, stepStatusAcrossWorkflows, workflowStatusFromSteps } from '../../../src/core/rules';
import { bigRelease, failedRelease } from '../../webview/fixtures';

function summary(): ReleaseSummary {
  return {
    id: 'r2',
    source: { backend: 'codefresh', kind: 'promotion' },
    productName: 'shop',
    status: 'RUNNING',
    createdAt: '2025-11-12T07:58:00.000Z',
    environments: [
      { name: 'prod', status: 'PENDING', dependsOn: ['dev'] },
      { name: 'dev', status: 'SUCCEEDED' },
      { name: 'edge', status: 'WARPING' },
    ],
  };
}

describe('derived status view', () => {
  it('gives a release in detail the statuses the seed rules give, step by step and workflow by workflow', () => {
    const r = failedRelease();
    const v = derivedStatus(r);
    assert.deepEqual([v.release.kind, v.bucket], ['failed', 'Failed']);
    for (const step of r.steps) {
      const e = v.environments.get(step.environment);
      assert.ok(e, step.environment);
      assert.equal(e.step, step);
      assert.equal(e.status.raw, step.status);
      assert.deepEqual(e.pre && { ...e.pre }, step.preWorkflows.length ? { kind: workflowStatusFromSteps(step.preWorkflows), steps: step.preWorkflows.map(stepStatusAcrossWorkflows) } : undefined);
      assert.deepEqual(e.post?.steps, step.postWorkflows.length ? step.postWorkflows.map(stepStatusAcrossWorkflows) : undefined);
      if (step.preWorkflows.length + step.postWorkflows.length > 0) assert.deepEqual(e.verdict, environmentVerdict(step, r.steps));
    }
    assert.deepEqual(v.environments.get('staging')?.post?.steps, ['failed', 'skipped']);
    assert.deepEqual(v.environments.get('prod')?.verdict, { kind: 'pending', blockedByUpstream: true });
  });

  it('orders environments by the flow and finds the failing steps in that order', () => {
    const r = failedRelease();
    r.steps.reverse();
    const v = derivedStatus(r);
    assert.deepEqual(v.order.map((e) => e.name), ['dev', 'staging', 'qa', 'prod']);
    assert.deepEqual(v.failures, findFailures(v.order.map((e) => e.step!)));
    assert.deepEqual(v.failures.map((f) => [f.environment, f.phase, f.workflowTemplate, f.applicationName]), [['staging', 'post', 'smoke-template', 'web']]);
  });

  it('for a listed release: the listed statuses, flow order, no workflows and no failures; unknown values keep their raw text', () => {
    const v = derivedStatus(summary());
    assert.equal(v.release.kind, 'running');
    assert.deepEqual(v.order.map((e) => e.name), ['dev', 'prod', 'edge']);
    assert.deepEqual(v.environments.get('edge')?.status, { kind: 'unknown', raw: 'WARPING' });
    assert.equal(v.environments.get('prod')?.listed?.status, 'PENDING');
    assert.deepEqual(v.environments.get('prod')?.verdict, { kind: 'pending', blockedByUpstream: false });
    assert.equal(v.environments.get('dev')?.pre, undefined);
    assert.deepEqual(v.failures, []);
  });

  it('prefers a release step over the listed environment of the same name, and keeps listed ones no step covers', () => {
    const r = failedRelease();
    r.environments = [{ name: 'staging', status: 'RUNNING' }, { name: 'canary', status: 'QUEUED' }];
    const v = derivedStatus(r);
    assert.equal(v.environments.get('staging')?.status.raw, 'FAILED');
    assert.equal(v.environments.get('staging')?.listed?.status, 'RUNNING');
    assert.equal(v.environments.get('canary')?.status.kind, 'queued');
    assert.equal(v.environments.get('canary')?.step, undefined);
    assert.deepEqual(v.order.map((e) => e.name), ['dev', 'staging', 'qa', 'prod'], 'the flow order of a release in detail is its steps');
  });

  it('is computed once per release object: the same object gives the same view, a new snapshot a new one', () => {
    const r = bigRelease(30);
    const v = derivedStatus(r);
    assert.equal(derivedStatus(r), v);
    assert.notEqual(derivedStatus(bigRelease(30)), v);
    assert.deepEqual(derivedStatus(bigRelease(30)).order.map((e) => e.status), v.order.map((e) => e.status));
  });
});

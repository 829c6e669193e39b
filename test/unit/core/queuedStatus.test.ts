import assert from 'node:assert/strict';
import { derivedStatus } from '../../../src/core/derivedStatus';
import type { ReleaseSummary } from '../../../src/core/model';
import { failedRelease } from '../../webview/fixtures';

describe('an environment waiting for its turn', () => {
  it('stays Queued when its detail loads: the step vocabulary has no QUEUED, the environment list does', () => {
    const detail = failedRelease();
    // The list and the detail's environment list say QUEUED; the step (legacy vocabulary) says PENDING.
    detail.environments = detail.environments.map((e) => (e.name === 'prod' ? { ...e, status: 'QUEUED' } : e));
    assert.equal(detail.steps.find((s) => s.environment === 'prod')?.status, 'PENDING');
    const { steps: _steps, hooks: _hooks, ...listed } = detail;
    const summary: ReleaseSummary = listed;
    assert.equal(derivedStatus(summary).environments.get('prod')?.status.kind, 'queued');
    assert.equal(derivedStatus(detail).environments.get('prod')?.status.kind, 'queued', 'the detail says what the list said');
  });

  it('a step that says more than PENDING keeps its own status', () => {
    const detail = failedRelease();
    detail.environments = detail.environments.map((e) => (e.name === 'staging' ? { ...e, status: 'QUEUED' } : e));
    assert.equal(derivedStatus(detail).environments.get('staging')?.status.kind, 'failed');
  });
});

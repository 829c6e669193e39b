// How the states the answer gained read on every surface: awaiting approval (whose, with Approve where the user
// may), taken down (since when), and not yet beside on its way.

import { strict as assert } from 'node:assert';
import type { CommitDeployments, EnvironmentDeployment } from '../../../src/core/deployment';
import { approvalWords } from '../../../src/core/deployment';
import { environmentStatus, releaseStatus } from '../../../src/core/status';
import { deploymentRow } from '../../../src/present/commitRows';
import { deploymentMarkdown, HOVER_COMMANDS } from '../../../src/present/deploymentMarkdown';
import { statusBarView } from '../../../src/present/statusBarText';

const SHA = 'a'.repeat(40);
const NOW = Date.parse('2025-06-04T10:00:00Z');
const ref = (id: string, env: string, rel = 'RUNNING') => ({
  id,
  productName: 'o/r',
  version: `Deploy #${id}`,
  createdAt: '2025-06-01T10:00:00Z',
  environmentStatus: environmentStatus(env),
  releaseStatus: releaseStatus(rel),
});
const answer = (...environments: EnvironmentDeployment[]): CommitDeployments => ({ sha: SHA, products: [{ product: 'o/r', environments }] });

describe('present: awaiting approval, taken down, not yet', () => {
  it('names whose review it waits for, as GitHub says it', () => {
    assert.equal(approvalWords({ state: 'awaiting-approval', approval: { you: true } }), 'waiting for your review');
    assert.equal(approvalWords({ state: 'awaiting-approval', approval: { approvers: ['@alice', 'team platform'], you: false } }), 'waiting for review by @alice, team platform');
    assert.equal(approvalWords({ state: 'awaiting-approval' }), 'waiting for approval');
    assert.equal(approvalWords({ state: 'on-its-way' }), undefined);
  });

  it('offers Approve in the hover and on the Commit Deployments row only where the user may approve', () => {
    const mine: EnvironmentDeployment = { environment: 'production', state: 'awaiting-approval', release: ref('2', 'SUSPENDED', 'SUSPENDED'), approval: { you: true }, actions: ['approve', 'reject', 'abort'] };
    const hover = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: answer(mine), now: NOW });
    assert.match(hover, /Awaiting approval: production/);
    assert.match(hover, /waiting for your review/);
    assert.match(hover, /\[Approve\]\(command:gitopsReleases\.action\.approve\?/);
    assert.ok((HOVER_COMMANDS as readonly string[]).includes('gitopsReleases.action.approve'), 'the hover may run it');
    const row = deploymentRow(mine);
    assert.equal(row.contextValue, 'deployment can-approve');
    assert.match(row.description ?? '', /^Awaiting approval · waiting for your review/);

    const theirs: EnvironmentDeployment = { ...mine, approval: { approvers: ['@alice'], you: false }, actions: ['abort'] };
    const hover2 = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: answer(theirs), now: NOW });
    assert.match(hover2, /waiting for review by \\?@alice/);
    assert.doesNotMatch(hover2, /\[Approve\]/);
    assert.equal(deploymentRow(theirs).contextValue, 'deployment');
  });

  it('the status bar says awaiting approval and taken down, and names the environment', () => {
    const waiting: EnvironmentDeployment = { environment: 'production', state: 'awaiting-approval', release: ref('2', 'SUSPENDED') };
    assert.match(statusBarView(SHA, answer({ environment: 'staging', state: 'deployed', release: ref('2', 'SUCCEEDED') }, waiting)).text, /awaiting approval for production/);
    const down: EnvironmentDeployment = { environment: 'preview', state: 'taken-down', release: ref('1', 'SUCCEEDED', 'SUCCEEDED'), since: '2025-06-03T10:00:00Z' };
    const bar = statusBarView(SHA, answer(down));
    assert.match(bar.text, /taken down in preview/);
    assert.match(bar.accessibleLabel, /taken down in preview/);
  });

  it('taken down reads with when it was taken down, in the hover and the row', () => {
    const down: EnvironmentDeployment = { environment: 'preview', state: 'taken-down', release: ref('1', 'SUCCEEDED', 'SUCCEEDED'), since: '2025-06-03T10:00:00Z' };
    const hover = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: answer(down), now: NOW });
    assert.match(hover, /Taken down: preview \(.*1 d ago\)/);
    const row = deploymentRow(down);
    assert.match(row.description ?? '', /^Taken down · Deploy #1/);
    assert.match(String(row.tooltip), /Taken down .*; nothing replaced it/);
  });

  it('not yet downstream of a deployed environment reads "Not yet", not "On its way"', () => {
    const d = answer({ environment: 'test', state: 'deployed', release: ref('f1', 'SUCCEEDED', 'SUCCEEDED') }, { environment: 'uat', state: 'not-yet' }, { environment: 'prod', state: 'not-yet' });
    const hover = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: d, now: NOW });
    assert.match(hover, /Not yet: uat, prod/);
    assert.doesNotMatch(hover, /On its way/);
    assert.match(statusBarView(SHA, d).text, /in test/);
  });
});

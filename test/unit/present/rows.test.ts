import assert from 'node:assert/strict';
import { derivedStatus } from '../../../src/core/derivedStatus';
import type { EnvironmentDeployment } from '../../../src/core/deployment';
import { commitRow, deploymentRow } from '../../../src/present/commitRows';
import { environmentRow, productRow, releaseRow, stepRow, workflowRow } from '../../../src/present/releaseRows';
import { failedRelease, HOSTILE, hostileRelease } from '../../webview/fixtures';

describe('tree rows', () => {
  it('a release row: version, status, age and trigger commit; its tooltip lists every environment with its status', () => {
    const r = failedRelease();
    const row = releaseRow(r);
    assert.equal(row.label, '1.4.2');
    assert.match(row.description ?? '', /^Failed · started .* ago · feat: checkout$/);
    assert.ok(row.tooltip?.includes('rel\\-failed\\-1'), 'the id is in the tooltip');
    assert.equal(row.contextValue, 'release release-with-sha');
    assert.equal(row.icon?.id, 'error');
    assert.match(row.tooltip ?? '', /dev: Succeeded · staging: Failed · qa: Succeeded · prod: Pending$/);
  });

  it('a product row shows its newest release, or a package icon before any loads', () => {
    const r = failedRelease();
    const row = productRow('shop', { product: { environments: [{ name: 'dev' }, { name: 'prod' }] }, releases: [r] });
    assert.match(row.description ?? '', /^1\.4\.2 · Failed · /);
    assert.equal(row.tooltip, '**shop**\n\nEnvironments: dev, prod\n\n1 release(s) loaded');
    assert.equal(row.collapsible, 'collapsed', 'a product does not open on its releases by itself');
    assert.equal(productRow('shop', undefined).icon?.id, 'package');
    assert.equal(productRow('shop', { product: { environments: [] }, releases: [], error: { message: 'down' } }).description, '⚠ down');
  });

  it('an environment row takes the current status, the cached detail filling the tooltip; the cached status only when nothing current', () => {
    const r = failedRelease();
    const cached = derivedStatus(r).environments.get('staging');
    const { steps: _steps, ...row } = r;
    const listed = derivedStatus({ ...row, environments: [{ name: 'staging', status: 'RUNNING' }] }).environments.get('staging');
    assert.match(environmentRow('staging', listed, cached).description ?? '', /^Running/);
    assert.match(environmentRow('staging', undefined, cached).description ?? '', /^Failed/);
    assert.equal(environmentRow('staging', undefined, undefined).description, 'Unknown');
    assert.match(environmentRow('staging', listed, cached).tooltip ?? '', /Applications:\n\n- api\\-staging: PENDING `abcdef1`\n\nIssues:\n\n- Error \\\(workflow\\\): smoke test failed/);
  });

  it('workflow and step rows read the derived workflow statuses', () => {
    const env = derivedStatus(failedRelease()).environments.get('staging');
    const wf = workflowRow('staging', 'post', env?.post);
    assert.equal(wf.description, 'Failed · 2 step(s)');
    assert.equal(wf.label, 'Post-action workflow');
    assert.equal(workflowRow('staging', 'pre', undefined).description, 'Unknown · 0 step(s)');
    const ws = env!.step!.postWorkflows[0]!;
    const step = stepRow(ws, env!.post!.steps[0]!);
    assert.equal(step.description, 'Failed · 2 apps');
    assert.match(step.tooltip ?? '', /- api: Succeeded \(api\\-smoke\\-wf\)\n- web: Failed \(web\\-smoke\\-wf\)/);
  });

  it('escapes API text in every tooltip', () => {
    const r = hostileRelease();
    for (const tip of [releaseRow(r).tooltip, ...r.steps.map((s) => environmentRow(s.environment, derivedStatus(r).environments.get(s.environment), undefined).tooltip)]) {
      assert.doesNotMatch(tip ?? '', /<img|\]\(/);
    }
    assert.ok(releaseRow(r).tooltip?.includes('&lt;img src\\=x'), 'HTML comes out as text');
    assert.ok(HOSTILE.img.startsWith('<img'));
  });

  it('a commit row and a deployment row', () => {
    const c = commitRow({ kind: 'committed', sha: '0123456789abcdef0123456789abcdef01234567', author: 'Dana', summary: 'fix: [x](javascript:y)' });
    assert.equal(c.label, '0123456');
    assert.match(c.description ?? '', /^fix: \[x\]\(javascript:y\) · Dana$/);
    assert.equal(c.tooltip, '0123456789abcdef0123456789abcdef01234567\n\nfix\\: \\[x\\]\\(javascript\\:y\\)');
    const e: EnvironmentDeployment = {
      environment: 'prod',
      state: 'deployed',
      release: { id: 'r9', productName: 'shop', version: '2.0', createdAt: '', environmentStatus: { kind: 'succeeded', raw: 'SUCCEEDED' }, releaseStatus: { kind: 'succeeded', raw: 'SUCCEEDED' } },
    };
    const d = deploymentRow(e);
    assert.equal(d.contextValue, 'deployment');
    assert.equal(d.icon?.id, 'pass-filled');
    assert.equal(d.description, 'Deployed · 2.0');
    assert.equal(d.tooltip, '**prod**: Deployed\n\nRelease 2\\.0 (id r9) (Succeeded here)');
    assert.equal(deploymentRow({ environment: 'qa', state: 'not-yet' }).contextValue, undefined);
  });
});

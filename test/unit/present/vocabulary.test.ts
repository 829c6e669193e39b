// Each backend's parts read in its own words, through the model (the release's source), never Codefresh's words on
// a GitHub run or a Kargo Freight; a GitHub release is never labelled with a 40-digit sha.

import assert from 'node:assert/strict';
import { derivedStatus } from '../../../src/core/derivedStatus';
import type { ReleaseDetail, ReleaseSource } from '../../../src/core/model';
import { vocabularyOf } from '../../../src/core/vocabulary';
import { buildPanelModel } from '../../../src/present/panelModel';
import { releaseName } from '../../../src/present/releaseLabel';
import { environmentRow, productRow, releaseRow, stepRow, workflowRow } from '../../../src/present/releaseRows';

const GITHUB: ReleaseSource = { backend: 'github', kind: 'workflow-run' };
const KARGO: ReleaseSource = { backend: 'kargo', kind: 'freight' };
const CODEFRESH: ReleaseSource = { backend: 'codefresh', kind: 'product-release' };
const SHA = '0123456789abcdef0123456789abcdef01234567';

function release(source: ReleaseSource): ReleaseDetail {
  return {
    id: 'r1',
    source,
    productName: 'o/r',
    status: 'SUSPENDED',
    version: 'Deploy #12',
    createdAt: '2026-01-10T11:00:00Z',
    environments: [{ name: 'production', status: 'SUSPENDED' }],
    steps: [
      {
        environment: 'production',
        dependsOn: [],
        status: 'SUSPENDED',
        preWorkflows: [{ name: 'deploy', templateName: 'deploy', status: 'Pending', workflows: [] }],
        postWorkflows: [{ name: 'smoke', templateName: 'smoke', status: 'Pending', workflows: [] }],
        applications: [],
        issues: [{ type: 'WORKFLOW', level: 'WARNING', message: 'Waiting for review by @alice', date: '2026-01-10T11:00:00Z' }],
      },
    ],
  };
}

describe('present: each backend in its own words', () => {
  it('the tree names a GitHub run\'s jobs, a Kargo promotion\'s steps and verification, Codefresh\'s workflows', () => {
    const rows = (source: ReleaseSource) => {
      const r = release(source);
      const env = derivedStatus(r).environments.get('production')!;
      const v = vocabularyOf(r.source);
      return {
        pre: workflowRow('production', 'pre', env.pre, v).label,
        post: workflowRow('production', 'post', env.post, v).label,
        env: environmentRow('production', env, env, v),
        step: stepRow(r.steps[0]!.preWorkflows[0]!, 'suspended', v),
      };
    };
    const gh = rows(GITHUB);
    assert.deepEqual([gh.pre, gh.post], ['Jobs', 'Jobs after the deployment']);
    assert.match(gh.env.description ?? '', /^Waiting/, 'GitHub says a job waiting for review is waiting');
    assert.match(gh.env.tooltip ?? '', /- Warning \\\(run\\\): Waiting for review by \\@alice/);
    assert.doesNotMatch(gh.env.tooltip ?? '', /WARNING|WORKFLOW/);
    assert.doesNotMatch(gh.step.tooltip ?? '', /API status|applications/);
    const kargo = rows(KARGO);
    assert.deepEqual([kargo.pre, kargo.post], ['Promotion steps', 'Verification']);
    assert.match(kargo.env.tooltip ?? '', /- Warning \\\(promotion\\\): /);
    const cf = rows(CODEFRESH);
    assert.deepEqual([cf.pre, cf.post], ['Pre-action workflow', 'Post-action workflow']);
    assert.match(cf.step.tooltip ?? '', /API status: Pending/);
  });

  it('the release panel gets the same words in its view model', () => {
    const env = (source: ReleaseSource) => buildPanelModel(release(source), undefined).release.environments[0]!;
    const gh = env(GITHUB);
    assert.deepEqual(gh.workflows.map((w) => [w.title, w.shortTitle]), [['Jobs', 'Jobs'], ['Jobs after the deployment', 'After']]);
    assert.equal(gh.issues[0]!.heading, 'Warning (run)');
    assert.equal(gh.rawStatusLabel, undefined, "GitHub's state was translated: it is not shown as an API status");
    assert.equal(gh.status.label, 'Waiting');
    const cf = env(CODEFRESH);
    assert.deepEqual(cf.workflows.map((w) => w.title), ['Pre-action workflow', 'Post-action workflow']);
    assert.equal(cf.rawStatusLabel, 'API status');
    assert.equal(cf.issues[0]!.heading, 'Warning (workflow)');
    assert.equal(env(KARGO).workflows[1]!.title, 'Verification');
  });

  it('a release whose version is a full commit sha is named by the short sha, in its row and its product\'s', () => {
    assert.equal(releaseName({ id: 'o/r/deployments/7', version: SHA }), '0123456');
    assert.equal(releaseName({ id: 'o/r/runs/1069', releaseName: 'Fix login redirect\n\nbody' }), 'Fix login redirect', 'no version: its title');
    const r = { ...release(GITHUB), version: SHA };
    assert.equal(releaseRow(r).label, '0123456');
    assert.match(productRow('o/r', { product: { environments: [] }, releases: [r] }).description ?? '', /^0123456 · /);
  });
});

// Flows from workflow files of the shapes teams write: environment as a name and as { name, url }, needs chains
// through jobs without an environment, matrices, reusable workflows, and what cannot be read before a run.

import { strict as assert } from 'node:assert';
import { deriveFlows, fallbackFlow } from '../../../../src/backends/github/flow';

const deps = (text: string, path = '.github/workflows/deploy.yml'): Record<string, string[]> => {
  const r = deriveFlows([{ path, text }]);
  return Object.fromEntries((r.workflows[0]?.flow.steps ?? []).map((s) => [s.environment, [...s.dependsOn].sort()]));
};

describe('GitHub flow from workflow files', () => {
  it('reads environments as names and as { name, url }, linked by needs through jobs without one', () => {
    const text = `
name: Deploy
on: push
jobs:
  build: { runs-on: ubuntu-latest, steps: [{ run: make }] }
  staging:
    needs: build
    environment: staging
    runs-on: ubuntu-latest
    steps: [{ run: ./deploy }]
  smoke:
    needs: [staging]
    runs-on: ubuntu-latest
    steps: [{ run: ./smoke }]
  production:
    needs: smoke
    environment:
      name: production
      url: https://example.com
    runs-on: ubuntu-latest
    steps: [{ run: ./deploy }]
`;
    assert.deepEqual(deps(text), { staging: [], production: ['staging'] });
    const r = deriveFlows([{ path: '.github/workflows/deploy.yml', text }]);
    assert.equal(r.workflows[0]!.name, 'Deploy');
    assert.equal(r.workflows[0]!.flow.triggerEnvironment, 'staging');
    assert.deepEqual(r.notUnderstood, []);
  });

  it('expands a matrix listed in the file into one environment per value', () => {
    const text = `
jobs:
  qa: { environment: qa, runs-on: x, steps: [] }
  regions:
    needs: qa
    strategy: { matrix: { region: [eu, us], include: [{ region: ap }] } }
    environment: prod-\${{ matrix.region }}
    runs-on: x
    steps: []
`;
    assert.deepEqual(deps(text), { qa: [], 'prod-eu': ['qa'], 'prod-us': ['qa'], 'prod-ap': ['qa'] });
  });

  it('follows a reusable workflow of the same repository, its environment passed as an input', () => {
    const caller = `
name: Release
jobs:
  staging: { uses: ./.github/workflows/deploy-one.yml, with: { environment: staging } }
  production: { needs: staging, uses: ./.github/workflows/deploy-one.yml, with: { environment: production } }
`;
    const called = `
on: { workflow_call: { inputs: { environment: { type: string } } } }
jobs:
  deploy: { environment: '\${{ inputs.environment }}', runs-on: x, steps: [] }
`;
    const r = deriveFlows([
      { path: '.github/workflows/release.yml', text: caller },
      { path: '.github/workflows/deploy-one.yml', text: called },
    ]);
    const release = r.workflows.find((w) => w.name === 'Release')!;
    assert.deepEqual(release.flow.steps, [
      { environment: 'staging', dependsOn: [] },
      { environment: 'production', dependsOn: ['staging'] },
    ]);
  });

  it('reports what is decided at run time, and a workflow of another repository, as not understood', () => {
    const text = `
jobs:
  pick: { runs-on: x, outputs: { env: x }, steps: [] }
  deploy: { needs: pick, environment: '\${{ needs.pick.outputs.env }}', runs-on: x, steps: [] }
  dynamic: { strategy: { matrix: '\${{ fromJSON(needs.pick.outputs.list) }}' }, environment: '\${{ matrix.env }}', runs-on: x, steps: [] }
  shared: { uses: acme/workflows/.github/workflows/deploy.yml@v1 }
  staging: { environment: staging, runs-on: x, steps: [] }
`;
    const r = deriveFlows([{ path: '.github/workflows/deploy.yml', text }]);
    assert.deepEqual(r.workflows[0]!.flow.steps, [{ environment: 'staging', dependsOn: [] }]);
    assert.equal(r.notUnderstood.length, 3, r.notUnderstood.join('\n'));
    assert.ok(r.notUnderstood.some((n) => n.includes('"deploy"') && n.includes('decided at run time')));
    assert.ok(r.notUnderstood.some((n) => n.includes('"dynamic"') && n.includes('computed at run time')));
    assert.ok(r.notUnderstood.some((n) => n.includes('acme/workflows') && n.includes('not in this repository')));
  });

  it('reports a file that is not YAML and skips workflows that deploy nowhere', () => {
    const r = deriveFlows([
      { path: '.github/workflows/ci.yml', text: 'jobs:\n  test: { runs-on: x, steps: [] }\n' },
      { path: '.github/workflows/bad.yml', text: 'jobs: [unclosed' },
    ]);
    assert.equal(r.workflows.length, 0);
    assert.ok(r.notUnderstood.some((n) => n.startsWith('bad.yml: not valid YAML')));
  });

  it('falls back to the setting, else to the environment order', () => {
    assert.deepEqual(fallbackFlow(['dev', 'qa', 'prod'], undefined)!.steps.map((s) => s.dependsOn), [[], ['dev'], ['qa']]);
    assert.deepEqual(fallbackFlow(['dev', 'qa', 'prod'], { prod: ['dev'] })!.steps.map((s) => s.dependsOn), [[], [], ['dev']]);
    assert.equal(fallbackFlow([], undefined), undefined);
  });
});

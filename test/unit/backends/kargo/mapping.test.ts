import * as assert from 'node:assert/strict';
import { mapDetail, mapNotes, mapProduct, mapReleasePage, PROD_LABEL, type ProjectState } from '../../../../src/backends/kargo/mapping';

/** Every Freight of the product as a release, newest first (one page holding them all). */
const mapReleases = (state: ProjectState, options: Parameters<typeof mapReleasePage>[1] = {}) => mapReleasePage(state, options, 0, Number.POSITIVE_INFINITY).releases;
import { environmentStatus, statusLabel, workflowNodeStatus } from '../../../../src/core/status';
import { freight, promotion, stage } from './builders';

const PROJECT = 'shop';
const stages = [stage('prod', { from: ['staging', 'qa'], labels: { [PROD_LABEL]: 'prod' }, verification: true }), stage('qa', { from: ['dev'] }), stage('dev', { direct: true }), stage('staging', { from: ['dev'], verification: true })];

function envOf(f: ReturnType<typeof freight>, promotions: ReturnType<typeof promotion>[], stageName: string, allStages = stages) {
  const [r] = mapReleases({ project: PROJECT, stages: allStages, freight: [f], promotions });
  const e = r?.environments.find((x) => x.name === stageName);
  assert.ok(e, `no environment ${stageName}`);
  return e;
}

describe('Kargo mapping', () => {
  describe('flow', () => {
    it('orders Stages from the direct one down, and reads dependsOn from the requested sources', () => {
      const p = mapProduct(PROJECT, stages);
      assert.deepEqual(p.environments.map((e) => e.name), ['dev', 'qa', 'staging', 'prod']);
      assert.equal(p.flowSource, 'api');
      assert.equal(p.flows.length, 1);
      const flow = p.flows[0];
      assert.equal(flow?.name, 'app');
      assert.equal(flow?.triggerEnvironment, 'dev');
      assert.deepEqual(flow?.steps.find((s) => s.environment === 'prod')?.dependsOn, ['staging', 'qa']);
      assert.deepEqual(flow?.steps.find((s) => s.environment === 'dev')?.dependsOn, []);
    });

    it('marks PROD by the label or by the setting, and the rest NON_PROD', () => {
      assert.deepEqual(mapProduct(PROJECT, stages).environments.map((e) => e.kind), ['NON_PROD', 'NON_PROD', 'NON_PROD', 'PROD']);
      assert.deepEqual(mapProduct(PROJECT, stages, { prodStages: ['staging'] }).environments.find((e) => e.name === 'staging')?.kind, 'PROD');
    });

    it('narrows to one Warehouse: only its Stages and its Freight', () => {
      const mixed = [...stages, stage('other-dev', { direct: true, warehouse: 'other' })];
      assert.deepEqual(mapProduct(PROJECT, mixed, { warehouse: 'other' }).environments.map((e) => e.name), ['other-dev']);
      const rs = mapReleases({ project: PROJECT, stages: mixed, freight: [freight('a'), freight('b', { warehouse: 'other' })], promotions: [] }, { warehouse: 'other' });
      assert.deepEqual(rs.map((r) => r.id), ['shop/b']);
    });

    it('survives a cycle and a source that names no Stage', () => {
      const odd = [stage('a', { from: ['b'] }), stage('b', { from: ['a', 'ghost'] })];
      assert.deepEqual(mapProduct(PROJECT, odd).environments.map((e) => e.name).sort(), ['a', 'b']);
    });
  });

  describe('status per Stage', () => {
    const cases: [string, string | undefined, string][] = [
      ['Pending', undefined, 'PENDING'],
      ['Running', undefined, 'RUNNING'],
      ['Succeeded', undefined, 'SUCCEEDED'],
      ['Failed', undefined, 'FAILED'],
      ['Errored', undefined, 'FAILED'],
      ['Aborted', undefined, 'TERMINATED'],
    ];
    for (const [phase, , expected] of cases) {
      it(`Promotion phase ${phase}, Freight not (yet) in the Stage: ${expected}`, () => {
        assert.equal(envOf(freight('f'), [promotion('p', 'qa', 'f', phase, { currentStep: 0 })], 'qa').status, expected);
      });
    }

    it('keeps a phase it does not know as raw text, shown as unknown with that text', () => {
      const e = envOf(freight('f'), [promotion('p', 'qa', 'f', 'Hibernating')], 'qa');
      assert.equal(e.status, 'Hibernating');
      assert.equal(statusLabel(environmentStatus(e.status)), 'Unknown (Hibernating)');
    });

    it('a Promotion running the wait-for-approval step is suspended', () => {
      assert.equal(envOf(freight('f'), [promotion('p', 'qa', 'f', 'Running', { currentStep: 1 })], 'qa').status, 'SUSPENDED');
    });

    it('in the Stage now and verified: succeeded and active', () => {
      const e = envOf(freight('f', { currentlyIn: ['staging'], verifiedIn: ['staging'] }), [promotion('p', 'staging', 'f', 'Succeeded')], 'staging');
      assert.equal(e.status, 'SUCCEEDED');
      assert.equal(e.active, true);
    });

    it('in the Stage now with its verification running or failed: running or failed', () => {
      const running = stage('staging', { from: ['dev'], verification: true, history: { freightHistory: [{ items: { 'Warehouse/app': { name: 'f' } }, verificationHistory: [{ phase: 'Running', startTime: '2025-01-01T00:02:00Z' }] }] } });
      assert.equal(envOf(freight('f', { currentlyIn: ['staging'] }), [], 'staging', [stage('dev', { direct: true }), running]).status, 'RUNNING');
      const failed = stage('staging', { from: ['dev'], verification: true, history: { freightHistory: [{ items: { 'Warehouse/app': { name: 'f' } }, verificationHistory: [{ phase: 'Failed', message: 'error rate 9%' }] }] } });
      assert.equal(envOf(freight('f', { currentlyIn: ['staging'] }), [], 'staging', [stage('dev', { direct: true }), failed]).status, 'FAILED');
    });

    it('verified there before and moved on since: succeeded, not active', () => {
      const e = envOf(freight('f', { verifiedIn: ['dev'] }), [], 'dev');
      assert.equal(e.status, 'SUCCEEDED');
      assert.equal(e.active, undefined);
    });

    it('never there: pending (not yet)', () => {
      assert.equal(envOf(freight('f'), [], 'prod').status, 'PENDING');
    });

    it('the newest Promotion of the Freight to the Stage wins', () => {
      const e = envOf(freight('f'), [promotion('old', 'qa', 'f', 'Failed', { created: '2025-01-01T00:00:00Z' }), promotion('new', 'qa', 'f', 'Running', { created: '2025-01-02T00:00:00Z' })], 'qa');
      assert.equal(e.status, 'RUNNING');
    });

    it('the release status: anything running wins, then a failure, then what was reached, else queued', () => {
      const status = (promotions: ReturnType<typeof promotion>[], f = freight('f')) => mapReleases({ project: PROJECT, stages, freight: [f], promotions })[0]?.status;
      assert.equal(status([promotion('p', 'dev', 'f', 'Running')]), 'RUNNING');
      assert.equal(status([promotion('p', 'qa', 'f', 'Failed')], freight('f', { verifiedIn: ['dev'] })), 'FAILED');
      assert.equal(status([], freight('f', { verifiedIn: ['dev'] })), 'SUCCEEDED');
      assert.equal(status([]), 'QUEUED');
    });
  });

  describe('steps and verification of a release in detail', () => {
    it('the Promotion steps with their execution status; steps not reached are pending; unknown step statuses stay raw', () => {
      const d = mapDetail({ project: PROJECT, stages, freight: [freight('f')], promotions: [promotion('p', 'qa', 'f', 'Running', { currentStep: 1, steps: ['Succeeded', 'Aborted'] })] }, 'f');
      const qa = d?.steps.find((s) => s.environment === 'qa');
      assert.deepEqual(qa?.preWorkflows.map((w) => [w.name, w.templateName, w.status]), [
        ['clone', 'git-clone', 'Succeeded'],
        ['approval', 'wait-for-approval', 'Aborted'],
        ['step-3', 'argocd-update', 'Pending'],
      ]);
      assert.equal(workflowNodeStatus('Aborted').kind, 'unknown');
    });

    it('maps step statuses Errored → Error and Skipped → Skipped, verification phases Successful → Succeeded', () => {
      const withRuns = stage('staging', { from: ['dev'], verification: true, history: { freightHistory: [{ items: { x: { name: 'f' } }, verificationHistory: [{ phase: 'Successful', analysisRun: { name: 'run-1' } }, { phase: 'Inconclusive' }] }] } });
      const d = mapDetail({ project: PROJECT, stages: [stage('dev', { direct: true }), withRuns], freight: [freight('f', { currentlyIn: ['staging'] })], promotions: [promotion('p', 'staging', 'f', 'Errored', { steps: ['Errored', 'Skipped'], message: 'step failed' })] }, 'f');
      const st = d?.steps.find((s) => s.environment === 'staging');
      assert.deepEqual(st?.preWorkflows.map((w) => w.status).slice(0, 2), ['Error', 'Skipped']);
      assert.deepEqual(st?.postWorkflows.map((w) => w.status), ['Succeeded', 'Inconclusive']);
      assert.equal(st?.postWorkflows[0]?.workflows[0]?.workflowName, 'run-1');
    });
  });

  describe('commit link and notes', () => {
    it('a Freight with a commit links it exactly', () => {
      const [r] = mapReleases({ project: PROJECT, stages, freight: [freight('f', { commit: 'a'.repeat(40), revision: 'b'.repeat(40) })], promotions: [] });
      assert.deepEqual([r?.triggerCommit?.sha, r?.triggerCommit?.link], ['a'.repeat(40), 'exact-sha']);
    });

    it('a Freight with only an annotated image links its source revision', () => {
      const [r] = mapReleases({ project: PROJECT, stages, freight: [freight('f', { revision: 'b'.repeat(40) })], promotions: [] });
      assert.deepEqual([r?.triggerCommit?.sha, r?.triggerCommit?.link], ['b'.repeat(40), 'image-revision']);
    });

    it('a Freight with neither has no commit link', () => {
      const [r] = mapReleases({ project: PROJECT, stages, freight: [freight('f')], promotions: [] });
      assert.equal(r?.triggerCommit, undefined);
    });

    it('notes: the commits, the images with tag, digest and revision, the charts', () => {
      const n = mapNotes('shop/f', freight('f', { commit: 'a'.repeat(40), revision: 'b'.repeat(40) }));
      assert.deepEqual(n.commits.map((c) => [c.sha, c.message, c.author, c.source]), [['a'.repeat(40), 'feat: a change', 'Ada <ada@example.invalid>', 'backend']]);
      assert.equal(n.images[0]?.image, 'ghcr.io/example/app:v1@sha256:abc');
      assert.equal(n.images[0]?.tag, 'v1');
      assert.equal(n.images[0]?.commit?.link, 'image-revision');
      assert.deepEqual(n.charts, [{ name: 'app', version: '1.0.0', repoURL: 'oci://example.invalid/charts' }]);
    });

    it('releases are Freight newest first, with the alias as version and a project/freight id', () => {
      const rs = mapReleases({ project: PROJECT, stages, freight: [freight('old', { created: '2025-01-01T00:00:00Z' }), freight('new', { created: '2025-02-01T00:00:00Z' })], promotions: [] });
      assert.deepEqual(rs.map((r) => [r.id, r.version, r.source.kind]), [
        ['shop/new', 'alias-new', 'freight'],
        ['shop/old', 'alias-old', 'freight'],
      ]);
    });
  });

  describe('actions', () => {
    const actions = (f: ReturnType<typeof freight>, promotions: ReturnType<typeof promotion>[], s: string) => envOf(f, promotions, s).actions ?? [];
    it('promote where the Freight may go: its direct Stage, or downstream of where it was verified', () => {
      assert.deepEqual(actions(freight('f'), [], 'dev'), ['promote']);
      assert.deepEqual(actions(freight('f', { verifiedIn: ['dev'] }), [], 'qa'), ['promote']);
    });
    it('approve where it may not go yet; once approved, promote', () => {
      assert.deepEqual(actions(freight('f'), [], 'prod'), ['approve']);
      assert.deepEqual(actions(freight('f', { approvedFor: ['prod'] }), [], 'prod'), ['promote']);
    });
    it('abort while its Promotion runs, and nothing else there', () => {
      assert.deepEqual(actions(freight('f', { verifiedIn: ['dev'] }), [promotion('p', 'qa', 'f', 'Running')], 'qa'), ['abort']);
    });
    it('verify where it is now and the Stage has a verification', () => {
      assert.deepEqual(actions(freight('f', { currentlyIn: ['staging'], verifiedIn: ['staging', 'dev'] }), [], 'staging'), ['verify']);
      assert.deepEqual(actions(freight('f', { currentlyIn: ['dev'], verifiedIn: ['dev'] }), [], 'dev'), []);
    });
  });
});

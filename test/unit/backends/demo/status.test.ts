import * as assert from 'node:assert/strict';
import type { EnvironmentStep } from '../../../../src/core/model';
import { environmentVerdict, findFailures, releaseStatusFromEnvironments, stepStatusAcrossWorkflows } from '../../../../src/core/rules';
import { environmentStatus, releaseStatus, workflowNodeStatus } from '../../../../src/core/status';
import { startDemoServer, type DemoServer } from '../../../../src/fakes/codefresh/server';
import { DETAIL_QUERY, gql, lifelikeMessages, makeRepo, removeRepo } from './helpers';

interface StepView {
  name: string;
  templateName: string;
  status: string;
  workflows: { applicationName: string; workflowName: string; status: string }[];
}
interface DetailStep {
  environmentName: string;
  dependsOn: string[];
  status: string;
  active: boolean;
  preWorkflowsStepsView: StepView[];
  postWorkflowsStepsView: StepView[];
  applications: { status: string; commitSha: string | null; pr: { state: string; isMerged: boolean } | null }[];
}
interface Detail {
  releaseId: string;
  productName: string;
  status: string;
  createdAt: string;
  error: { code: string; message: string } | null;
  hooks: { onSuccess: { status: string } | null; onFail: { status: string } | null } | null;
  steps: DetailStep[];
}

function toCore(s: DetailStep): EnvironmentStep {
  const wf = (v: StepView) => ({ name: v.name, templateName: v.templateName, status: v.status, workflows: v.workflows });
  return {
    environment: s.environmentName,
    dependsOn: s.dependsOn,
    status: s.status,
    preWorkflows: s.preWorkflowsStepsView.map(wf),
    postWorkflows: s.postWorkflowsStepsView.map(wf),
    applications: [],
    issues: [],
  };
}

async function details(server: DemoServer, product: string): Promise<Detail[]> {
  const list = await gql(server.url, `query($p: String!) { productReleases(productName: $p, filters: {}, pagination: { first: 50 }) { edges { node { releaseId } } } }`, { p: product });
  const ids = (list.json().data?.productReleases as { edges: { node: { releaseId: string } }[] }).edges.map((e) => e.node.releaseId);
  const out: Detail[] = [];
  for (const id of ids) {
    const res = await gql(server.url, DETAIL_QUERY, { id });
    assert.equal(res.status, 200, res.text);
    out.push(res.json().data?.productRelease as Detail);
  }
  return out;
}

const sameWaiting = (k: string) => (k === 'queued' ? 'pending' : k);

/** Check one release against the status rules of src/core/rules.ts; returns its raw status. */
function checkRelease(r: Detail): void {
  const steps = r.steps.map(toCore);
  const envKinds = steps.map((s) => environmentStatus(s.status).kind);
  assert.equal(sameWaiting(releaseStatus(r.status).kind), sameWaiting(releaseStatusFromEnvironments(envKinds)), `release ${r.releaseId} status`);
  const byName = new Map(steps.map((s) => [s.environment, s]));
  for (const s of steps) {
    for (const wf of [...s.preWorkflows, ...s.postWorkflows]) {
      assert.equal(stepStatusAcrossWorkflows(wf), workflowNodeStatus(wf.status).kind, `${r.releaseId} ${s.environment} ${wf.name} aggregate`);
    }
    const v = environmentVerdict(s, steps);
    const raw = s.status;
    const where = `${r.releaseId} ${s.environment} ${raw}`;
    if (raw === 'SUCCEEDED') assert.equal(v.kind, 'succeeded', where);
    else if (raw === 'RUNNING') assert.equal(v.kind, 'running', where);
    else if (raw === 'FAILED' || raw === 'TERMINATED') assert.equal(v.kind, 'failed', where);
    else if (raw === 'SKIPPED') assert.deepEqual(v, { kind: 'pending', blockedByUpstream: true }, where);
    else if (raw === 'PENDING' || raw === 'SUSPENDED') assert.equal(v.kind, 'pending', where);
    else assert.fail(`unexpected environment status ${where}`);
    // Downstream of a failed or terminated environment nothing ran.
    if (raw === 'FAILED' || raw === 'TERMINATED') {
      const down = new Set<string>([s.environment]);
      for (const t of steps) if (t.dependsOn.some((d) => down.has(d))) down.add(t.environment);
      down.delete(s.environment);
      for (const d of down) assert.ok(['SKIPPED', 'PENDING'].includes(byName.get(d)!.status), `${where}: downstream ${d}`);
    }
  }
  if (r.status === 'FAILED') {
    const failures = findFailures(steps);
    assert.ok(failures.length > 0, `${r.releaseId}: the failing workflow step is found`);
    assert.equal(failures[0]!.environment, steps.find((s) => s.status === 'FAILED')!.environment);
    assert.equal(r.error?.code, 'STEP_FAILED');
    assert.ok(r.hooks?.onFail, 'the on-fail hook ran');
  }
  if (r.status === 'SUCCEEDED') {
    assert.equal(r.error, null);
    assert.ok(r.hooks?.onSuccess);
    assert.ok(r.steps.every((s) => s.applications.every((a) => a.commitSha !== null && a.status === 'SUCCEEDED')));
  }
  if (r.status === 'SUSPENDED') {
    const susp = r.steps.find((s) => s.status === 'SUSPENDED')!;
    assert.ok(susp.applications.every((a) => a.pr?.state === 'OPEN' && !a.pr.isMerged), 'waiting on an open promotion PR');
  }
}


describe('demo server: statuses follow the status rules', function () {
  this.timeout(30_000);
  let repo: string;
  let server: DemoServer;
  let all: Detail[];

  before(async () => {
    repo = makeRepo(lifelikeMessages(60));
    server = await startDemoServer({ repoPath: repo, clock: () => 0, stageMs: 0 });
    all = [];
    for (const p of ['storefront', 'payments', 'inventory']) all.push(...(await details(server, p)));
  });
  after(async () => {
    await server?.close();
    removeRepo(repo);
  });

  it('derives every release and environment status consistently with src/core/rules.ts', () => {
    assert.ok(all.length > 30);
    for (const r of all) checkRelease(r);
  });

  it('has a realistic mix: mostly succeeded, some failed and terminated, one suspended, one queued, one running', () => {
    const count = (s: string) => all.filter((r) => r.status === s).length;
    assert.ok(count('SUCCEEDED') > all.length * 0.6, `succeeded ${count('SUCCEEDED')} of ${all.length}`);
    assert.ok(count('FAILED') >= 3);
    assert.ok(count('TERMINATED') >= 2);
    assert.equal(count('SUSPENDED'), 1);
    assert.equal(count('QUEUED'), 1);
    assert.equal(count('RUNNING'), 1);
    const running = all.find((r) => r.status === 'RUNNING')!;
    const newest = all.filter((r) => r.productName === running.productName).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;
    assert.equal(running.releaseId, newest.releaseId, 'the running release is its product newest');
    const queued = all.find((r) => r.status === 'QUEUED')!;
    assert.ok(queued.steps.every((s) => s.status === 'PENDING'), 'legacy vocabulary shows queued environments as PENDING');
  });

  it('marks the live release of each environment as active', () => {
    for (const p of ['payments', 'inventory']) {
      const list = all.filter((r) => r.productName === p).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      for (const env of list[0]!.steps.map((s) => s.environmentName)) {
        const live = list.find((r) => r.steps.some((s) => s.environmentName === env && s.status === 'SUCCEEDED'));
        const active = list.filter((r) => r.steps.some((s) => s.environmentName === env && s.active));
        assert.deepEqual(active.map((r) => r.releaseId), live ? [live.releaseId] : [], `${p}/${env}`);
      }
    }
  });

  it('moves the running release one stage per advance() until it succeeds, staying consistent', async () => {
    const running = all.find((r) => r.status === 'RUNNING')!;
    const seen: string[] = [];
    let last: Detail = running;
    for (let i = 0; i < 12; i++) {
      server.advance();
      last = (await gql(server.url, DETAIL_QUERY, { id: running.releaseId })).json().data?.productRelease as Detail;
      checkRelease(last);
      const phases = (s: DetailStep) => [...s.preWorkflowsStepsView, ...s.postWorkflowsStepsView].map((w) => w.status[0]).join('');
      seen.push(last.steps.map((s) => `${s.environmentName}:${s.status}:${phases(s)}`).join(' '));
      if (last.status === 'SUCCEEDED') break;
    }
    assert.equal(last.status, 'SUCCEEDED', seen.join('\n'));
    assert.equal(new Set(seen).size, seen.length, 'every advance moved something');
    assert.ok(seen.length >= 4, seen.join('\n'));
    assert.ok(last.hooks?.onSuccess, 'the on-success hook ran');
    const prod = last.steps.find((s) => s.environmentName === 'prod')!;
    assert.equal(prod.active, true, 'the finished release is now live in prod');
    assert.deepEqual(server.stage(), { stage: server.stage().final, final: server.stage().final });
    server.advance(); // past the end: nothing moves
    const again = (await gql(server.url, DETAIL_QUERY, { id: running.releaseId })).json().data?.productRelease as Detail;
    assert.equal(again.status, 'SUCCEEDED');
  });

  it('advances with the clock as far as its last environment, and stays running there until advanced', async () => {
    let now = 1_000_000;
    const s = await startDemoServer({ repoPath: repo, clock: () => now, stageMs: 1000, initialStage: 0 });
    try {
      const q = '{ promotions(filters: { productNames: ["storefront"] }, pagination: { first: 1 }) { edges { node { ... on Promotion { status environments { name status } } } } } }';
      const envs = async () =>
        ((await gql(s.url, q)).json().data?.promotions as { edges: { node: { environments: { name: string; status: string }[] } }[] }).edges[0]!.node.environments
          .map((e) => `${e.name}:${e.status}`)
          .join(' ');
      assert.equal(await envs(), 'dev:RUNNING qa:PENDING staging:PENDING prod:PENDING');
      now += 2000;
      assert.equal(await envs(), 'dev:SUCCEEDED qa:RUNNING staging:RUNNING prod:PENDING');
      now += 60_000;
      assert.equal(await envs(), 'dev:SUCCEEDED qa:SUCCEEDED staging:SUCCEEDED prod:RUNNING');
      now += 24 * 3_600_000;
      assert.equal(await envs(), 'dev:SUCCEEDED qa:SUCCEEDED staging:SUCCEEDED prod:RUNNING', 'still in progress a day later');
      s.advance();
      assert.equal(await envs(), 'dev:SUCCEEDED qa:SUCCEEDED staging:SUCCEEDED prod:SUCCEEDED');
    } finally {
      await s.close();
    }
  });
});

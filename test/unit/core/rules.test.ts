import assert from 'node:assert/strict';
import {
  AGGREGATE_PRECEDENCE,
  aggregateStatuses,
  environmentStatusFromWorkflows,
  environmentVerdict,
  findFailures,
  releaseBucket,
  releaseStatusFromEnvironments,
  stepStatusAcrossWorkflows,
  workflowStatusFromSteps,
} from '../../../src/core/rules';
import { environmentStatus, STATUS_KINDS, type StatusKind } from '../../../src/core/status';
import type { EnvironmentStep, WorkflowStep } from '../../../src/core/model';

const wf = (app: string, status: string) => ({ applicationName: app, workflowName: `${app}-wf`, status });
const step = (templateName: string, ...runs: [string, string][]): WorkflowStep => ({
  templateName,
  status: 'Pending',
  workflows: runs.map(([a, s]) => wf(a, s)),
});

describe('status rule: workflow step status aggregated across the workflows (one per application)', () => {
  // Seed table "workflow steps": Success / Running / Pending / Failed / Error / Terminated.
  const rows: { seed: string; runs: string[]; expect: StatusKind }[] = [
    { seed: 'Success: completed without errors in all workflows', runs: ['Succeeded', 'Succeeded', 'Succeeded'], expect: 'succeeded' },
    { seed: 'Running: in progress in at least one workflow', runs: ['Succeeded', 'Running', 'Pending'], expect: 'running' },
    { seed: 'Pending: pending execution in at least one workflow', runs: ['Succeeded', 'Pending'], expect: 'pending' },
    { seed: 'Failed: the step failed to execute', runs: ['Succeeded', 'Failed', 'Running'], expect: 'failed' },
    { seed: 'Error: at least one step has a syntax error', runs: ['Failed', 'Error', 'Succeeded'], expect: 'error' },
    { seed: 'Skipped/omitted runs are neutral', runs: ['Succeeded', 'Skipped', 'Omitted'], expect: 'succeeded' },
    { seed: 'All skipped is skipped, not success', runs: ['Skipped', 'Omitted'], expect: 'skipped' },
  ];
  for (const r of rows) {
    it(`${r.seed} -> ${r.expect}`, () => {
      const s = step('smoke', ...r.runs.map((st, i): [string, string] => [`app${i}`, st]));
      assert.equal(stepStatusAcrossWorkflows(s), r.expect);
    });
  }
  it('Terminated: manually terminated in one application (app promotion vocabulary) outranks running', () => {
    assert.equal(aggregateStatuses(['running', 'terminated', 'succeeded']), 'terminated');
    assert.equal(aggregateStatuses(['terminated', 'failed']), 'failed');
  });
  it('an unknown value from a newer API is never reported as success', () => {
    const s = step('smoke', ['a', 'Succeeded'], ['b', 'Retrying']);
    assert.equal(stepStatusAcrossWorkflows(s), 'unknown');
  });
  it('falls back to the API aggregate when no per-application runs are listed', () => {
    assert.equal(stepStatusAcrossWorkflows({ status: 'Running', workflows: [] }), 'running');
  });
  it('precedence is total and stated: every status has exactly one rank', () => {
    assert.deepEqual([...AGGREGATE_PRECEDENCE].sort(), [...STATUS_KINDS].sort());
    assert.equal(aggregateStatuses([]), 'unknown');
    // Pairwise: the stronger of two always wins, whatever the order.
    for (const a of STATUS_KINDS) {
      for (const b of STATUS_KINDS) {
        const expected = AGGREGATE_PRECEDENCE.indexOf(a) <= AGGREGATE_PRECEDENCE.indexOf(b) ? a : b;
        assert.equal(aggregateStatuses([a, b]), expected, `${a}+${b}`);
        assert.equal(aggregateStatuses([b, a]), expected, `${b}+${a}`);
      }
    }
  });
});

describe('status rule: workflow status from its steps', () => {
  it('succeeds only when every step succeeded', () => {
    assert.equal(workflowStatusFromSteps([step('a', ['x', 'Succeeded']), step('b', ['x', 'Succeeded'])]), 'succeeded');
  });
  it('a failing step fails the workflow even while a later step is pending', () => {
    assert.equal(workflowStatusFromSteps([step('a', ['x', 'Failed']), step('b', ['x', 'Pending'])]), 'failed');
  });
  it('is running while any step runs', () => {
    assert.equal(workflowStatusFromSteps([step('a', ['x', 'Succeeded']), step('b', ['x', 'Running'], ['y', 'Pending'])]), 'running');
  });
  it('a workflow with no steps is unknown', () => {
    assert.equal(workflowStatusFromSteps([]), 'unknown');
  });
});

describe('status rule: environment (deployment) status from its pre/post-action workflows', () => {
  const rows: { seed: string; input: Parameters<typeof environmentStatusFromWorkflows>[0]; kind: StatusKind; blocked?: boolean }[] = [
    { seed: 'Successful: both workflows completed successfully', input: { pre: 'succeeded', post: 'succeeded' }, kind: 'succeeded' },
    { seed: 'Successful: the one workflow it has completed successfully', input: { post: 'succeeded' }, kind: 'succeeded' },
    { seed: 'Running: a step in the pre-action workflow is in progress', input: { pre: 'running', post: 'pending' }, kind: 'running' },
    { seed: 'Running: a step in the post-action workflow is in progress', input: { pre: 'succeeded', post: 'running' }, kind: 'running' },
    { seed: 'Pending: one workflow pending execution', input: { pre: 'succeeded', post: 'pending' }, kind: 'pending' },
    { seed: 'Pending: both workflows pending', input: { pre: 'pending', post: 'pending' }, kind: 'pending' },
    {
      seed: 'Pending: the previous environment failed validation',
      input: { pre: 'pending', post: 'pending', upstreamFailed: true },
      kind: 'pending',
      blocked: true,
    },
    { seed: 'Failed: a step failed to execute', input: { pre: 'failed', post: 'pending' }, kind: 'failed' },
    { seed: 'Failed: a step has a syntax error', input: { pre: 'succeeded', post: 'error' }, kind: 'failed' },
    { seed: 'Failed: a step was manually terminated', input: { pre: 'terminated' }, kind: 'failed' },
    { seed: 'Failed outranks running', input: { pre: 'failed', post: 'running' }, kind: 'failed' },
    { seed: 'Suspended (waiting for approval) is its own state', input: { pre: 'succeeded', post: 'suspended' }, kind: 'suspended' },
    { seed: 'Unknown is never success', input: { pre: 'succeeded', post: 'unknown' }, kind: 'unknown' },
    { seed: 'No workflows and no upstream failure: unknown', input: {}, kind: 'unknown' },
    { seed: 'No workflows but upstream failed: pending (blocked)', input: { upstreamFailed: true }, kind: 'pending', blocked: true },
  ];
  for (const r of rows) {
    it(`${r.seed} -> ${r.kind}${r.blocked ? ' (blocked by upstream)' : ''}`, () => {
      const v = environmentStatusFromWorkflows(r.input);
      assert.equal(v.kind, r.kind);
      assert.equal(v.blockedByUpstream, r.blocked ?? false);
    });
  }

  it('environmentVerdict reads upstream failure from the release steps', () => {
    const env = (name: string, status: string, dependsOn: string[], pre: WorkflowStep[]): EnvironmentStep => ({
      environment: name, dependsOn, status, preWorkflows: pre, postWorkflows: [], applications: [], issues: [],
    });
    const dev = env('dev', 'FAILED', [], [step('smoke', ['api', 'Failed'])]);
    const prod = env('prod', 'PENDING', ['dev'], [step('smoke', ['api', 'Pending'])]);
    assert.deepEqual(environmentVerdict(prod, [dev, prod]), { kind: 'pending', blockedByUpstream: true });
    assert.deepEqual(environmentVerdict(dev, [dev, prod]), { kind: 'failed', blockedByUpstream: false });
  });
});

describe('status rule: release status from its environment statuses', () => {
  const rows: { seed: string; envs: StatusKind[]; kind: StatusKind; bucket: string }[] = [
    { seed: 'Successful: all workflows in all environments completed', envs: ['succeeded', 'succeeded', 'succeeded'], kind: 'succeeded', bucket: 'Successful' },
    { seed: 'Successful with skipped environments', envs: ['succeeded', 'skipped'], kind: 'succeeded', bucket: 'Successful' },
    { seed: 'Progressing: in progress in at least one environment', envs: ['succeeded', 'running', 'pending'], kind: 'running', bucket: 'Progressing' },
    { seed: 'Progressing: first done, next not started yet', envs: ['succeeded', 'pending', 'pending'], kind: 'running', bucket: 'Progressing' },
    { seed: 'Queued: nothing started yet (maps to Progressing)', envs: ['queued', 'pending', 'pending'], kind: 'queued', bucket: 'Progressing' },
    { seed: 'Suspended: waiting for approval (maps to Progressing)', envs: ['succeeded', 'suspended', 'pending'], kind: 'suspended', bucket: 'Progressing' },
    { seed: 'Running outranks suspended in a parallel branch', envs: ['succeeded', 'suspended', 'running'], kind: 'running', bucket: 'Progressing' },
    { seed: 'Terminated: the workflow in an environment was terminated', envs: ['succeeded', 'terminated', 'skipped'], kind: 'terminated', bucket: 'Terminated' },
    { seed: 'Terminating: being terminated', envs: ['succeeded', 'terminating', 'pending'], kind: 'terminating', bucket: 'Terminated' },
    { seed: 'Failed: deployment failed for at least one environment', envs: ['succeeded', 'failed', 'skipped'], kind: 'failed', bucket: 'Failed' },
    { seed: 'Failed outranks running elsewhere', envs: ['failed', 'running'], kind: 'failed', bucket: 'Failed' },
    { seed: 'Failed outranks terminated', envs: ['terminated', 'failed'], kind: 'failed', bucket: 'Failed' },
    { seed: 'Unknown environment status is never success', envs: ['succeeded', 'unknown'], kind: 'unknown', bucket: 'Unknown' },
    { seed: 'No environments: unknown', envs: [], kind: 'unknown', bucket: 'Unknown' },
  ];
  for (const r of rows) {
    it(`${r.seed} -> ${r.kind} (${r.bucket})`, () => {
      const kind = releaseStatusFromEnvironments(r.envs);
      assert.equal(kind, r.kind);
      assert.equal(releaseBucket(kind), r.bucket);
    });
  }

  it('every normalised status has a seed bucket', () => {
    for (const k of STATUS_KINDS) assert.ok(['Successful', 'Progressing', 'Terminated', 'Failed', 'Unknown'].includes(releaseBucket(k)), k);
  });

  it('derives from raw API environment statuses, legacy and new', () => {
    const deriveReleaseStatus = (r: { environments: { name: string; status: string }[] }) =>
      releaseStatusFromEnvironments(r.environments.map((e) => environmentStatus(e.status).kind));
    assert.equal(deriveReleaseStatus({ environments: [{ name: 'dev', status: 'SUCCEEDED' }, { name: 'prod', status: 'FINALIZING' }] }), 'running');
    assert.equal(deriveReleaseStatus({ environments: [{ name: 'dev', status: 'TERMINATED' }, { name: 'staging', status: 'SKIPPED' }] }), 'terminated');
    assert.equal(deriveReleaseStatus({ environments: [{ name: 'dev', status: 'SUCCEEDED' }, { name: 'prod', status: 'PAUSED_BY_AI' }] }), 'unknown');
  });
});

describe('failure location (flagged in the environment and in the header)', () => {
  it('finds the failing workflow, step and application in flow order', () => {
    const steps: EnvironmentStep[] = [
      { environment: 'dev', dependsOn: [], status: 'SUCCEEDED', preWorkflows: [step('lint', ['api', 'Succeeded'])], postWorkflows: [], applications: [], issues: [] },
      {
        environment: 'staging', dependsOn: ['dev'], status: 'FAILED', preWorkflows: [],
        postWorkflows: [{ templateName: 'e2e', name: 'run-e2e', status: 'Failed', workflows: [wf('api', 'Succeeded'), { ...wf('web', 'Failed'), url: 'https://ci.example/logs/web' }] }],
        applications: [], issues: [],
      },
    ];
    const f = findFailures(steps);
    assert.equal(f.length, 1);
    assert.deepEqual(f[0], {
      environment: 'staging', phase: 'post', workflowTemplate: 'e2e', stepName: 'run-e2e', applicationName: 'web',
      workflowName: 'web-wf', workflowUrl: 'https://ci.example/logs/web', kind: 'failed',
    });
  });
});

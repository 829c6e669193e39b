// A commit's deployment-related checks on GitHub: GitHub's state vocabularies against its published schema and the
// normalised status of each, the answer read item by item (a bad item reported and left out), which checks concern
// deployments, and the client on the test engine (its query validated and executed against GitHub's schema).

import { strict as assert } from 'node:assert';
import { GraphQLEnumType, parse, validate } from 'graphql';
import { type GitHubBackend } from '../../../../src/backends/github/backend';
import {
  CHECK_CONCLUSION_STATES,
  CommitChecksReader,
  CHECK_STATUS_STATES,
  checkRunStatus,
  COMMIT_CHECKS_QUERY,
  checksOfAnswer,
  deploymentRelevance,
  type DeployKnowledge,
  type RollupNode,
  STATUS_STATES,
  statusContextStatus,
} from '../../../../src/backends/github/checks';
import { githubGraphqlSchema } from '../../../../src/fakes/github/contracts';
import type { FakeGitHub } from '../../../../src/fakes/github/server';
import { deriveFlows } from '../../../../src/backends/github/flow';
import { isBackendError } from '../../../../src/backends/types';
import { statusLabel } from '../../../../src/core/status';
import { removeRepo, repoShas } from '../demo/helpers';
import { DEPLOY_WORKFLOW, type EngineBackend, repoWithDeployWorkflow, startEngineBackend } from './helpers';


const SHA = 'a'.repeat(40);

function enumValues(name: string): string[] {
  const t = githubGraphqlSchema().getType(name);
  assert.ok(t instanceof GraphQLEnumType, `${name} is an enum of GitHub's schema`);
  return t.getValues().map((v) => v.name).sort();
}

describe('GitHub commit checks: states', () => {
  it('the query asks only for fields of GitHub\'s published schema', () => {
    assert.deepEqual(validate(githubGraphqlSchema(), parse(COMMIT_CHECKS_QUERY)).map((e) => e.message), []);
  });

  it('know exactly the values of GitHub\'s CheckStatusState, CheckConclusionState and StatusState', () => {
    assert.deepEqual([...CHECK_STATUS_STATES].sort(), enumValues('CheckStatusState'));
    assert.deepEqual([...CHECK_CONCLUSION_STATES].sort(), enumValues('CheckConclusionState'));
    assert.deepEqual([...STATUS_STATES].sort(), enumValues('StatusState'));
    for (const c of CHECK_CONCLUSION_STATES) assert.notEqual(checkRunStatus('COMPLETED', c).kind, 'unknown', c);
    for (const s of CHECK_STATUS_STATES.filter((x) => x !== 'COMPLETED')) assert.notEqual(checkRunStatus(s, null).kind, 'unknown', s);
    for (const s of STATUS_STATES) assert.notEqual(statusContextStatus(s).kind, 'unknown', s);
  });

  it('map to the normalised statuses: a finished run by its conclusion, a running one by its progress', () => {
    assert.deepEqual(checkRunStatus('COMPLETED', 'SUCCESS'), { kind: 'succeeded', raw: 'SUCCESS' });
    assert.deepEqual(checkRunStatus('COMPLETED', 'TIMED_OUT'), { kind: 'failed', raw: 'TIMED_OUT' });
    assert.deepEqual(checkRunStatus('COMPLETED', 'CANCELLED'), { kind: 'terminated', raw: 'CANCELLED' });
    assert.deepEqual(checkRunStatus('WAITING', null), { kind: 'suspended', raw: 'WAITING' });
    assert.deepEqual(checkRunStatus('IN_PROGRESS', null), { kind: 'running', raw: 'IN_PROGRESS' });
    assert.deepEqual(statusContextStatus('ERROR'), { kind: 'error', raw: 'ERROR' });
    assert.deepEqual(statusContextStatus('PENDING'), { kind: 'pending', raw: 'PENDING' });
  });

  it('keep a value GitHub may add later as Unknown (VALUE), never as success', () => {
    assert.equal(statusLabel(checkRunStatus('COMPLETED', 'MOSTLY_FINE')), 'Unknown (MOSTLY_FINE)');
    assert.equal(statusLabel(checkRunStatus('PAUSED', null)), 'Unknown (PAUSED)');
    assert.equal(statusLabel(checkRunStatus('COMPLETED', null)), 'Unknown (COMPLETED)');
    assert.equal(statusLabel(statusContextStatus('SKIPPED')), 'Unknown (SKIPPED)');
    // Object.prototype's names are not states.
    assert.equal(statusContextStatus('constructor').kind, 'unknown');
  });
});

describe('GitHub commit checks: which concern deployments', () => {
  const known: DeployKnowledge = { environments: ['staging', 'production', 'qa-eu'], workflows: deriveFlows([{ path: '.github/workflows/deploy.yml', text: DEPLOY_WORKFLOW }]).workflows };
  const run = (name: string, extra: Partial<Extract<RollupNode, { __typename: 'CheckRun' }>> = {}): RollupNode => ({
    __typename: 'CheckRun',
    name,
    status: 'COMPLETED',
    conclusion: 'SUCCESS',
    checkSuite: { workflowRun: { workflow: { name: 'Deploy' } } },
    ...extra,
  });
  const status = (context: string): RollupNode => ({ __typename: 'StatusContext', context, state: 'SUCCESS', createdAt: '2026-01-01T00:00:00Z' });

  it('keeps a check run GitHub ties to a deployment, with that environment', () => {
    assert.deepEqual(deploymentRelevance(run('ship it', { checkSuite: null, deployment: { environment: 'qa-eu', latestEnvironment: null } }), known), { environment: 'qa-eu' });
  });

  it('keeps the deploy jobs of the workflow files (by workflow and job name), not their build job', () => {
    assert.deepEqual(deploymentRelevance(run('production'), known), { environment: 'production' });
    assert.deepEqual(deploymentRelevance(run('staging'), known), { environment: 'staging' });
    assert.equal(deploymentRelevance(run('build'), known), undefined);
    // The same job name in another workflow is not a deploy job of this one.
    assert.equal(deploymentRelevance(run('unit', { checkSuite: { workflowRun: { workflow: { name: 'Test' } } } }), known), undefined);
  });

  it('keeps statuses and check runs that name an environment as a word, or deploy, release or promotion', () => {
    assert.deepEqual(deploymentRelevance(status('deploy/production'), known), { environment: 'production' });
    assert.deepEqual(deploymentRelevance(status('argocd/qa-eu'), known), { environment: 'qa-eu' });
    assert.deepEqual(deploymentRelevance(status('Vercel – Preview Deployment'), known), {});
    assert.deepEqual(deploymentRelevance(status('release-please'), known), {});
    assert.deepEqual(deploymentRelevance(run('Promote image', { checkSuite: null }), known), {});
    assert.equal(deploymentRelevance(status('ci/lint'), known), undefined);
    assert.equal(deploymentRelevance(status('codecov/project'), known), undefined);
    // A word inside another word does not count: "stagingarea" is not staging.
    assert.equal(deploymentRelevance(status('lint/stagingarea'), known), undefined);
  });
});

describe('GitHub commit checks: reading an answer', () => {
  const known: DeployKnowledge = { environments: ['production'], workflows: [] };
  const answer = (nodes: unknown[], more: Partial<{ totalCount: number; hasNextPage: boolean }> = {}) => ({
    rateLimit: { cost: 1 },
    repository: {
      object: {
        __typename: 'Commit',
        statusCheckRollup: { state: 'PENDING', contexts: { totalCount: more.totalCount ?? nodes.length, pageInfo: { hasNextPage: more.hasNextPage ?? false }, nodes } },
      },
    },
  });

  it('maps statuses and check runs, leaving out a bad item with a reason that names it, and the unrelated ones', () => {
    const read = checksOfAnswer(SHA, answer([
      { __typename: 'StatusContext', context: 'deploy/production', state: 'SUCCESS', description: 'Deployed', targetUrl: 'https://deploys.example.com/1', createdAt: '2026-01-01T10:00:00Z' },
      { __typename: 'CheckRun', name: 'production', status: 'COMPLETED', conclusion: 'BRAND_NEW', title: 'Shipped', detailsUrl: 'https://github.com/o/r/actions/runs/1/job/2', startedAt: '2026-01-01T09:00:00Z', completedAt: '2026-01-01T09:05:00Z', deployment: { environment: 'production', latestEnvironment: 'production' }, checkSuite: { workflowRun: { workflow: { name: 'Deploy' } } } },
      { __typename: 'StatusContext', state: 'SUCCESS', createdAt: '2026-01-01T10:00:00Z' },
      { __typename: 'SomethingNew', name: 'deploy' },
      { __typename: 'StatusContext', context: 'ci/lint', state: 'SUCCESS', createdAt: '2026-01-01T10:00:00Z' },
    ]), known, 'the checks');
    assert.deepEqual(read.checks, [
      { name: 'deploy/production', kind: 'status', status: { kind: 'succeeded', raw: 'SUCCESS' }, description: 'Deployed', detailsUrl: 'https://deploys.example.com/1', updatedAt: '2026-01-01T10:00:00Z', environment: 'production' },
      { name: 'Deploy / production', kind: 'check-run', status: { kind: 'unknown', raw: 'BRAND_NEW' }, description: 'Shipped', detailsUrl: 'https://github.com/o/r/actions/runs/1/job/2', updatedAt: '2026-01-01T09:05:00Z', environment: 'production' },
    ]);
    assert.equal(read.otherChecks, 1);
    assert.equal(read.skipped?.count, 2);
    assert.match(read.skipped!.reasons[0]!, /statusCheckRollup\.contexts\.nodes\[2\]\.context/);
    assert.match(read.skipped!.reasons[1]!, /nodes\[3\]/);
    assert.equal(read.complete, false, 'items left out: not known to be complete');
  });

  it('is complete when every check finished; says so when more checks exist than one answer holds', () => {
    const done = checksOfAnswer(SHA, answer([{ __typename: 'StatusContext', context: 'deploy/production', state: 'FAILURE', createdAt: '2026-01-01T10:00:00Z' }]), known, 'x');
    assert.equal(done.complete, true);
    const running = checksOfAnswer(SHA, answer([{ __typename: 'CheckRun', name: 'deploy', status: 'IN_PROGRESS' }]), known, 'x');
    assert.equal(running.complete, false);
    const many = checksOfAnswer(SHA, answer([], { totalCount: 130, hasNextPage: true }), known, 'x');
    assert.deepEqual(many.skipped, { count: 130, reasons: ['130 more checks were not read: the commit has 130, one answer holds 100'] });
  });

  it('an answer of 200,000 checks where 100 were asked: the first 100 are read, the rest counted as not read', () => {
    const nodes = Array.from({ length: 200_000 }, (_, i) => ({ __typename: 'StatusContext', context: `ci/${i}`, state: 'SUCCESS', createdAt: '2026-01-01T10:00:00Z' }));
    const read = checksOfAnswer(SHA, answer(nodes, { totalCount: 200_000, hasNextPage: false }), known, 'x');
    assert.equal(read.otherChecks, 100);
    assert.equal(read.complete, false);
    assert.equal(read.skipped?.count, 199_900);
  });

  it('a commit GitHub lacks is no error; a missing repository or a broken answer is one', () => {
    assert.deepEqual(checksOfAnswer(SHA, { repository: { object: null } }, known, 'x'), { sha: SHA, checks: [], complete: false, commitUnknown: true, otherChecks: 0 });
    assert.deepEqual(checksOfAnswer(SHA, { repository: { object: { __typename: 'Commit', statusCheckRollup: null } } }, known, 'x'), { sha: SHA, checks: [], complete: false, otherChecks: 0 });
    assert.throws(() => checksOfAnswer(SHA, { repository: null }, known, 'the checks of commit aaaaaaa in o/r'), (e: unknown) => isBackendError(e) && e.kind === 'not-found' && /o\/r/.test(e.message));
    assert.throws(() => checksOfAnswer(SHA, { repository: { object: { statusCheckRollup: 3 } } }, known, 'the checks'), (e: unknown) => isBackendError(e) && e.kind === 'payload' && /cannot read/.test(e.message));
  });
});

describe('GitHub commit checks on the test engine', function () {
  this.timeout(60_000);
  let repo: string;
  let fake: FakeGitHub;
  let backend: GitHubBackend;

  before(() => {
    repo = repoWithDeployWorkflow();
  });
  after(() => removeRepo(repo));
  let engine: EngineBackend;
  beforeEach(async () => {
    engine = await startEngineBackend(repo);
    ({ fake, backend } = engine);
    await backend.listProducts();
  });
  afterEach(() => engine.close());
  const graphqlCalls = () => engine.graphqlCalls();

  it('HEAD: its deploy jobs and the deployment status, with Details links, in one query; the build job and CI left out', async () => {
    const head = repoShas(repo).at(-1)!;
    const before = graphqlCalls();
    const checks = await backend.commitChecks('local/shop', head);
    assert.equal(graphqlCalls() - before, 1, 'one query');
    const web = fake.apiUrl.replace(/\/api\/v3$/, '');
    const run = fake.store.runs.at(-1)!;
    assert.deepEqual(
      checks.checks.map((c) => [c.kind, c.name, c.status.kind, c.environment]),
      [
        ['check-run', 'Deploy / staging', 'succeeded', 'staging'],
        ['check-run', 'Deploy / production', 'suspended', 'production'],
        ['status', 'deploy/production', 'pending', 'production'],
      ],
    );
    const staging = run.jobs.find((j) => j.environment === 'staging')!;
    assert.equal(checks.checks[0]!.detailsUrl, `${web}/local/shop/actions/runs/${run.id}/job/${staging.id}`);
    assert.equal(checks.checks[2]!.detailsUrl, `${web}/local/shop/deployments/activity_log?environments_filter=production`);
    assert.equal(checks.checks[2]!.description, 'Waiting for review');
    assert.equal(checks.otherChecks, 2, 'the build job and ci/lint');
    assert.equal(checks.complete, false);
    assert.equal(checks.skipped, undefined);
  });

  it('asks once per commit while the answer is fresh, and again for another commit', async () => {
    const shas = repoShas(repo);
    const before = graphqlCalls();
    const [a, b] = await Promise.all([backend.commitChecks('local/shop', shas.at(-1)!), backend.commitChecks('local/shop', shas.at(-1)!)]);
    assert.equal(a, b);
    await backend.commitChecks('local/shop', shas.at(-1)!);
    assert.equal(graphqlCalls() - before, 1);
    await backend.commitChecks('local/shop', shas.at(-4)!);
    assert.equal(graphqlCalls() - before, 2);
  });

  it('a failed run\'s commit shows its failure, finished; a commit without runs has none; one GitHub lacks is unknown', async () => {
    const failedRun = fake.store.runs.find((r) => r.conclusion === 'failure')!;
    const failed = await backend.commitChecks('local/shop', failedRun.commit.sha);
    assert.deepEqual(failed.checks.filter((c) => c.environment === 'production').map((c) => [c.name, c.status.raw]), [['Deploy / production', 'FAILURE'], ['deploy/production', 'FAILURE']]);
    assert.equal(failed.complete, true);
    const noRun = repoShas(repo).find((s) => !fake.store.runs.some((r) => r.commit.sha === s) && !fake.store.deployments.some((d) => d.sha === s))!;
    assert.deepEqual(await backend.commitChecks('local/shop', noRun), { sha: noRun, checks: [], complete: false, otherChecks: 0 });
    const unknown = await backend.commitChecks('local/shop', 'b'.repeat(40));
    assert.equal(unknown.commitUnknown, true);
  });

  it('keeps an answer with checks going on for seconds and a finished one for minutes: an approval shows after the short wait', async () => {
    const head = repoShas(repo).at(-1)!;
    let clock = 1_000_000;
    const reader = new CommitChecksReader(backend.http, () => clock);
    const known = { environments: ['staging', 'production'], workflows: [] };
    const deployStatus = async () => (await reader.read('local/shop', head, known)).checks.find((c) => c.kind === 'status')?.status.kind;
    assert.equal(await deployStatus(), 'pending');
    fake.store.review(fake.store.runs.at(-1)!, [fake.store.environments.find((e) => e.name === 'production')!.id], 'approved');
    clock += 5_000;
    assert.equal(await deployStatus(), 'pending', 'a few seconds later: the same answer');
    clock += 20_000;
    assert.equal(await deployStatus(), 'succeeded', 'after the short wait: asked again');
    const calls = graphqlCalls();
    clock += 5 * 60_000;
    assert.equal(await deployStatus(), 'succeeded');
    assert.equal(graphqlCalls(), calls, 'every check finished: kept for minutes');
    clock += 10 * 60_000;
    await deployStatus();
    assert.equal(graphqlCalls(), calls + 1);
  });

  it('failures are BackendErrors in plain words, and a failure is not kept', async () => {
    const head = repoShas(repo).at(-1)!;
    fake.setFaults([{ kind: '502', path: '/graphql' }]);
    const e = await backend.commitChecks('local/shop', head).then(() => undefined, (x: unknown) => x);
    assert.ok(isBackendError(e) && e.kind === 'http', String(e));
    assert.match(e.message, /^Could not read the checks of commit [0-9a-f]{7} in local\/shop: GitHub answered POST \/graphql with HTTP 502/);
    fake.setFaults([]);
    assert.equal((await backend.commitChecks('local/shop', head)).checks.length, 3);
    const bad = await backend.commitChecks('local/shop', 'not-a-sha').then(() => undefined, (x: unknown) => x);
    assert.ok(isBackendError(bad) && bad.kind === 'config' && /not a full commit sha/.test(bad.message), String(bad));
  });
});

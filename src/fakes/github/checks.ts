// The test engine's commit checks: what GitHub's `Commit.statusCheckRollup` would hold for the made-up runs. Every
// job of a run on the commit is a check run (Actions makes one per job), with the run's status and conclusion and,
// for a job with an environment, the deployment it made; beside them a deployment tool's commit status
// `deploy/<last environment>` following the run's last deploy job, a CI status that has nothing to do with
// deployments, and a `deploy/preview` status for a deployment made outside Actions. Built from the store's state on
// every query, so an approval or a re-run shows in the next answer. Shapes follow GitHub's GraphQL schema.

import type { FakeDeployment, FakeJob, FakeRun } from './store';

interface Source {
  runs: readonly FakeRun[];
  deployments: readonly FakeDeployment[];
  repository: string;
  web: string;
}

const JOB_STATUS: Record<FakeJob['status'], string> = { queued: 'QUEUED', in_progress: 'IN_PROGRESS', completed: 'COMPLETED', waiting: 'WAITING' };

function checkRun(src: Source, run: FakeRun, job: FakeJob): Record<string, unknown> {
  const deployment = src.deployments.filter((d) => d.jobId === job.id).at(-1);
  return {
    __typename: 'CheckRun',
    name: job.name,
    status: JOB_STATUS[job.status],
    conclusion: job.status === 'completed' && job.conclusion ? job.conclusion.toUpperCase() : null,
    title: null,
    detailsUrl: `${src.web}/${src.repository}/actions/runs/${run.id}/job/${job.id}`,
    startedAt: job.startedAt,
    completedAt: job.completedAt,
    deployment: deployment ? { environment: deployment.environment, latestEnvironment: deployment.environment } : null,
    checkSuite: { workflowRun: { workflow: { name: run.workflow.name }, file: { path: run.workflow.path } } },
  };
}

/** The status a deployment tool reports for the run's last deploy job, in its words. */
function deployStatus(src: Source, run: FakeRun): Record<string, unknown> | undefined {
  const job = run.jobs.filter((j) => j.environment).at(-1);
  if (!job?.environment) return undefined;
  const [state, description] =
    job.status === 'waiting'
      ? ['PENDING', 'Waiting for review']
      : job.status !== 'completed'
        ? ['PENDING', `Deploying to ${job.environment}`]
        : job.conclusion === 'success'
          ? ['SUCCESS', `Deployed to ${job.environment}`]
          : job.conclusion === 'cancelled'
            ? ['ERROR', 'The run was cancelled']
            : ['FAILURE', `Deployment to ${job.environment} failed`];
  return {
    __typename: 'StatusContext',
    context: `deploy/${job.environment}`,
    state,
    description,
    targetUrl: `${src.web}/${src.repository}/deployments/activity_log?environments_filter=${encodeURIComponent(job.environment)}`,
    createdAt: job.completedAt ?? job.startedAt,
  };
}

/** `statusCheckRollup` of a commit, or null when nothing was reported on it. */
export function fakeStatusCheckRollup(src: Source, sha: string): Record<string, unknown> | null {
  const nodes: Record<string, unknown>[] = [];
  for (const run of src.runs.filter((r) => r.commit.sha === sha)) {
    nodes.push(...run.jobs.map((j) => checkRun(src, run, j)));
    nodes.push({ __typename: 'StatusContext', context: 'ci/lint', state: 'SUCCESS', description: 'No problems', targetUrl: `${src.web}/${src.repository}/actions/runs/${run.id}`, createdAt: run.createdAt });
    const deploy = deployStatus(src, run);
    if (deploy) nodes.push(deploy);
  }
  for (const d of src.deployments.filter((x) => x.sha === sha && x.runId === undefined)) {
    const latest = d.statuses.at(-1);
    nodes.push({
      __typename: 'StatusContext',
      context: `deploy/${d.environment}`,
      state: latest?.state === 'success' ? 'SUCCESS' : latest?.state === 'failure' || latest?.state === 'error' ? 'FAILURE' : 'PENDING',
      description: latest?.description || null,
      targetUrl: `${src.web}/${src.repository}/deployments/activity_log?environments_filter=${encodeURIComponent(d.environment)}`,
      createdAt: latest?.createdAt ?? d.createdAt,
    });
  }
  if (nodes.length === 0) return null;
  const states = nodes.map((n) => (n.__typename === 'CheckRun' ? (n.conclusion ?? 'PENDING') : n.state));
  const state = states.some((s) => s === 'FAILURE' || s === 'ERROR' || s === 'TIMED_OUT' || s === 'CANCELLED') ? 'FAILURE' : states.some((s) => s === 'PENDING') ? 'PENDING' : 'SUCCESS';
  return {
    id: `SCR_${sha.slice(0, 12)}`,
    state,
    contexts: (a: { first?: number | null }) => {
      const first = Math.min(100, a.first ?? 100);
      return {
        totalCount: nodes.length,
        checkRunCount: nodes.filter((n) => n.__typename === 'CheckRun').length,
        statusContextCount: nodes.filter((n) => n.__typename === 'StatusContext').length,
        nodes: nodes.slice(0, first),
        pageInfo: { hasNextPage: nodes.length > first, hasPreviousPage: false, startCursor: null, endCursor: null },
      };
    },
  };
}

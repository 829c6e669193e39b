// The scenario table told in GitHub's objects: a workflow `Deploy` whose jobs deploy to the environments `dev` and
// `prod` (prod with a required reviewer), one workflow run per release with the deployments its jobs made and their
// statuses, served by the GitHub test engine (REST answers held to GitHub's REST description, GraphQL executed on
// GitHub's schema), read by the real GitHub backend.

import { GitHubBackend } from '../../../../src/backends/github/backend';
import type { FakeDeployment, FakeJob, FakeRun } from '../../../../src/fakes/github/store';
import { startFakeGitHub } from '../../../../src/fakes/github/server';
import { releaseId } from '../../../../src/backends/github/mapping';
import type { Outcome, ReleaseKey } from '../scenarios';
import { type Adapter, historyOf, isoAt } from './adapter';

const WORKFLOW = `name: Deploy
on: push
jobs:
  build: { runs-on: ubuntu-latest, steps: [{ run: make }] }
  dev: { needs: build, environment: dev, runs-on: ubuntu-latest, steps: [{ run: ./deploy dev }] }
  prod: { needs: dev, environment: prod, runs-on: ubuntu-latest, steps: [{ run: ./deploy prod }] }
`;

type StatusState = FakeDeployment['statuses'][number]['state'];

/** A job's status and conclusion, and its deployment's statuses, per outcome (times filled in below). */
const TOLD: Partial<Record<Outcome, { job: [FakeJob['status'], string | null]; statuses: StatusState[] }>> = {
  live: { job: ['completed', 'success'], statuses: ['in_progress', 'success'] },
  running: { job: ['in_progress', null], statuses: ['in_progress'] },
  queued: { job: ['queued', null], statuses: ['queued'] },
  approval: { job: ['waiting', null], statuses: ['waiting'] },
  failed: { job: ['completed', 'failure'], statuses: ['in_progress', 'failure'] },
  errored: { job: ['completed', 'failure'], statuses: ['in_progress', 'error'] },
  // Deactivated by hand (or its pull request's preview closed) days after it went live.
  'taken-down': { job: ['completed', 'success'], statuses: ['in_progress', 'success', 'inactive'] },
  // Its job ended without the deployment ever getting past queued: GitHub marks it abandoned after 30 minutes.
  abandoned: { job: ['completed', 'success'], statuses: ['queued'] },
};

export const githubAdapter: Adapter = {
  backend: 'GitHub',
  cannot: {
    'promotion aborted / terminated':
      'a deployment status has no cancelled or stopped state (error, failure, inactive, in_progress, queued, pending, success, waiting); a cancelled run leaves its deployment at whatever status its job last wrote',
    'verification failed after a successful promotion':
      "a deployment's status is its deploy job's; a job after it that fails does not change the deployment (it shows in the commit's checks, not in where it is deployed)",
    'an unknown vendor value':
      "GitHub's GraphQL schema closes DeploymentState and DeploymentStatusState, so the engine cannot send a value they lack; the mapping keeps such a value raw (test/unit/backends/github/mapping.test.ts)",
  },
  async serve(scenario, repo) {
    const fake = await startFakeGitHub({ repoPath: repo.dir, workflows: [{ path: '.github/workflows/deploy.yml', text: WORKFLOW }] });
    const store = fake.store;
    const workflow = store.runs[0]!.workflow;
    store.runs.splice(0);
    store.deployments.splice(0);
    const ids: Partial<Record<ReleaseKey, string>> = {};
    let nextId = 5000;
    for (const r of scenario.releases) {
      const created = isoAt(repo, r.at);
      const run: FakeRun = {
        id: nextId++,
        runNumber: store.runs.length + 1,
        attempt: 1,
        workflow,
        commit: historyOf(repo, r.commit),
        branch: 'main',
        status: 'completed',
        conclusion: 'success',
        createdAt: created,
        updatedAt: created,
        jobs: [{ id: nextId++, name: 'build', status: 'completed', conclusion: 'success', startedAt: created, completedAt: isoAt(repo, r.at + 2) }],
      };
      ids[r.key] = releaseId(store.repository, 'run', run.id);
      for (const env of ['dev', 'prod'] as const) {
        const outcome = r.envs[env];
        const told = outcome ? TOLD[outcome] : undefined;
        const begun = r.at + (env === 'dev' ? 5 : 20);
        if (!told) {
          // Never sent there: its job was skipped (an `if:` that did not hold), and it made no deployment.
          run.jobs.push({ id: nextId++, name: env, environment: env, status: 'completed', conclusion: 'skipped', startedAt: isoAt(repo, begun), completedAt: isoAt(repo, begun) });
          continue;
        }
        const job: FakeJob = {
          id: nextId++,
          name: env,
          environment: env,
          status: told.job[0],
          conclusion: told.job[1],
          startedAt: isoAt(repo, begun),
          completedAt: told.job[0] === 'completed' ? isoAt(repo, begun + 4) : null,
        };
        run.jobs.push(job);
        const statuses = told.statuses.map((state, i) => ({
          state,
          // In progress when it began, done 4 minutes on; taken down three days after.
          createdAt: isoAt(repo, state === 'inactive' ? begun + 3 * 24 * 60 : begun + (i === 0 ? 0 : 4)),
          description: state === 'failure' || state === 'error' ? `deploy to ${env} ${state === 'error' ? 'errored' : 'failed'}` : '',
        }));
        store.deployments.push({
          id: nextId++,
          sha: run.commit.sha,
          ref: 'main',
          environment: env,
          creator: 'github-actions',
          createdAt: isoAt(repo, begun),
          updatedAt: statuses.at(-1)!.createdAt,
          statuses,
          ...(outcome === 'abandoned' ? { abandoned: true } : {}),
          runId: run.id,
          jobId: job.id,
        });
      }
      const jobs = run.jobs;
      const some = (st: string) => jobs.some((j) => j.status === st);
      if (some('waiting')) [run.status, run.conclusion] = ['waiting', null];
      else if (some('in_progress')) [run.status, run.conclusion] = ['in_progress', null];
      else if (some('queued')) [run.status, run.conclusion] = ['queued', null];
      else if (jobs.some((j) => j.conclusion === 'failure')) run.conclusion = 'failure';
      run.updatedAt = jobs.map((j) => j.completedAt ?? j.startedAt).sort().at(-1)!;
      store.runs.push(run);
    }
    const backend = new GitHubBackend({ id: 'github-demo', apiUrl: fake.apiUrl, token: fake.token, localRepos: () => [repo.dir], retryAfterUnitMs: 50 });
    const [product] = await backend.listProducts();
    const page = await backend.listReleases(product!.name);
    return {
      data: [{ product: product!, releases: page.releases }],
      ids,
      close: async () => {
        await backend.dispose();
        await fake.close();
        if (fake.violations.length) throw new Error(`the GitHub engine answered what GitHub could not: ${fake.violations.join('; ')}`);
      },
    };
  },
};

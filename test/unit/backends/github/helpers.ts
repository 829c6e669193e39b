// What the GitHub backend's tests on the test engine share: a deploy workflow (build → staging → production, the
// environment once a string and once an object), a repository with a lifelike history that carries it, and the
// backend started on an engine made up from a repository, held to GitHub's REST description when stopped.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitHubBackend } from '../../../../src/backends/github/backend';
import { type FakeGitHub, type FakeGitHubOptions, startFakeGitHub } from '../../../../src/fakes/github/server';
import { lifelikeMessages, makeRepo } from '../demo/helpers';

export const DEPLOY_WORKFLOW = `name: Deploy
on: push
jobs:
  build: { runs-on: ubuntu-latest, steps: [{ run: make }] }
  staging: { needs: build, environment: staging, runs-on: ubuntu-latest, steps: [{ run: ./deploy }] }
  production: { needs: staging, environment: { name: production, url: "https://example.com" }, runs-on: ubuntu-latest, steps: [{ run: ./deploy }] }
`;

/** A repository of 20 lifelike commits with `.github/workflows/deploy.yml`; remove it with removeRepo. */
export function repoWithDeployWorkflow(): string {
  const repo = makeRepo(lifelikeMessages(20), 'shop');
  fs.mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.github', 'workflows', 'deploy.yml'), DEPLOY_WORKFLOW);
  return repo;
}

export interface EngineBackend {
  fake: FakeGitHub;
  /** The GitHub backend ('github-demo') on `fake`, with `repo` as its local checkout. */
  backend: GitHubBackend;
  /** GraphQL requests the engine has answered so far. */
  graphqlCalls(): number;
  /** Stops both; fails when any answer of the engine broke GitHub's REST description. */
  close(): Promise<void>;
}

/** Starts a GitHub test engine made up from `repo` and the GitHub backend on it. */
export async function startEngineBackend(repo: string, options: Partial<FakeGitHubOptions> = {}): Promise<EngineBackend> {
  const fake = await startFakeGitHub({ repoPath: repo, ...options });
  const backend = new GitHubBackend({ id: 'github-demo', apiUrl: fake.apiUrl, token: fake.token, localRepos: () => [repo], retryAfterUnitMs: 50 });
  return {
    fake,
    backend,
    graphqlCalls: () => fake.log.filter((l) => l.startsWith('POST /api/graphql')).length,
    close: async () => {
      await backend.dispose();
      await fake.close();
      assert.deepEqual(fake.violations, [], "every answer of the test engine fits GitHub's REST description");
    },
  };
}

// What the GitHub backend's tests on the test engine share: a deploy workflow (build → staging → production, the
// environment once a string and once an object) and a repository with a lifelike history that carries it.

import * as fs from 'node:fs';
import * as path from 'node:path';
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

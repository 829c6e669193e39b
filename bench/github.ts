// Benchmark of the GitHub backend on the GitHub test engine (the GitHub section of `npm run bench`; also runs alone:
// `npx tsx bench/github.ts`): for 3 repositories × 4 environments, the requests and rate-limit points of a first
// load, of an unchanged refresh (goal: only 304s, no point) and of a refresh after one deployment moved.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitHubBackend } from '../src/backends/github/backend';
import { startFakeGitHub, type FakeGitHub } from '../src/fakes/github/server';

const WORKFLOW = `name: Deploy
on: push
jobs:
  build: { runs-on: ubuntu-latest, steps: [{ run: make }] }
  dev: { needs: build, environment: dev, runs-on: ubuntu-latest, steps: [{ run: ./deploy }] }
  qa: { needs: dev, environment: qa, runs-on: ubuntu-latest, steps: [{ run: ./deploy }] }
  staging: { needs: qa, environment: staging, runs-on: ubuntu-latest, steps: [{ run: ./deploy }] }
  production: { needs: staging, environment: production, runs-on: ubuntu-latest, steps: [{ run: ./deploy }] }
`;

function makeRepo(name: string, commits: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-github-'));
  const repo = path.join(dir, name);
  fs.mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.github', 'workflows', 'deploy.yml'), WORKFLOW);
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.invalid', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.invalid' };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo, env });
  for (let i = 0; i < commits; i++) execFileSync('git', ['commit', '-q', '--allow-empty', '-m', `change ${i}`], { cwd: repo, env });
  return repo;
}

interface Cost {
  requests: number;
  notModified: number;
  points: number;
}

async function refreshAll(backends: GitHubBackend[]): Promise<Cost> {
  const before = backends.map((b) => ({ ...b.stats }));
  for (const b of backends) {
    const products = await b.listProducts();
    for (const p of products) await b.listReleases(p.name);
  }
  return backends.reduce(
    (sum, b, i) => ({
      requests: sum.requests + b.stats.requests - before[i]!.requests,
      notModified: sum.notModified + b.stats.notModified - before[i]!.notModified,
      points: sum.points + b.stats.points - before[i]!.points,
    }),
    { requests: 0, notModified: 0, points: 0 },
  );
}

export async function benchGitHub(): Promise<void> {
  const repos = ['shop', 'billing', 'search'].map((n) => makeRepo(n, 30));
  const engines: FakeGitHub[] = [];
  const backends: GitHubBackend[] = [];
  try {
    for (const repo of repos) {
      const engine = await startFakeGitHub({ repoPath: repo });
      engines.push(engine);
      backends.push(new GitHubBackend({ id: 'github-demo', apiUrl: engine.apiUrl, token: engine.token, localRepos: () => [repo] }));
    }
    const row = (label: string, c: Cost, note = ''): void =>
      console.log(`${label.padEnd(34)} ${`${c.requests} requests`.padEnd(14)} ${`${c.notModified} × 304`.padEnd(10)} ${`${c.points} points`.padEnd(11)} ${note}`);
    console.log('GitHub backend on the test engine: 3 repositories × 4 environments');
    row('first load', await refreshAll(backends));
    const unchanged = await refreshAll(backends);
    row('unchanged refresh', unchanged, unchanged.points === 0 && unchanged.notModified === unchanged.requests ? 'goal met (only 304s)' : 'goal MISSED (only 304s)');
    // One deployment moves on: the approval of the run waiting in one repository.
    const first = backends[0]!;
    const [product] = await first.listProducts();
    const page = await first.listReleases(product!.name);
    const waiting = page.releases.find((r) => r.environments.some((e) => e.actions?.includes('approve')))!;
    await first.act({ action: 'approve', releaseId: waiting.id, productName: product!.name, environment: 'production' });
    row('refresh after one approval', await refreshAll(backends));
    const violations = engines.flatMap((e) => e.violations);
    if (violations.length) console.log(`test engine answers outside GitHub's REST description: ${violations.length} (${violations[0]})`);
  } finally {
    for (const b of backends) await b.dispose();
    for (const e of engines) await e.close();
    for (const r of repos) fs.rmSync(path.dirname(r), { recursive: true, force: true });
  }
}

if (require.main === module) void benchGitHub();

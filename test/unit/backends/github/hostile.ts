// A GitHub API on 127.0.0.1 that answers the GitHub backend's reads with whatever a test hands it, ignoring
// `per_page` and `first` as a broken proxy or a hostile server might: the repository `o/r`, no environments, and the
// deployments (GraphQL), workflow runs, single runs and jobs a test sets. It counts what it was asked and how many
// single-run reads were in flight at once, and can hold those reads until a test lets them go.

import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const HOSTILE_TOKEN = 'ghp_hostileTestToken0123456789abcdefABCD';

export interface HostileGitHub {
  apiUrl: string;
  /** Requests seen, as `METHOD /path`. */
  log: string[];
  /** Single-run reads (`/actions/runs/{id}`) in flight now, and the most at once so far. */
  runReads: { inFlight: number; most: number; total: number };
  set(answers: Partial<Answers>): void;
  close(): Promise<void>;
}

export interface Answers {
  /** `repository.deployments.nodes` of the Deployments query. */
  deployments: unknown[];
  /** `workflow_runs` of the runs list. */
  runs: unknown[];
  /** `jobs` of a run's jobs list. */
  jobs: unknown[];
  /** A single run by id (undefined: 404). */
  run: (id: number) => unknown;
  /** Milliseconds a single-run read is held before it is answered. */
  runDelayMs: number;
  /** Called when a single-run read arrives (a test may abort its call then). */
  onRunRead: () => void;
  /** The whole answer to the pull-requests-of-commits query. */
  pulls: unknown;
  /** `errors` sent with the Deployments query's data (a partial answer). */
  deploymentErrors: unknown[];
}

/** A workflow run as GitHub's REST API sends it (the fields the backend reads). */
export function runJson(id: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: 'Deploy',
    head_sha: id.toString(16).padStart(40, '0'),
    head_branch: 'main',
    run_number: id,
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:10:00Z',
    html_url: `https://github.example/o/r/actions/runs/${id}`,
    ...extra,
  };
}

/** A deployment node of the Deployments query, made by run `runId` (its log URL names the run). */
export function deploymentNode(id: number, runId: number, environment = 'staging'): Record<string, unknown> {
  return {
    databaseId: id,
    environment,
    latestEnvironment: environment,
    state: 'ACTIVE',
    task: 'deploy',
    createdAt: '2025-01-01T00:05:00Z',
    updatedAt: '2025-01-01T00:06:00Z',
    commitOid: runId.toString(16).padStart(40, '0'),
    ref: { name: 'main' },
    creator: { login: 'github-actions' },
    latestStatus: { state: 'SUCCESS', description: null, logUrl: `https://github.example/o/r/actions/runs/${runId}/job/${id}`, environmentUrl: null, createdAt: '2025-01-01T00:06:00Z' },
    commit: { message: 'a change', committedDate: '2025-01-01T00:00:00Z', author: { name: 'Ada', email: null } },
  };
}

export async function startHostileGitHub(): Promise<HostileGitHub> {
  let answers: Answers = { deployments: [], runs: [], jobs: [], run: () => undefined, runDelayMs: 0, onRunRead: () => undefined, pulls: { data: { repository: null } }, deploymentErrors: [] };
  const log: string[] = [];
  const runReads = { inFlight: 0, most: 0, total: 0 };
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      log.push(`${req.method} ${url.pathname}`);
      const send = (status: number, body: unknown): void => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const p = url.pathname.replace(/^\/api\/v3/, '');
      if (url.pathname === '/api/graphql') {
        const query = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string }).query;
        if (query.includes('query PullRequestsOfCommits')) return send(200, answers.pulls);
        if (query.includes('query Environments')) return send(200, { data: { rateLimit: { cost: 1 }, repository: { environments: { nodes: [] } } } });
        const errors = answers.deploymentErrors.length ? { errors: answers.deploymentErrors } : {};
        return send(200, { data: { rateLimit: { cost: 1 }, repository: { deployments: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: answers.deployments } } }, ...errors });
      }
      if (p === '/user') return send(200, { login: 'octo', name: null });
      if (p === '/repos/o/r') return send(200, { full_name: 'o/r', html_url: 'https://github.example/o/r', private: false, permissions: { push: true, pull: true, admin: false } });
      if (p === '/repos/o/r/environments') return send(200, { total_count: 0, environments: [] });
      if (p === '/repos/o/r/deployments') return send(200, []);
      if (p === '/repos/o/r/actions/runs') return send(200, { total_count: answers.runs.length, workflow_runs: answers.runs });
      const jobs = /^\/repos\/o\/r\/actions\/runs\/(\d+)\/jobs$/.exec(p);
      if (jobs) return send(200, { total_count: answers.jobs.length, jobs: answers.jobs });
      const one = /^\/repos\/o\/r\/actions\/runs\/(\d+)$/.exec(p);
      if (one) {
        runReads.total++;
        runReads.inFlight++;
        runReads.most = Math.max(runReads.most, runReads.inFlight);
        answers.onRunRead();
        const answer = (): void => {
          runReads.inFlight--;
          const run = answers.run(Number(one[1]));
          if (run === undefined) send(404, { message: 'Not Found' });
          else send(200, run);
        };
        if (answers.runDelayMs > 0) setTimeout(answer, answers.runDelayMs);
        else answer();
        return;
      }
      send(404, { message: 'Not Found' });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/v3`,
    log,
    runReads,
    set: (a) => {
      answers = { ...answers, ...a };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

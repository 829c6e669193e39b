// The GitHub test engine: a loopback HTTP server that speaks enough of GitHub's REST and GraphQL APIs for the GitHub
// backend, over a store made up from a local repository's history and workflow files. Its GraphQL endpoint executes
// GitHub's own schema; every REST answer is checked against GitHub's REST description before it is sent, and one the
// real API could not send is answered 500 and recorded in `violations` (tests fail on it). Served the way GitHub
// Enterprise Server lays it out: REST under /api/v3, GraphQL at /api/graphql. Its data is made up.

import { createHash, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, GraphQLError, parse, validate } from 'graphql';
import { z } from 'zod';
import { type Logger, silentLogger } from '../../core/log';
import { readLog } from '../../git/log';
import { readHistory } from '../history';
import { readWorkflowFiles, repositoryOfCheckout } from '../../backends/github/repos';
import { checkRestResponse, githubGraphqlSchema } from './contracts';
import { fakePullRequests } from './pulls';
import { FakeStore } from './store';
import { GITHUB_TEST_ENGINE_TOKEN } from '../../backends/github/testEngineToken';


/** Faults: each one answers the next `times` requests (all, without a count) that match `path` (all paths without one). */
export type FakeFault =
  | { kind: '401' | '502'; times?: number; path?: string }
  | { kind: 'secondary-rate-limit'; retryAfterSeconds: number; times?: number; path?: string }
  | { kind: 'slow'; ms: number; times?: number; path?: string };

export interface FakeGitHubOptions {
  repoPath: string;
  host?: string;
  port?: number;
  token?: string;
  /** `X-OAuth-Scopes` of the token (default `repo, workflow`); null sends none (as for a fine-grained token). */
  scopes?: string[] | null;
  /** The signed-in user may push (re-run, cancel) and approve (default true). */
  canWrite?: boolean;
  /** Workflow files used instead of the checkout's (tests). */
  workflows?: { path: string; text: string }[];
  log?: Logger;
}

export interface FakeGitHub {
  /** REST base URL, `http://127.0.0.1:PORT/api/v3`. */
  readonly apiUrl: string;
  readonly token: string;
  readonly repository: string;
  readonly store: FakeStore;
  /** Every request the engine saw, as `METHOD /path -> status`. */
  readonly log: string[];
  /** Answers that broke GitHub's REST description (each one failed its request). */
  readonly violations: string[];
  setFaults(faults: FakeFault[]): void;
  close(): Promise<void>;
}

const GraphqlBody = z.object({ query: z.string().min(1), variables: z.record(z.string(), z.unknown()).nullish(), operationName: z.string().nullish() });

interface Route {
  method: string;
  pattern: RegExp;
  /** The operation in GitHub's description. */
  operation: string;
  handle: (m: RegExpExecArray, body: unknown, url: URL) => { status: number; body?: unknown };
}

function etagOf(text: string): string {
  return `W/"${createHash('sha1').update(text).digest('hex')}"`;
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const log = options.log ?? silentLogger;
  const token = options.token ?? GITHUB_TEST_ENGINE_TOKEN;
  const history = await readHistory(options.repoPath, 400);
  // Every branch of the history (merged pull requests' own commits too), for the made-up pull requests.
  const graph = history.commits.length ? (await readLog(options.repoPath, ['--max-count=2000', 'HEAD'])).commits : [];
  const repository = (await repositoryOfCheckout(options.repoPath, undefined)) ?? 'local/repo';
  const workflows = options.workflows ?? (await readWorkflowFiles(options.repoPath));
  let faults: FakeFault[] = [];
  const requestLog: string[] = [];
  const violations: string[] = [];
  let apiUrl = '';
  const store = new FakeStore({
    repository,
    history: history.commits,
    commits: [...graph, ...history.commits].map((c) => c.sha),
    pullRequests: fakePullRequests(graph),
    workflows,
    canWrite: options.canWrite ?? true,
    web: () => apiUrl.replace(/\/api\/v3$/, ''),
    api: () => apiUrl,
  });
  const schema = githubGraphqlSchema();
  const scopes = options.scopes === undefined ? ['repo', 'workflow'] : options.scopes;

  const R = (method: string, path: string, operation: string, handle: Route['handle']): Route => ({
    method,
    pattern: new RegExp(`^${path.replace(/\{owner\}\/\{repo\}/, '([^/]+/[^/]+)').replace(/\{[a-z_]+\}/g, '([^/]+)')}$`),
    operation: `${method} ${operation}`,
    handle,
  });
  const repoOr404 = (full: string | undefined): boolean => full === repository;
  const notFound = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } };
  const routes: Route[] = [
    R('GET', '/user', '/user', () => ({ status: 200, body: store.user() })),
    R('GET', '/repos/{owner}/{repo}', '/repos/{owner}/{repo}', (m) => (repoOr404(m[1]) ? { status: 200, body: store.repositoryJson() } : notFound)),
    R('GET', '/repos/{owner}/{repo}/environments', '/repos/{owner}/{repo}/environments', (m) =>
      repoOr404(m[1]) ? { status: 200, body: { total_count: store.environments.length, environments: store.environmentsJson() } } : notFound,
    ),
    R('GET', '/repos/{owner}/{repo}/deployments', '/repos/{owner}/{repo}/deployments', (m, _b, url) =>
      repoOr404(m[1]) ? { status: 200, body: store.deploymentsJson(Number(url.searchParams.get('per_page') ?? 30)) } : notFound,
    ),
    R('GET', '/repos/{owner}/{repo}/actions/runs', '/repos/{owner}/{repo}/actions/runs', (m, _b, url) => {
      if (!repoOr404(m[1])) return notFound;
      const runs = store.runsJson(Number(url.searchParams.get('per_page') ?? 30));
      return { status: 200, body: { total_count: store.runs.length, workflow_runs: runs } };
    }),
    R('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', '/repos/{owner}/{repo}/actions/runs/{run_id}', (m) => {
      const run = repoOr404(m[1]) ? store.run(Number(m[2])) : undefined;
      return run ? { status: 200, body: store.runJson(run) } : notFound;
    }),
    R('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs', '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs', (m) => {
      const run = repoOr404(m[1]) ? store.run(Number(m[2])) : undefined;
      return run ? { status: 200, body: { total_count: run.jobs.length, jobs: store.jobsJson(run) } } : notFound;
    }),
    R('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', (m) => {
      const run = repoOr404(m[1]) ? store.run(Number(m[2])) : undefined;
      return run ? { status: 200, body: store.pendingJson(run) } : notFound;
    }),
    R('POST', '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', (m, body) => {
      const run = repoOr404(m[1]) ? store.run(Number(m[2])) : undefined;
      if (!run) return notFound;
      const b = z.object({ environment_ids: z.array(z.number()), state: z.enum(['approved', 'rejected']), comment: z.string() }).safeParse(body);
      if (!b.success) return { status: 422, body: { message: 'Invalid request.', documentation_url: 'https://docs.github.com/rest' } };
      const done = store.review(run, b.data.environment_ids, b.data.state);
      return { status: 200, body: done };
    }),
    R('POST', '/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', '/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', (m) => {
      const run = repoOr404(m[1]) ? store.run(Number(m[2])) : undefined;
      if (!run) return notFound;
      store.rerunFailed(run);
      return { status: 201, body: {} };
    }),
    R('POST', '/repos/{owner}/{repo}/actions/runs/{run_id}/cancel', '/repos/{owner}/{repo}/actions/runs/{run_id}/cancel', (m) => {
      const run = repoOr404(m[1]) ? store.run(Number(m[2])) : undefined;
      if (!run) return notFound;
      if (run.status === 'completed') return { status: 409, body: { message: 'Cannot cancel a workflow run that is completed.', documentation_url: 'https://docs.github.com/rest' } };
      store.cancel(run);
      return { status: 202, body: {} };
    }),
  ];

  const takeFault = (path: string): FakeFault | undefined => {
    const i = faults.findIndex((f) => f.kind !== 'slow' && (!f.path || path.includes(f.path)));
    if (i < 0) return undefined;
    const f = faults[i]!;
    if (f.times !== undefined) {
      f.times--;
      if (f.times <= 0) faults.splice(i, 1);
    }
    return f;
  };
  const slowMs = (path: string): number => {
    const f = faults.find((x): x is Extract<FakeFault, { kind: 'slow' }> => x.kind === 'slow' && (!x.path || path.includes(x.path)));
    return f?.ms ?? 0;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const method = req.method ?? 'GET';
        const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
          requestLog.push(`${method} ${url.pathname} -> ${status}`);
          const text = body === undefined ? '' : JSON.stringify(body);
          res.writeHead(status, {
            ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
            'x-ratelimit-limit': '5000',
            'x-ratelimit-remaining': '4999',
            'x-ratelimit-resource': url.pathname.endsWith('/graphql') ? 'graphql' : 'core',
            ...(scopes ? { 'x-oauth-scopes': scopes.join(', ') } : {}),
            ...headers,
          });
          res.end(text);
        };
        const wait = slowMs(url.pathname);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const auth = (req.headers.authorization ?? '').replace(/^(token|bearer)\s+/i, '');
        const authOk = auth.length === token.length && timingSafeEqual(Buffer.from(auth), Buffer.from(token));
        const fault = takeFault(url.pathname);
        if (!authOk || fault?.kind === '401') return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
        if (fault?.kind === 'secondary-rate-limit')
          return send(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' }, { 'retry-after': String(fault.retryAfterSeconds) });
        if (fault?.kind === '502') return send(502, { message: 'Server Error' });
        const raw = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = raw ? (JSON.parse(raw) as unknown) : undefined;
        } catch {
          return send(400, { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest' });
        }
        if (url.pathname === '/api/graphql' && method === 'POST') {
          const b = GraphqlBody.safeParse(json);
          if (!b.success) return send(400, { message: 'Problems parsing JSON' });
          let doc;
          try {
            doc = parse(b.data.query);
          } catch (e) {
            return send(200, { errors: [{ message: e instanceof GraphQLError ? e.message : String(e) }] });
          }
          const errors = validate(schema, doc);
          if (errors.length) return send(200, { errors: errors.map((e) => ({ message: e.message, locations: e.locations })) });
          const result = await execute({ schema, document: doc, rootValue: store.graphqlRoot(), variableValues: b.data.variables ?? {}, operationName: b.data.operationName ?? undefined });
          return send(200, { ...(result.data !== undefined ? { data: result.data } : {}), ...(result.errors ? { errors: result.errors.map((e) => ({ message: e.message, path: e.path })) } : {}) });
        }
        const rest = url.pathname.replace(/^\/api\/v3/, '');
        if (!url.pathname.startsWith('/api/v3')) return send(404, { message: 'Not Found' });
        const route = routes.find((r) => r.method === method && r.pattern.test(rest));
        if (!route) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
        const answer = route.handle(route.pattern.exec(rest)!, json, url);
        const problems = checkRestResponse(route.operation, answer.status, answer.body);
        if (problems.length) {
          violations.push(...problems);
          log.error(`test engine answer breaks GitHub's REST description: ${problems.join('; ')}`);
          return send(500, { message: `test engine answer breaks GitHub's REST description: ${problems.join('; ')}` });
        }
        if (method === 'GET' && answer.status === 200) {
          const etag = etagOf(JSON.stringify(answer.body));
          if (req.headers['if-none-match'] === etag) return send(304, undefined, { etag });
          return send(200, answer.body, { etag });
        }
        return send(answer.status, answer.body);
      })().catch((e: unknown) => {
        log.error(`test engine: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  apiUrl = `http://${options.host ?? '127.0.0.1'}:${addr.port}/api/v3`;
  return {
    apiUrl,
    token,
    repository,
    store,
    log: requestLog,
    violations,
    setFaults: (f) => {
      faults = f.map((x) => ({ ...x }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}


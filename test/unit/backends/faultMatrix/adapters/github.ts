// GitHub in the fault matrix, as a GitHub Enterprise Server on loopback (REST under /api/v3, GraphQL at /api/graphql,
// `Authorization: token …`). Shapes follow GitHub's REST description (https://github.com/github/rest-api-description)
// and GraphQL schema (https://docs.github.com/en/graphql/reference/objects#deployment):
// - read: listReleases of one repository; its releases come from the GraphQL `deployments` connection (the target);
// - page: getRelease of a workflow run, which pages through the run's jobs by `Link: <…>; rel="next"` (RFC 8288);
// - write: re-run the failed jobs of that run (POST …/rerun-failed-jobs), which must go out at most once.

import { GitHubBackend, type GitHubBackendOptions } from '../../../../../src/backends/github/backend';
import type { ReleaseDetail } from '../../../../../src/core/model';
import type { StubRequest } from '../../codefresh/helpers';
import { type Adapter, type Answer, type Item, json, send } from '../adapter';

const OWNER = 'octo';
const REPO = 'shop';
const FULL = `${OWNER}/${REPO}`;
const RUN = 1;
const LINKED_JOB = 11;
const iso = (i: number): string => new Date(Date.UTC(2025, 0, 1) - i * 60_000).toISOString();
const sha = (i: number): string => i.toString(16).padStart(40, 'a');
const api = (path: string): string => `/api/v3/repos/${FULL}${path}`;

/** A deployment no run made (no log URL, no run of its commit): a release of its own, `octo/shop/deployments/<id>`. */
function lone(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    databaseId: i,
    environment: 'production',
    latestEnvironment: 'production',
    state: 'ACTIVE',
    task: 'deploy',
    createdAt: iso(i),
    updatedAt: iso(i),
    commitOid: sha(i),
    ref: { name: 'main' },
    creator: { login: 'ada', avatarUrl: 'https://avatars.example.invalid/ada' },
    latestStatus: { state: 'SUCCESS', description: `deployed ${i}`, logUrl: null, environmentUrl: null, createdAt: iso(i) },
    commit: { message: `feat: change ${i}`, committedDate: iso(i), author: { name: 'Ada', email: 'ada@example.invalid' } },
    ...over,
  };
}

/** The deployment run 1 made (its log URL names job 11), which failed: run 1 is a release that may be re-run. */
const LINKED = lone(500, {
  state: 'FAILURE',
  commitOid: 'f'.repeat(40),
  creator: { login: 'github-actions' },
  latestStatus: { state: 'FAILURE', description: 'deploy failed', logUrl: `https://ghe.example.invalid/${FULL}/actions/runs/${RUN}/job/${LINKED_JOB}`, environmentUrl: null, createdAt: iso(1) },
});

const RUN_1 = {
  id: RUN,
  name: 'Deploy',
  head_sha: 'f'.repeat(40),
  head_branch: 'main',
  path: '.github/workflows/deploy.yml',
  run_number: 7,
  run_attempt: 1,
  event: 'push',
  status: 'completed',
  conclusion: 'failure',
  created_at: iso(2),
  updated_at: iso(1),
  html_url: `https://ghe.example.invalid/${FULL}/actions/runs/${RUN}`,
  display_title: 'Deploy the shop',
  actor: { login: 'ada', avatar_url: 'https://avatars.example.invalid/ada' },
  head_commit: { message: 'feat: the shop', timestamp: iso(2), author: { name: 'Ada', email: 'ada@example.invalid' } },
};

function deploymentsData(nodes: unknown[], extra: Record<string, unknown> = {}): Answer {
  return json(200, {
    data: { rateLimit: { cost: 1 }, repository: { deployments: { pageInfo: { hasNextPage: false, endCursor: nodes.length ? 'Y3Vyc29y' : null }, nodes } } },
    ...extra,
  });
}

function node(item: Item): Record<string, unknown> {
  if (typeof item === 'number') return lone(item);
  if ('bad' in item) {
    if (item.bad === 'missing-field') {
      const d = lone(item.index);
      delete d.commitOid;
      return d;
    }
    return lone(item.index, { databaseId: item.text });
  }
  if ('odd' in item) return lone(item.index, { state: 'PAUSED_BY_OPERATOR', latestStatus: null });
  return lone(item.index, { latestStatus: { state: 'SUCCESS', description: 'x'.repeat(item.big), logUrl: null, environmentUrl: null, createdAt: iso(item.index) } });
}

const hugeCache = new Map<string, string>();
function huge(count: number, kind: 'good' | 'bad'): string {
  const key = `${kind}${count}`;
  const cached = hugeCache.get(key);
  if (cached) return cached;
  const parts: string[] = [];
  // The fields a deployment must have; a bad one lacks `commitOid`.
  for (let i = 0; i < count; i++)
    parts.push(`{"databaseId":${i + 1},"createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z"${kind === 'good' ? `,"commitOid":"${sha(i)}"` : ''}}`);
  const text = `{"data":{"rateLimit":{"cost":1},"repository":{"deployments":{"pageInfo":{"hasNextPage":false,"endCursor":"Y3Vyc29y"},"nodes":[${parts.join(',')}]}}}}`;
  hugeCache.set(key, text);
  return text;
}

function job(id: number): Record<string, unknown> {
  return {
    id,
    run_id: RUN,
    name: id === LINKED_JOB ? 'deploy to production' : `check ${id}`,
    status: 'completed',
    conclusion: id === LINKED_JOB ? 'failure' : 'success',
    started_at: iso(2),
    completed_at: iso(1),
    html_url: `https://ghe.example.invalid/${FULL}/actions/runs/${RUN}/job/${id}`,
    steps: [{ name: 'Run ./deploy', status: 'completed', conclusion: 'success', number: 1, started_at: iso(2), completed_at: iso(1) }],
  };
}

const isGraphql = (req: StubRequest, name: string): boolean => req.method === 'POST' && req.url === '/api/graphql' && (req.json?.query ?? '').includes(`query ${name}`);
const origin = (req: StubRequest): string => `http://${String(req.headers.host)}`;

/** Names of the jobs placed in the release's environments. */
function jobNames(d: ReleaseDetail): string[] {
  return d.steps.flatMap((s) => [...s.preWorkflows, ...s.postWorkflows].map((w) => w.name ?? ''));
}

export const github: Adapter = {
  name: 'GitHub',
  token: 'ghp_7d41e0b9c2aaQm5Rt8VxLeakCanary01',
  carriesToken: (req) => req.headers.authorization === `token ${github.token}`,
  async create({ url, log, tuning }) {
    const options: GitHubBackendOptions = {
      apiUrl: url,
      token: github.token,
      log,
      repositories: () => [FULL],
      timeouts: { connectMs: tuning.connectMs, totalMs: tuning.totalMs },
      retries: tuning.retries,
      backoff: tuning.backoff,
    };
    return new GitHubBackend(options);
  },
  read: {
    run: async (b, signal, pageSize) => {
      const p = await b.listReleases(FULL, { pageSize, signal });
      return { items: p.releases.map((r) => r.id), skipped: p.skipped, warnings: p.warnings, value: p };
    },
    isTarget: (req) => isGraphql(req, 'Deployments'),
    good: () => deploymentsData([lone(1), lone(2), lone(3)]),
    goodItems: [1, 2, 3].map((i) => `${FULL}/deployments/${i}`),
    page: (_req, items) => deploymentsData(items.map(node)),
    id: (i) => `${FULL}/deployments/${i}`,
    missingReason: (i) => new RegExp(`nodes\\[${i}\\]\\.commitOid`),
    huge,
    wrongShape: () => json(200, { data: null }),
  },
  page: {
    run: async (b, signal) => {
      const d = await b.getRelease(`${FULL}/runs/${RUN}`, signal);
      return { items: jobNames(d), value: d };
    },
    isTarget: (req) => req.method === 'GET' && req.url.startsWith(api(`/actions/runs/${RUN}/jobs`)),
    good: (req, n, next = n < 2 ? 'same' : 'none') => {
      // Two jobs a page; the job the deployment names is on the third, so the data shows every page was read.
      const jobs = n === 2 ? [job(LINKED_JOB), job(12)] : [job(100 + 2 * n), job(101 + 2 * n)];
      const link = next === 'none' ? undefined : next === 'same' ? `${origin(req)}${api(`/actions/runs/${RUN}/jobs`)}?filter=latest&per_page=100&page=${n + 2}` : next;
      return json(200, { total_count: 6, jobs }, link ? { link: `<${link}>; rel="next"` } : {});
    },
    goodItems: ['deploy to production'],
    unreadablePage: (req, n) => {
      // Jobs without a name, each page pointing at the next.
      const jobs = [job(100 + 2 * n), job(101 + 2 * n)].map(({ name: _, ...rest }) => rest);
      return json(200, { total_count: 1_000_000, jobs }, { link: `<${origin(req)}${api(`/actions/runs/${RUN}/jobs`)}?filter=latest&per_page=100&page=${n + 2}>; rel="next"` });
    },
  },
  write: {
    run: async (b, signal) => {
      if (!b.act) throw new Error('the GitHub backend has no act');
      const r = await b.act({ action: 'retry', releaseId: `${FULL}/runs/${RUN}`, productName: FULL, environment: 'production' }, signal);
      return { items: [r.message], value: r };
    },
    isTarget: (req) => req.method === 'POST' && req.url === api(`/actions/runs/${RUN}/rerun-failed-jobs`),
    good: () => json(201, {}),
    goodItems: ['Re-running the failed jobs of Deploy #7'],
  },
  errorBody: (status, message) => json(status, { message, documentation_url: 'https://docs.github.com/rest', status: String(status) }),
  graphqlErrors(_req, message, data) {
    if (data === 'none') return json(200, { data: null, errors: [{ type: 'INTERNAL', message }] });
    if (data === 'null-root') return json(200, { data: { rateLimit: null, repository: null }, errors: [{ type: 'NOT_FOUND', message, path: ['repository'] }] });
    return deploymentsData([lone(1), lone(2)], { errors: [{ type: 'FORBIDDEN', message, path: ['repository', 'deployments', 'nodes', 2] }] });
  },
  features: ['graphql', 'linkPaging'],
  missing: {
    unions: 'the deployments connection has one node type',
    olderApi: 'the client speaks one API version',
  },
  serve(req, res) {
    const path = req.url.split('?')[0];
    if (req.method === 'GET' && path === '/api/v3/user') return send(res, json(200, { login: 'ada', id: 1, type: 'User' }));
    if (req.method === 'GET' && path === api(''))
      return send(res, json(200, { full_name: FULL, html_url: `https://ghe.example.invalid/${FULL}`, private: false, permissions: { admin: false, push: true, pull: true } }));
    if (req.method === 'GET' && path === api('/environments'))
      return send(res, json(200, { total_count: 1, environments: [{ id: 7, node_id: 'EN_7', name: 'production', url: `http://x/${FULL}/environments/production` }] }));
    if (req.method === 'GET' && path === api('/deployments')) return send(res, json(200, []));
    if (req.method === 'GET' && path === api('/actions/runs')) return send(res, json(200, { total_count: 1, workflow_runs: [RUN_1] }));
    if (req.method === 'GET' && path === api(`/actions/runs/${RUN}`)) return send(res, json(200, RUN_1));
    if (isGraphql(req, 'Environments'))
      return send(res, json(200, { data: { rateLimit: { cost: 1 }, repository: { environments: { nodes: [{ name: 'production', isPinned: false, pinnedPosition: null }] } } } }));
    if (isGraphql(req, 'Deployments')) return send(res, deploymentsData([LINKED]));
    send(res, json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }));
  },
};

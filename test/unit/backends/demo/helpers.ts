// Test helpers: small Git repositories with fixed dates, and a GraphQL POST helper for the demo server.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BASE = Date.parse('2024-03-01T09:00:00Z');

/** Create a repository with the given commit subjects (oldest first), one commit per hour from 2024-03-01. */
export function makeRepo(messages: readonly string[], name = 'demo-repo'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-demo-'));
  const repo = path.join(dir, name);
  fs.mkdirSync(repo);
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', args, {
      cwd: repo,
      env: {
        ...process.env,
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Ada Lovelace',
        GIT_AUTHOR_EMAIL: 'ada@example.invalid',
        GIT_COMMITTER_NAME: 'Ada Lovelace',
        GIT_COMMITTER_EMAIL: 'ada@example.invalid',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
  git(['init', '-q', '-b', 'main']);
  messages.forEach((m, i) => {
    fs.writeFileSync(path.join(repo, 'file.txt'), `change ${i}\n`);
    git(['add', 'file.txt']);
    const date = new Date(BASE + i * 3_600_000).toISOString();
    git(['commit', '-q', '-m', m], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  });
  return repo;
}

export function repoShas(repo: string): string[] {
  return execFileSync('git', ['log', '--first-parent', '--format=%H', 'HEAD'], { cwd: repo }).toString().trim().split('\n').reverse();
}

export function removeRepo(repo: string): void {
  fs.rmSync(path.dirname(repo), { recursive: true, force: true });
}

/** Commit messages of a lively history: features, fixes, PR merges and squashes, Jira keys, a version. */
export function lifelikeMessages(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    switch (i % 6) {
      case 0:
        out.push(`feat: add widget ${i} (ABC-${100 + i})`);
        break;
      case 1:
        out.push(`Merge pull request #${200 + i} from org/feature-${i}\n\nImprove checkout flow ${i}`);
        break;
      case 2:
        out.push(`fix: handle empty cart (#${300 + i})`);
        break;
      case 3:
        out.push(`OPS-${i}: tune cache size`);
        break;
      case 4:
        out.push(`chore: release v2.${i}.0`);
        break;
      default:
        out.push(`refactor: tidy module ${i}`);
    }
  }
  return out;
}

export interface GqlResponse {
  status: number;
  headers: Headers;
  text: string;
  json: () => { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

export async function gql(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = { authorization: 'demo-key' },
): Promise<GqlResponse> {
  const res = await fetch(`${url}/2.0/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as ReturnType<GqlResponse['json']> };
}

// cli-v2's queries, verbatim (https://github.com/codefresh-io/cli-v2/blob/HEAD/cmd/commands/product-release.go).
export const PROMOTIONS_QUERY = `query Promotions($filters: ProductReleaseFiltersArgs, $pagination: SlicePaginationArgs) {
  promotions(filters: $filters, pagination: $pagination) {
    pageInfo { hasNextPage hasPrevPage startCursor endCursor }
    edges { node { __typename
      ... on ProductRelease { releaseId releaseName productName promotionFlowName error { message code } status
                              environmentsStatuses { __typename environmentName status } createdAt
                              triggerCommit { sha } initiator { name avatarUrl } version }
      ... on Promotion { id productName promotionFlowName status environments { __typename name status } createdAt
                         triggerCommitInfo { commitSha commitAuthor avatarURL } promotionAppVersion failure { message } }
    } }
  }
}`;

export const LEGACY_QUERY = `query getProductReleasesList($productName: String!, $filters: ProductReleaseFiltersArgs!, $pagination: SlicePaginationArgs) {
  productReleases(productName: $productName, filters: $filters, pagination: $pagination) {
    edges { node { releaseId
      triggerCommit { sha committer date message repoURL revision }
      steps { environmentName status applications { applicationId { runtime namespace name } commitSha } }
      status updatedAt createdAt } }
  }
}`;

export const DETAIL_QUERY = `query Release($id: String!) {
  productRelease(releaseId: $id) {
    releaseId releaseName productName promotionFlowName triggerEnvironment status createdAt updatedAt version
    error { code message }
    initiator { name avatarUrl }
    triggerCommit { sha committer date message repoURL revision }
    environmentsStatuses { environmentName status }
    hooks { onStart { templateName workflowName status error { message date } }
            onFail { templateName workflowName status error { message date } }
            onSuccess { templateName workflowName status error { message date } } }
    steps {
      environmentName environmentKind dependsOn status liveStatus startedAt updatedAt active policyAction
      preWorkflowsStepsView { name templateName startedAt finishedAt status workflows { applicationName workflowName status } }
      postWorkflowsStepsView { name templateName startedAt finishedAt status workflows { applicationName workflowName status } }
      applications { applicationId { runtime namespace name } commitSha status
        pr { repo id url title author state isMerged mergeCommitSHA baseBranch headBranch createdAt avatarUrl }
        issues { date message level type } }
      issues { __typename
        ... on WorkflowIssue { applicationName date message workflowName type level }
        ... on ApplicationIssue { applicationName date message kind syncStatus healthStatus type level }
        ... on GitIssue { applicationName date message type level } }
    }
    details { issues { id type key value entityId entityType } prs { id type key value entityId entityType }
              images { name image repositoryName binaryId tag workflowName workflowUrl ciProvider }
              builds { id pipeline { id name project projectId } } }
  }
}`;

/** A standalone demo server (`src/fakes/codefresh/main.ts`) run as a child process, once it printed its URL. */
export interface SpawnedDemo {
  child: ChildProcess;
  url: string;
  /** Everything printed so far on stdout / stderr (kept up to date). */
  out(): string;
  err(): string;
}

const DEMO_MAIN = path.resolve(__dirname, '../../../../src/fakes/codefresh/main.ts');

/**
 * Starts the standalone demo server with `args` and waits (at most 20 s) for the URL it prints, and for `until` too
 * when given (it prints more lines after the URL).
 */
export async function spawnDemo(args: readonly string[], until?: RegExp): Promise<SpawnedDemo> {
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed; stderr: ${err}`)), 20_000);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && (!until || until.test(out))) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${err}`)));
    });
    return { child, url, out: () => out, err: () => err };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}


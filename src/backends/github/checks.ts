// The deployment-related checks of one commit on GitHub: its commit statuses and check runs, read with one GraphQL
// query per (repository, commit) through the commit's `statusCheckRollup`
// (https://docs.github.com/en/graphql/reference/objects#statuscheckrollup), validated item by item, mapped to the core
// `CommitCheck` and kept for a while, longer once every check has finished.

import { z } from 'zod';
import type { CommitCheck, CommitChecks } from '../../core/checks';
import { isTerminal, type Status, type StatusKind } from '../../core/status';
import { BackendError } from '../types';
import type { WorkflowFlow } from './flow';
import type { GitHubHttp } from './transport';
import { parseItems, parseWhole } from './schemas';

/** The one query: the commit's rollup of statuses and check runs, the first 100 of them (GitHub's page maximum). */
/** Checks asked for in one answer (`contexts(first:)`). */
const CONTEXTS_PER_ANSWER = 100;

export const COMMIT_CHECKS_QUERY = `query CommitChecks($owner: String!, $name: String!, $sha: GitObjectID!) {
  rateLimit { cost }
  repository(owner: $owner, name: $name) {
    object(oid: $sha) {
      __typename
      ... on Commit {
        statusCheckRollup {
          state
          contexts(first: ${CONTEXTS_PER_ANSWER}) {
            totalCount
            pageInfo { hasNextPage }
            nodes {
              __typename
              ... on CheckRun {
                name status conclusion title detailsUrl startedAt completedAt
                deployment { environment latestEnvironment }
                checkSuite { workflowRun { workflow { name } } }
              }
              ... on StatusContext { context state description targetUrl createdAt }
            }
          }
        }
      }
    }
  }
}`;

const nstr = z.string().nullish();

// Enumerations are read as strings, not as closed enums: a state GitHub adds later must show as `Unknown (STATE)`
// rather than make the whole check unreadable.
const CheckRunNodeSchema = z.object({
  __typename: z.literal('CheckRun'),
  name: z.string(),
  status: z.string(),
  conclusion: nstr,
  title: nstr,
  detailsUrl: nstr,
  startedAt: nstr,
  completedAt: nstr,
  deployment: z.object({ environment: nstr, latestEnvironment: nstr }).nullish(),
  checkSuite: z.object({ workflowRun: z.object({ workflow: z.object({ name: z.string() }) }).nullish() }).nullish(),
});

const StatusContextNodeSchema = z.object({
  __typename: z.literal('StatusContext'),
  context: z.string(),
  state: z.string(),
  description: nstr,
  targetUrl: nstr,
  createdAt: z.string(),
});

/** One item of the rollup; an item of a type this version does not know fails here and is left out. */
const RollupNodeSchema = z.discriminatedUnion('__typename', [CheckRunNodeSchema, StatusContextNodeSchema]);
export type RollupNode = z.infer<typeof RollupNodeSchema>;

const CommitChecksDataSchema = z.object({
  rateLimit: z.object({ cost: z.number() }).nullish(),
  repository: z
    .object({
      object: z
        .object({
          __typename: z.string(),
          statusCheckRollup: z
            .object({
              state: z.string(),
              contexts: z.object({ totalCount: z.number(), pageInfo: z.object({ hasNextPage: z.boolean() }), nodes: z.array(z.unknown()).nullish() }),
            })
            .nullish(),
        })
        .nullable(),
    })
    .nullable(),
});

// ---------------------------------------------------------------------------------------------------------------
// States: GitHub's vocabularies, as its schema spells them, each with an exhaustive table to the normalised status.

/** `CheckStatusState`: where a check run is. */
export const CHECK_STATUS_STATES = ['COMPLETED', 'IN_PROGRESS', 'PENDING', 'QUEUED', 'REQUESTED', 'WAITING'] as const;
/** `CheckConclusionState`: how a completed check run ended. */
export const CHECK_CONCLUSION_STATES = ['ACTION_REQUIRED', 'CANCELLED', 'FAILURE', 'NEUTRAL', 'SKIPPED', 'STALE', 'STARTUP_FAILURE', 'SUCCESS', 'TIMED_OUT'] as const;
/** `StatusState`: a commit status's state. */
export const STATUS_STATES = ['ERROR', 'EXPECTED', 'FAILURE', 'PENDING', 'SUCCESS'] as const;

const RUNNING_CHECK: Record<Exclude<(typeof CHECK_STATUS_STATES)[number], 'COMPLETED'>, StatusKind> = {
  REQUESTED: 'queued',
  QUEUED: 'queued',
  IN_PROGRESS: 'running',
  // A deployment job waiting for its environment's protection rules (a reviewer, a wait timer).
  WAITING: 'suspended',
  PENDING: 'pending',
};

const CONCLUSION: Record<(typeof CHECK_CONCLUSION_STATES)[number], StatusKind> = {
  SUCCESS: 'succeeded',
  // Neutral is GitHub's "passed, with nothing to say"; the jobs mapping (./mapping) counts it as success too.
  NEUTRAL: 'succeeded',
  FAILURE: 'failed',
  TIMED_OUT: 'failed',
  STARTUP_FAILURE: 'failed',
  CANCELLED: 'terminated',
  ACTION_REQUIRED: 'suspended',
  SKIPPED: 'skipped',
  // Left unfinished for 14 days and marked stale by GitHub: it will not run.
  STALE: 'skipped',
};

const STATUS_STATE: Record<(typeof STATUS_STATES)[number], StatusKind> = {
  SUCCESS: 'succeeded',
  FAILURE: 'failed',
  ERROR: 'error',
  // Reported but not finished: like a deployment's PENDING (./mapping), not a claim that it is running.
  PENDING: 'pending',
  // Required by a branch rule but not reported yet.
  EXPECTED: 'pending',
};

function lookup(table: Readonly<Record<string, StatusKind>>, raw: string): StatusKind {
  return Object.hasOwn(table, raw) ? table[raw]! : 'unknown';
}

/** A check run's status: its conclusion once completed, else its progress; raw is the value that decided. */
export function checkRunStatus(status: string, conclusion: string | null | undefined): Status {
  if (status === 'COMPLETED') return conclusion ? { kind: lookup(CONCLUSION, conclusion), raw: conclusion } : { kind: 'unknown', raw: status };
  return { kind: lookup(RUNNING_CHECK, status), raw: status };
}

/** A commit status's state. */
export function statusContextStatus(state: string): Status {
  return { kind: lookup(STATUS_STATE, state), raw: state };
}

// ---------------------------------------------------------------------------------------------------------------
// Which checks concern deployments.

/** What the backend knows of a repository's deployments: its environments and the workflows that deploy to them. */
export interface DeployKnowledge {
  environments: readonly string[];
  workflows: readonly WorkflowFlow[];
}

/** Words that name deploying in a status context or a job name (deploy, deployment, release, promote, promotion). */
const DEPLOY_WORDS = /deploy|release|promot(e|ion|ing)/i;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The environment a name mentions as a whole word (`deploy/production`, `e2e (staging)`), the longest first. */
function mentionedEnvironment(text: string, environments: readonly string[]): string | undefined {
  const byLength = [...environments].filter(Boolean).sort((a, b) => b.length - a.length);
  return byLength.find((e) => new RegExp(`(^|[^a-z0-9])${escapeRegExp(e)}($|[^a-z0-9])`, 'i').test(text));
}

/**
 * The environment of a check run that is a deploy job of one of the workflow files, matched by workflow and job name
 * (the workflow's file path is not asked: `WorkflowRun.file` is newer than the schemas of older GitHub Enterprise
 * Server versions, which would reject the whole query). Null for a job over several environments whose run does not
 * say which; undefined for a check run that is no deploy job of the files.
 */
function deployJobEnvironment(node: Extract<RollupNode, { __typename: 'CheckRun' }>, workflows: readonly WorkflowFlow[]): string | null | undefined {
  const run = node.checkSuite?.workflowRun;
  if (!run) return undefined;
  const wf = workflows.find((w) => w.name === run.workflow.name);
  for (const job of wf?.jobs ?? []) {
    if (job.environments.length === 0) continue;
    if (job.name === node.name) return job.environments.length === 1 ? job.environments[0]! : null;
    // A job over several environments (a matrix) runs once per value, named `job (value)` by GitHub.
    const suffix = node.name.startsWith(`${job.name} (`) ? node.name.slice(job.name.length + 2, -1) : undefined;
    if (suffix !== undefined) return job.environments.find((e) => suffix.split(', ').includes(e)) ?? null;
  }
  return undefined;
}

/**
 * Whether a check concerns deployments, and which environment when that is known. A commit's rollup holds all of its
 * CI (tests, linters, scans), and the hover and the Commit Deployments view answer "where is this deployed", so only
 * these are kept:
 * - a check run GitHub ties to a deployment (Actions makes one for every job with an `environment:`);
 * - a check run of a job the workflow files deploy with (`environment:`), for runs whose deployment GitHub does not name;
 * - a status or check run whose name names one of the repository's environments, or says deploy, release or promote
 *   (deployment tools such as Argo CD notifications and Vercel report through commit statuses named so).
 * Returns undefined for a check that does not concern deployments.
 */
export function deploymentRelevance(node: RollupNode, known: DeployKnowledge): { environment?: string } | undefined {
  const name = node.__typename === 'CheckRun' ? node.name : node.context;
  if (node.__typename === 'CheckRun') {
    const env = node.deployment?.latestEnvironment ?? node.deployment?.environment;
    if (env) return { environment: env };
    const fromJob = deployJobEnvironment(node, known.workflows);
    if (fromJob) return { environment: fromJob };
    if (fromJob === null) {
      const named = mentionedEnvironment(name, known.environments);
      return named ? { environment: named } : {};
    }
  }
  const named = mentionedEnvironment(name, known.environments);
  if (named) return { environment: named };
  return DEPLOY_WORDS.test(name) ? {} : undefined;
}

/** A rollup item as a core check (undefined when it does not concern deployments). */
export function checkOf(node: RollupNode, known: DeployKnowledge): CommitCheck | undefined {
  const related = deploymentRelevance(node, known);
  if (!related) return undefined;
  const env = related.environment ? { environment: related.environment } : {};
  if (node.__typename === 'StatusContext') {
    return {
      name: node.context,
      kind: 'status',
      status: statusContextStatus(node.state),
      ...(node.description ? { description: node.description } : {}),
      ...(node.targetUrl ? { detailsUrl: node.targetUrl } : {}),
      updatedAt: node.createdAt,
      ...env,
    };
  }
  const workflow = node.checkSuite?.workflowRun?.workflow.name;
  const when = node.completedAt ?? node.startedAt;
  return {
    name: workflow ? `${workflow} / ${node.name}` : node.name,
    kind: 'check-run',
    status: checkRunStatus(node.status, node.conclusion),
    ...(node.title ? { description: node.title } : {}),
    ...(node.detailsUrl ? { detailsUrl: node.detailsUrl } : {}),
    ...(when ? { updatedAt: when } : {}),
    ...env,
  };
}

/** The checks in one answer of COMMIT_CHECKS_QUERY; a broken answer or a missing repository fails naming `what`. */
export function checksOfAnswer(sha: string, data: unknown, known: DeployKnowledge, what: string): CommitChecks {
  const parsed = parseWhole(CommitChecksDataSchema, data, what);
  if (!parsed.repository) throw new BackendError('not-found', `GitHub has no repository for ${what}, or the token cannot see it.`);
  const object = parsed.repository.object;
  if (!object || object.__typename !== 'Commit') return { sha, checks: [], complete: false, commitUnknown: true, otherChecks: 0 };
  const rollup = object.statusCheckRollup;
  if (!rollup) return { sha, checks: [], complete: false, otherChecks: 0 };
  // One answer holds at most the CONTEXTS_PER_ANSWER asked for; a server that sends more is not read further.
  const sent = rollup.contexts.nodes ?? [];
  const nodes = parseItems(RollupNodeSchema, sent.slice(0, CONTEXTS_PER_ANSWER), 'statusCheckRollup.contexts.nodes');
  const checks: CommitCheck[] = [];
  for (const n of nodes.items) {
    const c = checkOf(n, known);
    if (c) checks.push(c);
  }
  const reasons = [...nodes.reasons];
  const read = Math.min(sent.length, CONTEXTS_PER_ANSWER);
  const unread = Math.max(sent.length - read, rollup.contexts.pageInfo.hasNextPage ? rollup.contexts.totalCount - read : 0, 0);
  if (unread > 0) reasons.push(`${unread} more checks were not read: the commit has ${Math.max(rollup.contexts.totalCount, sent.length)}, one answer holds ${CONTEXTS_PER_ANSWER}`);
  const count = nodes.reasons.length + unread;
  // Done when every check read has finished and none is left unread: the rollup can only change by a new run then.
  const complete = unread === 0 && nodes.reasons.length === 0 && nodes.items.every((n) => isTerminal((n.__typename === 'CheckRun' ? checkRunStatus(n.status, n.conclusion) : statusContextStatus(n.state)).kind));
  return {
    sha,
    checks,
    complete,
    otherChecks: nodes.items.length - checks.length,
    ...(count > 0 ? { skipped: { count, reasons: reasons.slice(0, 5) } } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Asking GitHub, with a short-lived cache per (repository, commit).

/** How long an answer with checks still going on is reused: a hover and the view asking together cost one request. */
const FRESH_MS = 20_000;
/** How long an answer whose checks have all finished is reused: only a new run (a re-run) can change it. */
const FINISHED_MS = 10 * 60_000;
/** Answers kept at most (the oldest go first). */
const MAX_ENTRIES = 200;

interface Entry {
  at: number;
  answer: Promise<CommitChecks>;
  complete?: boolean;
}

export class CommitChecksReader {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly http: GitHubHttp,
    private readonly now: () => number = Date.now,
  ) {}

  /** The deployment-related checks of `sha` in `repository` (`owner/name`). */
  read(repository: string, sha: string, known: DeployKnowledge, signal?: AbortSignal): Promise<CommitChecks> {
    if (!/^[0-9a-f]{40}$/i.test(sha)) return Promise.reject(new BackendError('config', `"${sha.slice(0, 60)}" is not a full commit sha, so GitHub cannot be asked for its checks.`));
    const key = `${repository}@${sha.toLowerCase()}`;
    const hit = this.cache.get(key);
    const age = hit ? this.now() - hit.at : Infinity;
    if (hit && age < (hit.complete ? FINISHED_MS : FRESH_MS)) return hit.answer;
    const entry: Entry = { at: this.now(), answer: this.fetch(repository, sha, known, signal) };
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    entry.answer.then(
      (a) => {
        entry.complete = a.complete;
      },
      // A failure is not kept: the next call asks again.
      () => {
        if (this.cache.get(key) === entry) this.cache.delete(key);
      },
    );
    return entry.answer;
  }

  private async fetch(repository: string, sha: string, known: DeployKnowledge, signal?: AbortSignal): Promise<CommitChecks> {
    const [owner = '', name = ''] = repository.split('/');
    const what = `the checks of commit ${sha.slice(0, 7)} in ${repository}`;
    let res: Awaited<ReturnType<GitHubHttp['graphql']>>;
    try {
      res = await this.http.graphql(COMMIT_CHECKS_QUERY, { owner, name, sha }, signal);
    } catch (e) {
      const err = this.http.translate(e, 'POST /graphql');
      if (err.kind === 'cancelled') throw err;
      throw new BackendError(err.kind, `Could not read ${what}: ${err.message}`, err.details);
    }
    for (const w of res.warnings ?? []) this.http.logger.warn(`${what}: ${w}`);
    const answer = checksOfAnswer(sha, res.data, known, what);
    const cost = (res.data as { rateLimit?: { cost?: unknown } } | null)?.rateLimit?.cost;
    this.http.addPoints(typeof cost === 'number' ? cost : 1);
    for (const r of answer.skipped?.reasons ?? []) this.http.logger.warn(`${what}: left out ${r}`);
    return answer;
  }
}

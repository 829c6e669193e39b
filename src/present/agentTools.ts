// The tools a coding agent can call (VS Code's language-model tools, and the CLI's MCP server): what each one is
// called, how it is described to a model choosing among many tools, its input (a JSON Schema for the caller, checked
// again with zod here), and its answer as plain text a model can quote beside a structured part. Written once, so
// both front ends ask the same questions of the same pipeline and word the answers alike; each front end supplies a
// `ToolHost` over its own data (the extension's store and graphs, the CLI's source) and shows the answer its way.
// Pure: no vscode, no Node built-in.

import { z } from 'zod';
import type { CommitChecks } from '../core/checks';
import type { CompareResult } from '../core/compare';
import { containmentReason, type CommitDeployments } from '../core/deployment';
import { derivedStatus } from '../core/derivedStatus';
import { RELEASE_ACTIONS, type ProductReleases, type ReleaseAction, type ReleaseNotes, type ReleaseSummary } from '../core/model';
import { environmentStatus, statusLabel } from '../core/status';
import { confirmation } from './actions';
import { compareMarkdown } from './compareMarkdown';
import { renderNotes, renderWhere } from './plainText';
import { releaseName } from './releaseLabel';

/** Every answer made from the demo backend starts with this line, and its structured part says `demo: true`. */
export const TOOL_DEMO_NOTICE = "Demo data: these releases are made up from this repository's history by the built-in demo backend; they are not real deployments.";

export const TOOL_NAMES = {
  where: 'gitops_where_deployed',
  compare: 'gitops_compare_environments',
  notes: 'gitops_release_notes',
  releases: 'gitops_list_releases',
  checks: 'gitops_commit_checks',
  action: 'gitops_release_action',
} as const;
export type ToolName = (typeof TOOL_NAMES)[keyof typeof TOOL_NAMES];

export interface ToolDefinition {
  name: ToolName;
  /** A short title for people (a tool picker, a confirmation). */
  title: string;
  /** For the model: what it answers, when to use it, what input it needs. */
  description: string;
  /** JSON Schema of the input object. */
  inputSchema: Record<string, unknown>;
  /** The tool changes something (a release action): the user is asked first. */
  acts: boolean;
}

const COMMIT_INPUT = {
  type: 'string',
  description:
    'The commit: a sha (full or at least 4 hex digits), a ref such as HEAD, HEAD~2, a branch or a tag, or a line of a file as "path:line" (path relative to the repository, line from 1) for the commit that last changed that line.',
};

export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  {
    name: TOOL_NAMES.where,
    title: 'Where is this commit deployed?',
    description:
      'Answers "is my change deployed yet, and where?" for one commit of the open Git repository: for each product and environment (dev, staging, prod…) whether the commit is deployed, on its way, awaiting approval, blocked, no longer deployed, taken down or not yet there, with the release that carried it, since when, and how that release is linked to the commit (its trigger commit by exact sha, an image revision annotation…). Data comes from the GitOps release backend configured for the workspace (Codefresh, Kargo, GitHub Deployments). Input: the commit as a sha, a ref ("HEAD") or "path:line".',
    inputSchema: { type: 'object', properties: { commit: COMMIT_INPUT }, required: ['commit'], additionalProperties: false },
    acts: false,
  },
  {
    name: TOOL_NAMES.compare,
    title: 'Compare two environments',
    description:
      'Answers "what is in staging that is not in prod yet?": the pull requests and commits that the release live in one environment (`to`) has and the release live in another (`from`) lacks, from local Git, with issue keys, authors and the releases in between. Input: the product and the two environment names (list them with gitops_list_releases when unknown).',
    inputSchema: {
      type: 'object',
      properties: {
        product: { type: 'string', description: 'The product (a Codefresh product, a Kargo project, a GitHub owner/name).' },
        from: { type: 'string', description: 'The environment behind, e.g. "prod".' },
        to: { type: 'string', description: 'The environment ahead, e.g. "staging".' },
      },
      required: ['product', 'from', 'to'],
      additionalProperties: false,
    },
    acts: false,
  },
  {
    name: TOOL_NAMES.notes,
    title: 'Release notes',
    description:
      'The notes of one release: its pull requests, issues, commits (since the previous release in the same environment), images and deployments. Input: the release id as gitops_list_releases or gitops_where_deployed name it; optionally the environment whose previous release starts the range.',
    inputSchema: {
      type: 'object',
      properties: {
        releaseId: { type: 'string', description: 'The release id.' },
        environment: { type: 'string', description: 'Optional: count commits since the previous release in this environment.' },
      },
      required: ['releaseId'],
      additionalProperties: false,
    },
    acts: false,
  },
  {
    name: TOOL_NAMES.releases,
    title: 'Releases of a product',
    description:
      'Lists the products and their newest releases with their status overall and per environment (succeeded, running, waiting for approval, failed…), their version, trigger commit and age. Use it to find a release id, a product or environment names, or what is running now. Input: optionally one product and how many releases (default 10, at most 50).',
    inputSchema: {
      type: 'object',
      properties: {
        product: { type: 'string', description: 'Optional: only this product.' },
        limit: { type: 'integer', minimum: 1, maximum: 50, description: 'Releases per product, newest first (default 10).' },
      },
      additionalProperties: false,
    },
    acts: false,
  },
  {
    name: TOOL_NAMES.checks,
    title: "A commit's deployment checks",
    description:
      'The deployment checks the code host reports on one commit (GitHub commit statuses and check runs of jobs that deploy), each with its status and details link. Only backends on a code host with checks answer (GitHub). Input: the commit (sha, ref or "path:line"), optionally the product (owner/name).',
    inputSchema: {
      type: 'object',
      properties: { commit: COMMIT_INPUT, product: { type: 'string', description: 'Optional: the product (GitHub owner/name); default every product.' } },
      required: ['commit'],
      additionalProperties: false,
    },
    acts: false,
  },
  {
    name: TOOL_NAMES.action,
    title: 'Act on a release',
    description:
      'Takes an action on a release in one environment, as the signed-in user: approve or reject a deployment waiting for review, promote a release into an environment, abort what is running, re-run what failed (retry), or re-run the verification (verify). It changes real deployments, so the user is asked to confirm first. Only actions the backend offers for that release and environment right now are possible; gitops_where_deployed and gitops_list_releases show release ids and environments. Input: the action, the release id and the environment; optionally a comment (approve, reject).',
    inputSchema: {
      type: 'object',
      properties: {
        action: { type: 'string', enum: [...RELEASE_ACTIONS], description: 'What to do.' },
        releaseId: { type: 'string', description: 'The release id.' },
        environment: { type: 'string', description: 'The environment, e.g. "production".' },
        comment: { type: 'string', description: 'Optional review comment (approve, reject).' },
      },
      required: ['action', 'releaseId', 'environment'],
      additionalProperties: false,
    },
    acts: true,
  },
];

/** The tool definitions without the one that acts. */
export const READ_TOOL_DEFINITIONS = TOOL_DEFINITIONS.filter((t) => !t.acts);

/** A tool's answer: plain text to quote, and the same answer as data. */
export interface ToolAnswer {
  text: string;
  structured: Record<string, unknown>;
  /** The question could not be answered (bad input, unknown commit, backend failure): `text` says why. */
  isError?: boolean;
}

/** A commit as the tools take it: a commit-ish, or the line of a file (1-based). */
export type CommitRef = { kind: 'commitish'; text: string } | { kind: 'line'; path: string; line: number };

/** A commit the host found: its full sha, and what it knows of it. */
export interface FoundCommit {
  sha: string;
  summary?: string;
  author?: string;
  date?: string;
}

/** The request an action tool sends (the same fields as the backends' ActionRequest). */
export interface ToolActionRequest {
  action: ReleaseAction;
  releaseId: string;
  productName: string;
  environment: string;
  comment?: string;
}

/**
 * What a front end gives the tools. Every method may throw an Error whose message is for the user (the answer says it
 * as is); `commit` returns a message instead of a commit when the input names none.
 */
export interface ToolHost {
  /** The data is the demo backend's: every answer says so. */
  readonly demo: boolean;
  /** The backend in use, for answers that depend on it (`GitHub`, `Kargo`). */
  readonly backendTitle: string;
  /** Which actions the backend in use supports at all (`capabilities.actions`). */
  readonly actions: readonly ReleaseAction[];
  commit(ref: CommitRef): Promise<FoundCommit | string>;
  where(sha: string): Promise<CommitDeployments>;
  products(): Promise<ProductReleases[]>;
  /** One release's notes with the version and previous release they were counted from; undefined: no such release. */
  notes(releaseId: string, environment?: string): Promise<{ notes: ReleaseNotes; version?: string; previousId?: string } | undefined>;
  compare(product: string, from: string, to: string): Promise<CompareResult>;
  /** The code host's deployment checks of a commit; absent when the backend has none. */
  checks?(product: string, sha: string): Promise<CommitChecks>;
  /** The release as it is known now (its detail when loaded). */
  release(releaseId: string): Promise<ReleaseSummary | undefined>;
  act?(request: ToolActionRequest): Promise<{ message: string }>;
}

const commitText = z.string().trim().min(1, 'give the commit: a sha, a ref such as HEAD, or "path:line"').max(1000);
const name = (what: string) => z.string().trim().min(1, `give the ${what}`).max(500);

const INPUTS = {
  [TOOL_NAMES.where]: z.strictObject({ commit: commitText }),
  [TOOL_NAMES.compare]: z.strictObject({ product: name('product'), from: name('environment behind ("from")'), to: name('environment ahead ("to")') }),
  [TOOL_NAMES.notes]: z.strictObject({ releaseId: name('release id'), environment: name('environment').optional() }),
  [TOOL_NAMES.releases]: z.strictObject({ product: name('product').optional(), limit: z.number().int().min(1).max(50).optional() }),
  [TOOL_NAMES.checks]: z.strictObject({ commit: commitText, product: name('product').optional() }),
  [TOOL_NAMES.action]: z.strictObject({ action: z.enum(RELEASE_ACTIONS), releaseId: name('release id'), environment: name('environment'), comment: z.string().max(2000).optional() }),
} as const;

type Input<N extends ToolName> = z.infer<(typeof INPUTS)[N]>;

/** A tool input that does not fit: the reason, naming the field. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

function parseInput<N extends ToolName>(tool: N, raw: unknown): Input<N> {
  const r = INPUTS[tool].safeParse(raw ?? {});
  if (r.success) return r.data as Input<N>;
  const issues = r.error.issues.slice(0, 5).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new ToolInputError(`The input of ${tool} does not fit: ${issues.join('; ')}.`);
}

/** "path:line" (line from 1) names a file's line; anything else is a commit-ish. */
export function parseCommitRef(text: string): CommitRef {
  const t = text.trim();
  const m = /^(.+):(\d{1,9})$/.exec(t);
  if (m && !/^[0-9a-f]{4,40}$/i.test(m[1]!) && Number(m[2]) >= 1) return { kind: 'line', path: m[1]!, line: Number(m[2]) };
  return { kind: 'commitish', text: t };
}

const withDemo = (host: ToolHost, text: string): string => (host.demo ? `${TOOL_DEMO_NOTICE}\n${text}` : text);
const structured = (host: ToolHost, tool: ToolName, data: Record<string, unknown>): Record<string, unknown> => ({ tool, ...(host.demo ? { demo: true } : {}), ...data });

function failure(host: ToolHost, tool: ToolName, message: string): ToolAnswer {
  return { text: withDemo(host, message), structured: structured(host, tool, { error: message }), isError: true };
}

async function findCommit(host: ToolHost, text: string): Promise<FoundCommit> {
  const found = await host.commit(parseCommitRef(text));
  if (typeof found === 'string') throw new ToolInputError(found);
  return found;
}

/** How each release in the answer carries the commit, one line per environment that names one. */
function bridges(answer: CommitDeployments): string[] {
  const lines: string[] = [];
  for (const p of answer.products) {
    for (const e of p.environments) {
      const why = containmentReason(e);
      if (why && e.release) lines.push(`  ${p.product} ${e.environment}: release ${e.release.id} carries it as ${why}`);
    }
  }
  return lines;
}

async function where(host: ToolHost, input: Input<typeof TOOL_NAMES.where>): Promise<ToolAnswer> {
  const c = await findCommit(host, input.commit);
  const answer = await host.where(c.sha);
  const title = c.summary ? `${c.summary}${c.author ? ` (${c.author}${c.date ? `, ${c.date.slice(0, 10)}` : ''})` : ''}` : undefined;
  const links = bridges(answer);
  const text = [renderWhere(answer, title), ...(links.length ? ['How the releases carry it:', ...links] : []), ...(answer.dataAsOf ? [`Release data as of ${answer.dataAsOf}.`] : [])].join('\n');
  return { text: withDemo(host, text), structured: structured(host, TOOL_NAMES.where, { input: input.commit, commit: c, answer }) };
}

async function compare(host: ToolHost, input: Input<typeof TOOL_NAMES.compare>): Promise<ToolAnswer> {
  const result = await host.compare(input.product, input.from, input.to);
  // The Markdown the editor shows, which reads as plain text too; it carries the demo line itself.
  const text = compareMarkdown(input.product, result, { demo: host.demo });
  return { text, structured: structured(host, TOOL_NAMES.compare, { product: input.product, from: input.from, to: input.to, result }) };
}

async function notes(host: ToolHost, input: Input<typeof TOOL_NAMES.notes>): Promise<ToolAnswer> {
  const n = await host.notes(input.releaseId, input.environment);
  if (!n) throw new ToolInputError(`No release "${input.releaseId}" is known; gitops_list_releases lists them.`);
  return { text: withDemo(host, renderNotes(n.notes, n.version, n.previousId)), structured: structured(host, TOOL_NAMES.notes, { releaseId: input.releaseId, version: n.version, previousReleaseId: n.previousId, notes: n.notes }) };
}

/** One release as a line: name, status, age, commit, then its environments' statuses. */
function releaseLine(r: ReleaseSummary): { text: string; data: Record<string, unknown> } {
  const d = derivedStatus(r);
  const envs = r.environments.map((e) => ({ environment: e.name, status: statusLabel(d.environments.get(e.name)?.status ?? environmentStatus(e.status)), actions: d.environments.get(e.name)?.listed?.actions ?? [] }));
  const sha = r.triggerCommit?.sha;
  const subject = r.triggerCommit?.message?.split('\n')[0];
  const text = `  ${r.id}${r.version ? ` (${r.version})` : ''}  ${statusLabel(d.release)}  created ${r.createdAt}${sha ? `  commit ${sha.slice(0, 12)}` : ''}${subject ? ` "${subject.slice(0, 80)}"` : ''}\n    ${envs.map((e) => `${e.environment}: ${e.status}${e.actions.length ? ` [can ${e.actions.join(', ')}]` : ''}`).join('; ') || 'no environments'}`;
  return { text, data: { id: r.id, name: releaseName(r), version: r.version, status: statusLabel(d.release), createdAt: r.createdAt, commit: sha, environments: envs } };
}

async function releases(host: ToolHost, input: Input<typeof TOOL_NAMES.releases>): Promise<ToolAnswer> {
  const all = await host.products();
  const wanted = input.product ? all.filter((p) => p.product.name === input.product) : all;
  if (input.product && !wanted.length) throw new ToolInputError(`No product "${input.product}"; the products are: ${all.map((p) => p.product.name).slice(0, 50).join(', ') || 'none'}.`);
  const limit = input.limit ?? 10;
  const lines: string[] = [];
  const products = wanted.map((p) => {
    const listed = p.releases.slice(0, limit).map(releaseLine);
    lines.push(`${p.product.name} (environments: ${p.product.environments.map((e) => e.name).join(', ') || 'as the releases name them'}; ${p.releases.length} release${p.releases.length === 1 ? '' : 's'} loaded, newest first)`);
    lines.push(...(listed.length ? listed.map((l) => l.text) : ['  no releases']));
    return { product: p.product.name, environments: p.product.environments.map((e) => e.name), releases: listed.map((l) => l.data) };
  });
  if (!products.length) lines.push('No products are known.');
  return { text: withDemo(host, lines.join('\n')), structured: structured(host, TOOL_NAMES.releases, { products }) };
}

async function checks(host: ToolHost, input: Input<typeof TOOL_NAMES.checks>): Promise<ToolAnswer> {
  if (!host.checks) throw new ToolInputError(`The backend in use (${host.backendTitle}) reports no commit checks; only the GitHub backend does.`);
  const c = await findCommit(host, input.commit);
  const products = input.product ? [input.product] : (await host.products()).map((p) => p.product.name).slice(0, 5);
  const lines = [`commit ${c.sha.slice(0, 12)}${c.summary ? `  ${c.summary}` : ''}`];
  const answers: Record<string, unknown>[] = [];
  for (const product of products) {
    const got = await host.checks(product, c.sha);
    answers.push({ product, ...got });
    lines.push(`${product}:`);
    if (got.commitUnknown) lines.push('  the code host does not know this commit (not pushed?)');
    else if (!got.checks.length) lines.push('  no deployment checks');
    for (const k of got.checks) lines.push(`  ${k.name}: ${statusLabel(k.status)}${k.environment ? ` (${k.environment})` : ''}${k.description ? ` - ${k.description}` : ''}${k.detailsUrl ? ` ${k.detailsUrl}` : ''}`);
    if (got.otherChecks) lines.push(`  (${got.otherChecks} other checks of the commit do not concern deployments)`);
  }
  return { text: withDemo(host, lines.join('\n')), structured: structured(host, TOOL_NAMES.checks, { commit: c, products: answers }) };
}

/** Runs a read tool; a bad input or a failure is an answer that says why (`isError`), never a throw. */
export async function runReadTool(tool: ToolName, raw: unknown, host: ToolHost): Promise<ToolAnswer> {
  try {
    switch (tool) {
      case TOOL_NAMES.where:
        return await where(host, parseInput(tool, raw));
      case TOOL_NAMES.compare:
        return await compare(host, parseInput(tool, raw));
      case TOOL_NAMES.notes:
        return await notes(host, parseInput(tool, raw));
      case TOOL_NAMES.releases:
        return await releases(host, parseInput(tool, raw));
      case TOOL_NAMES.checks:
        return await checks(host, parseInput(tool, raw));
      case TOOL_NAMES.action:
        return failure(host, tool, `${tool} acts: it runs only after the user confirms it.`);
    }
  } catch (e) {
    return failure(host, tool, e instanceof Error ? e.message : String(e));
  }
}

/** An action the user may be asked to confirm: exactly what will happen, and the request that does it. */
export interface ActionPlan {
  request: ToolActionRequest;
  /** The confirmation's title (a question) and message (what happens). */
  title: string;
  message: string;
}

/**
 * Checks an action tool's input against what the backend offers now: a plan to confirm, or the answer saying why it
 * cannot be done (nothing is done then).
 */
export async function planAction(raw: unknown, host: ToolHost): Promise<ActionPlan | ToolAnswer> {
  const tool = TOOL_NAMES.action;
  try {
    const input = parseInput(tool, raw);
    if (!host.act || !host.actions.includes(input.action)) {
      throw new ToolInputError(`The backend in use (${host.backendTitle}) does not offer "${input.action}"${host.actions.length ? `; it offers ${host.actions.join(', ')}` : '; it offers no release actions'}. Nothing was done.`);
    }
    const release = await host.release(input.releaseId);
    if (!release) throw new ToolInputError(`No release "${input.releaseId}" is known; gitops_list_releases lists them. Nothing was done.`);
    if (!release.environments.some((e) => e.name === input.environment)) {
      throw new ToolInputError(`Release ${input.releaseId} has no environment "${input.environment}" (it has ${release.environments.map((e) => e.name).join(', ') || 'none'}). Nothing was done.`);
    }
    const allowed = derivedStatus(release).environments.get(input.environment)?.listed?.actions ?? [];
    if (!allowed.includes(input.action)) {
      throw new ToolInputError(`"${input.action}" is not possible for ${release.productName} ${releaseName(release)} in ${input.environment} now${allowed.length ? ` (possible: ${allowed.join(', ')})` : ' (no action is)'}. Nothing was done.`);
    }
    const c = confirmation(input.action, release, input.environment);
    const comment = input.comment?.trim() || undefined;
    return {
      request: { action: input.action, releaseId: release.id, productName: release.productName, environment: input.environment, ...(comment ? { comment } : {}) },
      title: c.message,
      message: `${host.demo ? 'On demo data. ' : ''}${c.detail}${comment ? ` Comment: "${comment}".` : ''}`,
    };
  } catch (e) {
    return failure(host, tool, e instanceof Error ? e.message : String(e));
  }
}

export function isActionPlan(x: ActionPlan | ToolAnswer): x is ActionPlan {
  return 'request' in x;
}

/** Takes a planned (and confirmed) action: what the backend did, or why it failed. */
export async function runAction(plan: ActionPlan, host: ToolHost): Promise<ToolAnswer> {
  const tool = TOOL_NAMES.action;
  if (!host.act) return failure(host, tool, `The backend in use (${host.backendTitle}) takes no actions. Nothing was done.`);
  try {
    const result = await host.act(plan.request);
    return { text: withDemo(host, result.message), structured: structured(host, tool, { done: true, request: plan.request, message: result.message }) };
  } catch (e) {
    return failure(host, tool, `Could not ${plan.request.action} ${plan.request.productName} release ${plan.request.releaseId} in ${plan.request.environment}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

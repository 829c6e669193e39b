// The `--releases FILE` format: a ReleasesFile (src/core/model.ts) as JSON, validated with zod. Errors name the
// field path (e.g. `products[0].releases[3].createdAt: expected string`). Commit shas are hex; abbreviated ones are
// expanded against the repository by expandAbbreviatedShas (the resolver only matches full shas).

import { z } from 'zod';
import { isReleaseDetail, type ReleasesFile } from '../core/model';

const str = z.string();
const opt = z.string().optional();
const shaText = z.string().regex(/^[0-9a-fA-F]{4,40}$/, 'expected a commit sha (4 to 40 hex digits)');
const optSha = shaText.optional();
const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 date');

const hooks = z.object({ onStart: opt, onSuccess: opt, onFail: opt });
const environment = z.object({ name: str, kind: str, position: z.number() });
const flowStep = z.object({
  environment: str,
  dependsOn: z.array(str),
  policy: z.object({ action: opt, preAction: opt, postAction: opt }).optional(),
  hooks: hooks.optional(),
});
const flow = z.object({ name: str, triggerEnvironment: str, steps: z.array(flowStep), hooks: hooks.optional() });
const product = z.object({
  name: str.min(1),
  environments: z.array(environment),
  flows: z.array(flow),
  concurrency: opt,
  latestRelease: z.object({ id: str, status: str, createdAt: iso, version: opt }).optional(),
});
const commitRef = z.object({
  sha: shaText,
  message: opt,
  author: opt,
  date: opt,
  repoURL: opt,
  branch: opt,
  avatarUrl: opt,
});
const releaseEnvironment = z.object({
  name: str,
  status: str,
  dependsOn: z.array(str).optional(),
  startedAt: opt,
  updatedAt: opt,
  active: z.boolean().optional(),
});
const workflowStep = z.object({
  name: opt,
  templateName: str,
  status: str,
  startedAt: opt,
  finishedAt: opt,
  workflows: z.array(z.object({ applicationName: str, workflowName: str, status: str, url: opt })),
});
const pullRequest = z.object({
  repo: str,
  id: z.number().int(),
  url: str,
  title: str,
  author: str,
  state: str,
  isMerged: z.boolean(),
  mergeCommitSha: optSha,
  baseBranch: opt,
  headBranch: opt,
  createdAt: opt,
});
const hookRun = z.object({ templateName: str, workflowName: opt, status: str, error: z.object({ message: str, date: opt }).optional() });
const hookRuns = z.object({ onStart: hookRun.optional(), onSuccess: hookRun.optional(), onFail: hookRun.optional() });
const step = z.object({
  environment: str,
  kind: opt,
  dependsOn: z.array(str),
  status: str,
  startedAt: opt,
  updatedAt: opt,
  active: z.boolean().optional(),
  policyAction: opt,
  preWorkflows: z.array(workflowStep),
  postWorkflows: z.array(workflowStep),
  applications: z.array(
    z.object({
      app: z.object({ runtime: str, namespace: str, name: str }),
      status: str,
      commitSha: optSha,
      pr: pullRequest.optional(),
    }),
  ),
  issues: z.array(
    z.object({
      type: str,
      level: str,
      message: str,
      date: str,
      applicationName: opt,
      workflowName: opt,
      syncStatus: opt,
      healthStatus: opt,
    }),
  ),
  hooks: hookRuns.optional(),
});
const release = z.object({
  id: str.min(1),
  apiKind: z.enum(['ProductRelease', 'Promotion']),
  productName: str,
  flowName: z.string().nullish(),
  triggerEnvironment: opt,
  status: str,
  version: opt,
  createdAt: iso,
  updatedAt: opt,
  initiator: z.object({ name: str, avatarUrl: opt }).optional(),
  triggerCommit: commitRef.optional(),
  environments: z.array(releaseEnvironment),
  error: z.object({ code: opt, message: str }).optional(),
  steps: z.array(step).optional(),
  hooks: hookRuns.optional(),
});
const source = z.enum(['backend', 'local-git']);
const noteCommit = z.object({ sha: str, message: str, author: opt, date: opt, url: opt, source });
const notePr = z.object({
  key: str,
  number: z.number().int().optional(),
  title: opt,
  url: opt,
  author: opt,
  commits: z.array(z.object({ sha: shaText, message: opt, url: opt, author: opt })).optional(),
  source,
});
const notes = z.object({
  releaseId: str,
  commits: z.array(noteCommit),
  pullRequests: z.array(notePr),
  issues: z.array(z.object({ key: str, title: opt, url: opt, status: opt, assignee: opt, source })),
  images: z.array(
    z.object({ image: str, repositoryName: opt, tag: opt, binaryId: opt, workflowUrl: opt, commit: commitRef.optional(), source }),
  ),
  gitopsCommits: z.array(noteCommit),
  gitopsPullRequests: z.array(notePr),
  builds: z.array(z.object({ id: str, pipeline: opt, url: opt })),
});

export const releasesFileSchema = z.object({
  version: z.literal(1),
  products: z.array(
    z.object({
      product,
      releases: z.array(release),
      notes: z.record(z.string(), notes).optional(),
    }),
  ),
});

export class ReleasesFileError extends Error {
  override readonly name = 'ReleasesFileError';
  constructor(
    message: string,
    /** Field path of the first problem, e.g. `products[0].releases[3].createdAt`. */
    readonly path?: string,
  ) {
    super(message);
  }
}

/** `products[0].releases[3].createdAt` from zod's path segments. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out || '(root)';
}

/** Validate parsed JSON as a ReleasesFile; throws ReleasesFileError naming the field path(s). */
export function parseReleasesFile(json: unknown): ReleasesFile {
  const r = releasesFileSchema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => `${formatPath(i.path)}: ${i.message}`);
    const more = r.error.issues.length > 5 ? ` (and ${r.error.issues.length - 5} more)` : '';
    throw new ReleasesFileError(`invalid releases file: ${issues.join('; ')}${more}`, formatPath(r.error.issues[0]?.path ?? []));
  }
  // Cross-field check: a release listed under a product names that product.
  r.data.products.forEach((p, i) =>
    p.releases.forEach((rel, k) => {
      if (rel.productName !== p.product.name) {
        throw new ReleasesFileError(
          `invalid releases file: products[${i}].releases[${k}].productName: "${rel.productName}" is listed under product "${p.product.name}"`,
          `products[${i}].releases[${k}].productName`,
        );
      }
    }),
  );
  return r.data as ReleasesFile;
}

/** Parse JSON text as a ReleasesFile (syntax errors say where). */
export function parseReleasesText(text: string): ReleasesFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ReleasesFileError(`releases file is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseReleasesFile(json);
}

/** What an abbreviated sha names in the repository (see lookupCommitPrefix in src/git/sha.ts). */
export type ShaLookup = (
  prefix: string,
) => Promise<{ kind: 'commit'; sha: string } | { kind: 'ambiguous'; candidates: { sha: string; summary: string }[] } | { kind: 'missing' }>;

/**
 * Replace every abbreviated commit sha the resolver reads (trigger commits, promotion commits and merge commits of
 * steps, image and PR commits of notes) by the full sha it names in the repository, so that none is dropped.
 * Throws ReleasesFileError naming the field when a prefix is ambiguous or names no commit here. Each distinct
 * prefix is looked up once. `missingHint` is asked for only then, and appended to "not a commit" errors (e.g. that
 * the clone is shallow).
 */
export async function expandAbbreviatedShas(file: ReleasesFile, lookup: ShaLookup, missingHint?: () => Promise<string>): Promise<ReleasesFile> {
  const fields: { path: string; get: () => string | undefined; set: (sha: string) => void }[] = [];
  const field = (path: string, holder: Record<string, unknown> | undefined, key: string) => {
    if (!holder) return;
    const v = holder[key];
    if (typeof v === 'string' && v.length < 40) fields.push({ path, get: () => v, set: (sha) => (holder[key] = sha) });
  };
  // Records over the model's objects: the walk writes the expanded sha back in place.
  const rec = (o: object | undefined) => o as Record<string, unknown> | undefined;
  file.products.forEach((p, i) => {
    p.releases.forEach((r, k) => {
      const at = `products[${i}].releases[${k}]`;
      field(`${at}.triggerCommit.sha`, rec(r.triggerCommit), 'sha');
      if (isReleaseDetail(r)) {
        r.steps.forEach((st, si) =>
          st.applications.forEach((a, ai) => {
            field(`${at}.steps[${si}].applications[${ai}].commitSha`, rec(a), 'commitSha');
            field(`${at}.steps[${si}].applications[${ai}].pr.mergeCommitSha`, rec(a.pr), 'mergeCommitSha');
          }),
        );
      }
    });
    for (const [id, n] of Object.entries(p.notes ?? {})) {
      const at = `products[${i}].notes.${id}`;
      n.images.forEach((img, m) => field(`${at}.images[${m}].commit.sha`, rec(img.commit), 'sha'));
      n.pullRequests.forEach((pr, m) => (pr.commits ?? []).forEach((c, ci) => field(`${at}.pullRequests[${m}].commits[${ci}].sha`, rec(c), 'sha')));
    }
  });
  const answers = new Map<string, Awaited<ReturnType<ShaLookup>>>();
  for (const f of fields) {
    const prefix = f.get()!.toLowerCase();
    let a = answers.get(prefix);
    if (!a) {
      a = await lookup(prefix);
      answers.set(prefix, a);
    }
    if (a.kind === 'commit') {
      f.set(a.sha);
      continue;
    }
    const what =
      a.kind === 'ambiguous'
        ? `is ambiguous (${a.candidates.length} commits: ${a.candidates.map((c) => `${c.sha.slice(0, 10)} ${c.summary}`.trim()).join('; ')}); give more digits`
        : `is not a commit in this repository (give the full 40-digit sha, or fetch the commit)${(await missingHint?.()) ?? ''}`;
    throw new ReleasesFileError(`invalid releases file: ${f.path}: ${f.get()!} ${what}`, f.path);
  }
  return file;
}

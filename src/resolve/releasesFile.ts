// The `--releases FILE` format: a ReleasesFile (src/core/model.ts) as JSON, validated with zod. Errors name the
// field path (e.g. `products[0].releases[3].createdAt: expected string`). Commit shas are hex; abbreviated ones are
// expanded against the repository by expandAbbreviatedShas (the resolver only matches full shas).
//
// Each object schema is checked against its model type by the compiler (`shapeOf`): it must name every field of the
// type, no other, and each field's output must fit the type. A field added to the model fails to compile here until
// the file format says how to read it. That check cannot see an enum narrower than its type (three backends where the
// type allows five), so every enum here is built from the model's own list of values (BACKEND_IDS, RELEASE_KINDS...).

import { z } from 'zod';
import { formatIssues, issuePath } from '../core/zodIssues';
import {
  isReleaseDetail,
  type ApplicationPromotion,
  type CommitLink,
  type CommitRef,
  type Environment,
  type EnvironmentStep,
  type FlowStep,
  type HookRun,
  type HookRuns,
  type Hooks,
  type NoteCommit,
  type NoteImage,
  type NoteIssue,
  type NoteDeployment,
  type NotePullRequest,
  type Product,
  type PromotionFlow,
  type PullRequestRef,
  type ReleaseDetail,
  type ReleaseEnvironment,
  type ReleaseIssue,
  type ReleaseNotes,
  type ReleasesFile,
  type ReleaseSource,
  type ReleaseSummary,
  type WorkflowRun,
  type WorkflowStep,
  BACKEND_IDS,
  COMMIT_LINKS,
  FLOW_SOURCES,
  RELEASE_ACTIONS,
  RELEASE_KINDS,
} from '../core/model';

/** The zod shape of an object type T: every key of T (optional ones too), each a schema whose output fits T's. */
type ShapeOf<T> = { [K in keyof Required<T>]: z.ZodType<T[K]> };

/** `z.object` of a shape that must match T exactly (missing or extra keys fail to compile). */
const shapeOf =
  <T>() =>
  <S extends ShapeOf<T>>(shape: S & Record<Exclude<keyof S, keyof T>, never>) =>
    z.object(shape);

const str = z.string();
const opt = z.string().optional();
const shaText = z.string().regex(/^[0-9a-fA-F]{4,40}$/, 'expected a commit sha (4 to 40 hex digits)');
const optSha = shaText.optional();
const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 date');

const hooks = shapeOf<Hooks>()({ onStart: opt, onSuccess: opt, onFail: opt });
const environment = shapeOf<Environment>()({ name: str, kind: str, position: z.number() });
const flowStep = shapeOf<FlowStep>()({
  environment: str,
  dependsOn: z.array(str),
  policy: z.object({ action: opt, preAction: opt, postAction: opt }).optional(),
  hooks: hooks.optional(),
});
const flow = shapeOf<PromotionFlow>()({ name: str, triggerEnvironment: str, steps: z.array(flowStep), hooks: hooks.optional() });
const product = shapeOf<Product>()({
  name: str.min(1),
  environments: z.array(environment),
  flows: z.array(flow),
  // Files written before the field existed described what the backend's API said.
  flowSource: z.enum(FLOW_SOURCES).default('api'),
  concurrency: opt,
  latestRelease: z.object({ id: str, status: str, createdAt: iso, version: opt }).optional(),
});
const commitLink = z.enum(COMMIT_LINKS);
/** A commit; without `link`, the link its place in the release implies (older files do not say). */
const commitRef = (impliedLink: CommitLink) =>
  shapeOf<CommitRef>()({
    sha: shaText,
    message: opt,
    author: opt,
    date: opt,
    repoURL: opt,
    branch: opt,
    avatarUrl: opt,
    link: commitLink.default(impliedLink),
  });
/** What a step waits for (see `Waiting` in the core model). */
const waiting = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('promotion') }),
  z.object({ kind: z.literal('approval'), approvers: z.array(str).optional(), you: z.boolean().optional() }),
]);
const releaseEnvironment = shapeOf<ReleaseEnvironment>()({
  name: str,
  status: str,
  waiting: waiting.optional(),
  takenDownAt: opt,
  message: opt,
  dependsOn: z.array(str).optional(),
  startedAt: opt,
  updatedAt: opt,
  active: z.boolean().optional(),
  applicationCommits: z.array(z.object({ application: z.object({ runtime: str, namespace: str, name: str }), commitSha: shaText })).optional(),
  actions: z.array(z.enum(RELEASE_ACTIONS)).optional(),
});
const workflowRun = shapeOf<WorkflowRun>()({ applicationName: str, workflowName: str, status: str, url: opt });
const workflowStep = shapeOf<WorkflowStep>()({
  name: opt,
  templateName: str,
  status: str,
  startedAt: opt,
  finishedAt: opt,
  workflows: z.array(workflowRun),
});
const pullRequest = shapeOf<PullRequestRef>()({
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
const hookRun = shapeOf<HookRun>()({ templateName: str, workflowName: opt, status: str, error: z.object({ message: str, date: opt }).optional() });
const hookRuns = shapeOf<HookRuns>()({ onStart: hookRun.optional(), onSuccess: hookRun.optional(), onFail: hookRun.optional() });
const issue = shapeOf<ReleaseIssue>()({
  type: str,
  level: str,
  message: str,
  date: str,
  applicationName: opt,
  workflowName: opt,
  syncStatus: opt,
  healthStatus: opt,
});
const applicationPromotion = shapeOf<ApplicationPromotion>()({
  app: z.object({ runtime: str, namespace: str, name: str }),
  status: str,
  commitSha: optSha,
  pr: pullRequest.optional(),
});
const step = shapeOf<EnvironmentStep>()({
  environment: str,
  kind: opt,
  dependsOn: z.array(str),
  status: str,
  startedAt: opt,
  updatedAt: opt,
  active: z.boolean().optional(),
  waiting: waiting.optional(),
  takenDownAt: opt,
  message: opt,
  policyAction: opt,
  preWorkflows: z.array(workflowStep),
  postWorkflows: z.array(workflowStep),
  applications: z.array(applicationPromotion),
  issues: z.array(issue),
  hooks: hookRuns.optional(),
});
const releaseSource = shapeOf<ReleaseSource>()({ backend: z.enum(BACKEND_IDS), kind: z.enum(RELEASE_KINDS) });
/** Files written before `source` existed name Codefresh's node type instead (`apiKind`): read it as its source. */
const LEGACY_API_KINDS: Record<string, ReleaseSource> = {
  ProductRelease: { backend: 'codefresh', kind: 'product-release' },
  Promotion: { backend: 'codefresh', kind: 'promotion' },
};
function withLegacySource(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || 'source' in raw || !('apiKind' in raw)) return raw;
  const { apiKind, ...rest } = raw;
  const source = typeof apiKind === 'string' && Object.hasOwn(LEGACY_API_KINDS, apiKind) ? LEGACY_API_KINDS[apiKind] : undefined;
  return source ? { ...rest, source } : raw;
}
/** A release row, or a release in detail when it has `steps`. */
type FileRelease = ReleaseSummary & Partial<Pick<ReleaseDetail, 'steps' | 'hooks'>>;
const releaseObject = shapeOf<FileRelease>()({
  id: str.min(1),
  source: releaseSource,
  productName: str,
  releaseName: opt,
  flowName: z.string().nullish(),
  triggerEnvironment: opt,
  status: str,
  version: opt,
  createdAt: iso,
  updatedAt: opt,
  createdAtFallback: z.enum(['updatedAt', 'none']).optional(),
  initiator: z.object({ name: str, avatarUrl: opt }).optional(),
  triggerCommit: commitRef('exact-sha').optional(),
  environments: z.array(releaseEnvironment),
  error: z.object({ code: opt, message: str }).optional(),
  steps: z.array(step).optional(),
  hooks: hookRuns.optional(),
});
const release = z.preprocess(withLegacySource, releaseObject);
const source = z.enum(['backend', 'local-git']);
const noteCommit = shapeOf<NoteCommit>()({ sha: str, message: str, author: opt, date: opt, url: opt, source });
const notePr = shapeOf<NotePullRequest>()({
  key: str,
  number: z.number().int().optional(),
  title: opt,
  url: opt,
  author: opt,
  commits: z.array(z.object({ sha: shaText, message: opt, url: opt, author: opt })).optional(),
  mergedAt: iso.optional(),
  state: opt,
  source,
});
const noteDeployment = shapeOf<NoteDeployment>()({ environment: str, status: opt, url: opt, logUrl: opt, source });
const noteIssue = shapeOf<NoteIssue>()({ key: str, title: opt, url: opt, status: opt, assignee: opt, source });
const noteImage = shapeOf<NoteImage>()({
  image: str,
  repositoryName: opt,
  tag: opt,
  binaryId: opt,
  workflowUrl: opt,
  commit: commitRef('image-revision').optional(),
  source,
});
const notes = shapeOf<ReleaseNotes>()({
  releaseId: str,
  commits: z.array(noteCommit),
  pullRequests: z.array(notePr),
  issues: z.array(noteIssue),
  images: z.array(noteImage),
  gitopsCommits: z.array(noteCommit),
  gitopsPullRequests: z.array(notePr),
  builds: z.array(z.object({ id: str, pipeline: opt, url: opt })),
  charts: z.array(z.object({ name: str, version: opt, repoURL: opt })).optional(),
  deployments: z.array(noteDeployment).optional(),
  notices: z.array(str).optional(),
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
}) satisfies z.ZodType<ReleasesFile>;

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

/** Validate parsed JSON as a ReleasesFile; throws ReleasesFileError naming the field path(s). */
export function parseReleasesFile(json: unknown): ReleasesFile {
  const r = releasesFileSchema.safeParse(json);
  if (!r.success) {
    throw new ReleasesFileError(`invalid releases file: ${formatIssues(r.error.issues, { max: 5 })}`, issuePath(r.error.issues[0]?.path ?? []));
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
  return r.data;
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

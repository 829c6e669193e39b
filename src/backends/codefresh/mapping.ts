// Mapping of validated Codefresh payloads (./schemas) into the backend-neutral core model (src/core/model.ts).
// Status fields keep the API's raw value; src/core/status.ts normalises them (unknown values become `unknown`).
// Optional fields the API sends as null are left out rather than stored as null.

import type {
  ApplicationPromotion,
  BackendId,
  CommitRef,
  EnvironmentStep,
  Environment,
  HookRun,
  HookRuns,
  NoteCommit,
  NoteImage,
  NoteIssue,
  NotePullRequest,
  Product,
  PromotionFlow,
  PullRequestRef,
  ReleaseDetail,
  ReleaseEnvironment,
  ReleaseIssue,
  ReleaseNotes,
  ReleaseSummary,
  WorkflowStep,
} from '../../core/model';
import type { z } from 'zod';
import type {
  AnnotationSchema,
  EnvironmentSchema,
  ProductPayload,
  ProductReleasePayload,
  PromotionFlowPayload,
  PromotionOrReleaseNode,
  PromotionPayload,
  PullRequestSchema,
  ReleaseHookWorkflowInfoSchema,
  WorkflowsStepViewSchema,
  ProductReleaseStepSchema,
  IssueSchema,
} from './schemas';

/** Drop keys whose value is undefined or null, so optional model fields are absent rather than null. */
function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null) out[k] = v;
  return out as T;
}

const orUndef = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

// ---------------------------------------------------------------------------------------------------------------
// Release list rows

function commitFromCommitInfo(c: NonNullable<ProductReleasePayload['triggerCommit']>): CommitRef {
  return compact({
    sha: c.sha,
    message: orUndef(c.message),
    author: orUndef(c.committer),
    date: orUndef(c.date),
    repoURL: orUndef(c.repoURL),
    branch: orUndef(c.revision),
    // Codefresh names the trigger commit by its sha.
    link: 'exact-sha' as const,
  });
}

function commitFromPromotionCommitInfo(c: NonNullable<PromotionPayload['triggerCommitInfo']>): CommitRef {
  return compact({
    sha: c.commitSha,
    message: orUndef(c.commitMessage),
    author: orUndef(c.commitAuthor),
    date: orUndef(c.commitDate),
    repoURL: orUndef(c.repoURL),
    branch: orUndef(c.revision),
    avatarUrl: orUndef(c.avatarURL),
    link: 'exact-sha' as const,
  });
}

/** The promotion commits of a legacy step's applications (`applications[].commitSha`), when the query selected them. */
function applicationCommits(s: z.infer<typeof ProductReleaseStepSchema>): ReleaseEnvironment['applicationCommits'] {
  const out: NonNullable<ReleaseEnvironment['applicationCommits']> = [];
  for (const a of s.applications ?? []) {
    if (!a.commitSha) continue;
    const { runtime, namespace, name } = a.applicationId;
    out.push({ application: { runtime, namespace, name }, commitSha: a.commitSha });
  }
  return out.length > 0 ? out : undefined;
}

function productReleaseEnvironments(r: ProductReleasePayload): ReleaseEnvironment[] {
  if (r.environmentsStatuses && r.environmentsStatuses.length > 0)
    return r.environmentsStatuses.map((e) => ({ name: e.environmentName, status: e.status }));
  // Legacy list and detail: the per-environment status lives in `steps`.
  return (r.steps ?? []).map((s) =>
    compact({
      name: s.environmentName,
      status: s.status,
      dependsOn: orUndef(s.dependsOn),
      startedAt: orUndef(s.startedAt),
      updatedAt: orUndef(s.updatedAt),
      applicationCommits: applicationCommits(s),
    }),
  );
}

/**
 * `createdAt`, or what stands in for it on platforms that do not send it: `updatedAt`, else nothing (an empty
 * `createdAt`, shown as an unknown time; the API's order still places the row). A date is never invented.
 */
function creation(createdAt: string | null | undefined, updatedAt: string | null | undefined): Pick<ReleaseSummary, 'createdAt' | 'createdAtFallback'> {
  if (createdAt) return { createdAt };
  if (updatedAt) return { createdAt: updatedAt, createdAtFallback: 'updatedAt' };
  return { createdAt: '', createdAtFallback: 'none' };
}

/**
 * The model's `flowName`: the name, null when the API says there is none (a manual promotion), absent when the query
 * did not select the field at all (legacy lists): then the flow is not known, which is not the same as manual.
 */
function flowOf(node: { promotionFlowName?: string | null | undefined }): Pick<ReleaseSummary, 'flowName'> {
  if (!('promotionFlowName' in node) || node.promotionFlowName === undefined) return {};
  return { flowName: node.promotionFlowName };
}

/**
 * A `ProductRelease` node as a list row. `productName` fills in for queries that do not select it (the legacy list
 * query is per product and does not). `backend` is the one that served it: the demo server speaks the same API.
 */
export function mapProductRelease(r: ProductReleasePayload, productName?: string, backend: BackendId = 'codefresh'): ReleaseSummary {
  const summary = compact({
    id: r.releaseId,
    source: { backend, kind: 'product-release' as const },
    productName: r.productName ?? productName ?? '',
    releaseName: orUndef(r.releaseName),
    triggerEnvironment: orUndef(r.triggerEnvironment),
    status: r.status,
    version: orUndef(r.version),
    ...creation(r.createdAt, r.updatedAt),
    updatedAt: orUndef(r.updatedAt),
    initiator: r.initiator ? compact({ name: r.initiator.name, avatarUrl: orUndef(r.initiator.avatarUrl) }) : undefined,
    triggerCommit: r.triggerCommit ? commitFromCommitInfo(r.triggerCommit) : undefined,
    environments: productReleaseEnvironments(r),
    error: r.error ? compact({ code: orUndef(r.error.code), message: r.error.message }) : undefined,
  });
  // After `compact`, which would drop the null of a manual promotion.
  return { ...summary, ...flowOf(r) };
}

/** A new-architecture `Promotion` node as a list row. */
export function mapPromotion(p: PromotionPayload, backend: BackendId = 'codefresh'): ReleaseSummary {
  const summary = compact({
    id: p.id,
    source: { backend, kind: 'promotion' as const },
    productName: p.productName,
    triggerEnvironment: orUndef(p.triggerEnvironment),
    status: p.status,
    version: orUndef(p.promotionAppVersion),
    createdAt: p.createdAt,
    updatedAt: orUndef(p.updatedAt),
    triggerCommit: p.triggerCommitInfo ? commitFromPromotionCommitInfo(p.triggerCommitInfo) : undefined,
    environments: p.environments.map((e) =>
      compact({
        name: e.name,
        status: e.status,
        dependsOn: orUndef(e.dependsOn),
        startedAt: orUndef(e.startedAt),
        updatedAt: orUndef(e.updatedAt),
      }),
    ),
    error: p.failure ? compact({ code: orUndef(p.failure.code), message: p.failure.message }) : undefined,
  });
  // After `compact`, which would drop the null of a manual promotion.
  return { ...summary, ...flowOf(p) };
}

/** A `promotions` list node of either kind. */
export function mapPromotionOrRelease(node: PromotionOrReleaseNode, productName?: string, backend: BackendId = 'codefresh'): ReleaseSummary {
  return node.__typename === 'Promotion' ? mapPromotion(node, backend) : mapProductRelease(node, productName, backend);
}

// ---------------------------------------------------------------------------------------------------------------
// Release detail

type StepView = z.infer<typeof WorkflowsStepViewSchema>;
type StepPayload = z.infer<typeof ProductReleaseStepSchema>;
type IssuePayload = z.infer<typeof IssueSchema>;
type HookPayload = z.infer<typeof ReleaseHookWorkflowInfoSchema>;
type PullRequestPayload = z.infer<typeof PullRequestSchema>;

function mapStepView(v: StepView): WorkflowStep {
  return compact({
    name: orUndef(v.name),
    templateName: v.templateName,
    status: v.status,
    startedAt: orUndef(v.startedAt),
    finishedAt: orUndef(v.finishedAt),
    workflows: (v.workflows ?? []).map((w) => ({
      applicationName: w.applicationName,
      workflowName: w.workflowName,
      status: w.status,
    })),
  });
}

export function mapPullRequest(pr: PullRequestPayload): PullRequestRef {
  return compact({
    repo: pr.repo,
    id: pr.id,
    url: pr.url,
    title: pr.title,
    author: pr.author,
    state: pr.state,
    isMerged: pr.isMerged,
    mergeCommitSha: orUndef(pr.mergeCommitSHA),
    baseBranch: orUndef(pr.baseBranch),
    headBranch: orUndef(pr.headBranch),
    createdAt: orUndef(pr.createdAt),
  });
}

function mapIssue(i: IssuePayload): ReleaseIssue {
  return compact({
    type: i.type,
    level: i.level,
    message: i.message,
    date: i.date,
    applicationName: orUndef(i.applicationName),
    workflowName: orUndef(i.workflowName),
    syncStatus: orUndef(i.syncStatus),
    healthStatus: orUndef(i.healthStatus),
  });
}

function mapHook(h: HookPayload): HookRun {
  return compact({
    templateName: h.templateName,
    workflowName: orUndef(h.workflowName),
    status: h.status,
    error: h.error ? compact({ message: h.error.message, date: orUndef(h.error.date) }) : undefined,
  });
}

function mapHooks(h: ProductReleasePayload['hooks']): HookRuns | undefined {
  if (!h) return undefined;
  const out: HookRuns = {};
  if (h.onStart) out.onStart = mapHook(h.onStart);
  if (h.onSuccess) out.onSuccess = mapHook(h.onSuccess);
  if (h.onFail) out.onFail = mapHook(h.onFail);
  return Object.keys(out).length > 0 ? out : undefined;
}

function mapStep(s: StepPayload): EnvironmentStep {
  return compact({
    environment: s.environmentName,
    kind: orUndef(s.environmentKind),
    dependsOn: s.dependsOn ?? [],
    status: s.status,
    startedAt: orUndef(s.startedAt),
    updatedAt: orUndef(s.updatedAt),
    active: orUndef(s.active),
    policyAction: orUndef(s.policyAction),
    preWorkflows: (s.preWorkflowsStepsView ?? []).map(mapStepView),
    postWorkflows: (s.postWorkflowsStepsView ?? []).map(mapStepView),
    applications: (s.applications ?? []).map(
      (a): ApplicationPromotion =>
        compact({
          app: { runtime: a.applicationId.runtime, namespace: a.applicationId.namespace, name: a.applicationId.name },
          // The list query does not select the per-app status; an absent one is unknown (empty raw value).
          status: a.status ?? '',
          commitSha: orUndef(a.commitSha),
          pr: a.pr ? mapPullRequest(a.pr) : undefined,
        }),
    ),
    issues: (s.issues ?? []).map(mapIssue),
  });
}

/** A full `productRelease` payload as a release in detail. */
export function mapReleaseDetail(r: ProductReleasePayload, backend: BackendId = 'codefresh'): ReleaseDetail {
  const summary = mapProductRelease(r, undefined, backend);
  const detail: ReleaseDetail = { ...summary, steps: (r.steps ?? []).map(mapStep) };
  const hooks = mapHooks(r.hooks);
  if (hooks) detail.hooks = hooks;
  // The API names the trigger environment when it can; otherwise the first step without dependencies is the
  // trigger (flows start there).
  if (!detail.triggerEnvironment) {
    const first = detail.steps.find((s) => s.dependsOn.length === 0);
    if (first) detail.triggerEnvironment = first.environment;
  }
  return detail;
}

// ---------------------------------------------------------------------------------------------------------------
// Release notes

type AnnotationPayload = z.infer<typeof AnnotationSchema>;

/** Parse JSON text leniently: anything that is not a JSON object gives undefined (never a throw). */
export function parseJsonObject(text: string | null | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function str(o: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function obj(o: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
  const v = o?.[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function arr(o: Record<string, unknown> | undefined, key: string): Record<string, unknown>[] {
  const v = o?.[key];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x));
}

/** The annotation value: the JSON object itself, or the object under `issueValue` / `pullRequestValue`. */
function annotationValue(a: AnnotationPayload, wrapper: string): Record<string, unknown> | undefined {
  const v = parseJsonObject(a.value);
  return obj(v, wrapper) ?? v;
}

/** An issue annotation (`key: AP-45834`, value `{url, title, assignee, avatarURL, status}`). */
export function mapIssueAnnotation(a: AnnotationPayload): NoteIssue {
  const v = annotationValue(a, 'issueValue');
  return compact({
    key: a.key,
    title: str(v, 'title'),
    url: str(v, 'url'),
    status: str(v, 'status'),
    assignee: str(v, 'assignee'),
    source: 'backend' as const,
  });
}

/** A PR annotation (`key: #12`, value `{url, title, committers[{userName}], commits[{url, userName, sha, message}]}`). */
export function mapPrAnnotation(a: AnnotationPayload): NotePullRequest {
  const v = annotationValue(a, 'pullRequestValue');
  const num = /#(\d+)$/.exec(a.key);
  const commits = arr(v, 'commits')
    .filter((c) => str(c, 'sha'))
    .map((c) =>
      compact({ sha: str(c, 'sha') as string, message: str(c, 'message'), url: str(c, 'url'), author: str(c, 'userName') }),
    );
  const committers = arr(v, 'committers');
  return compact({
    key: a.key,
    number: num?.[1] ? Number(num[1]) : undefined,
    title: str(v, 'title'),
    url: str(v, 'url'),
    author: str(committers[0], 'userName') ?? commits[0]?.author,
    commits: commits.length > 0 ? commits : undefined,
    source: 'backend' as const,
  });
}

/** Release notes from a `productRelease { details steps }` payload. */
export function mapReleaseNotes(r: ProductReleasePayload): ReleaseNotes {
  const details = r.details;
  const issues = (details?.issues ?? []).map(mapIssueAnnotation);
  const pullRequests = (details?.prs ?? []).map(mapPrAnnotation);

  const images: NoteImage[] = [];
  for (const img of details?.images ?? []) {
    const image = img.image ?? img.name;
    if (!image) continue;
    images.push(
      compact({
        image,
        repositoryName: orUndef(img.repositoryName),
        tag: orUndef(img.tag),
        binaryId: orUndef(img.binaryId),
        workflowUrl: orUndef(img.workflowUrl),
        source: 'backend' as const,
      }),
    );
  }

  // Code commits: the commits of the PRs the notes list (deduplicated, first mention wins).
  const commits: NoteCommit[] = [];
  const seen = new Set<string>();
  for (const pr of pullRequests)
    for (const c of pr.commits ?? []) {
      if (seen.has(c.sha)) continue;
      seen.add(c.sha);
      commits.push(compact({ sha: c.sha, message: c.message ?? '', author: c.author, url: c.url, source: 'backend' as const }));
    }

  // GitOps side: the commits and PRs Codefresh made to promote each application into each environment.
  const gitopsCommits: NoteCommit[] = [];
  const gitopsPullRequests: NotePullRequest[] = [];
  const seenGitops = new Set<string>();
  for (const step of r.steps ?? [])
    for (const app of step.applications ?? []) {
      const appName = `${app.applicationId.namespace}/${app.applicationId.name}`;
      if (app.commitSha && !seenGitops.has(app.commitSha)) {
        seenGitops.add(app.commitSha);
        gitopsCommits.push({
          sha: app.commitSha,
          message: `Promotion of ${appName} to ${step.environmentName}`,
          source: 'backend',
        });
      }
      if (app.pr) {
        const key = `${app.pr.repo}#${app.pr.id}`;
        if (!gitopsPullRequests.some((p) => p.key === key))
          gitopsPullRequests.push(
            compact({
              key,
              number: app.pr.id,
              title: app.pr.title,
              url: app.pr.url,
              author: app.pr.author,
              source: 'backend' as const,
            }),
          );
      }
    }

  const builds = (details?.builds ?? []).map((b) => compact({ id: b.id, pipeline: orUndef(b.pipeline?.name) }));

  return { releaseId: r.releaseId, commits, pullRequests, issues, images, gitopsCommits, gitopsPullRequests, builds };
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration: products, environments, flows

type EnvironmentPayload = z.infer<typeof EnvironmentSchema>;

export function mapEnvironment(e: EnvironmentPayload): Environment {
  return { name: e.name, kind: e.kind, position: e.position };
}

export function mapPromotionFlow(f: PromotionFlowPayload): PromotionFlow {
  return {
    name: f.metadata.name,
    triggerEnvironment: f.triggerEnvironment,
    steps: f.steps.map((s) =>
      compact({
        environment: s.environment,
        dependsOn: s.dependsOn ?? [],
        policy: s.policy
          ? compact({ action: orUndef(s.policy.action), preAction: orUndef(s.policy.preAction), postAction: orUndef(s.policy.postAction) })
          : undefined,
        hooks: s.hooks
          ? compact({ onStart: orUndef(s.hooks.onStart), onSuccess: orUndef(s.hooks.onSuccess), onFail: orUndef(s.hooks.onFail) })
          : undefined,
      }),
    ),
  };
}

/**
 * A product, with its environments (enriched from the account-wide environment list when the product's own entries
 * lack nothing, sorted by dashboard position) and its flows (full definitions when known, else names only), as the
 * `products` query gave them (`flowSource: 'api'`; the client says otherwise when it fills them in from releases).
 */
export function mapProduct(
  p: ProductPayload,
  flowsByName: ReadonlyMap<string, PromotionFlow> = new Map(),
  environmentsByName: ReadonlyMap<string, Environment> = new Map(),
): Product {
  const environments = (p.environments ?? [])
    .filter((e): e is EnvironmentPayload => e !== null)
    .map((e) => environmentsByName.get(e.name) ?? mapEnvironment(e))
    .sort((a, b) => a.position - b.position);
  const flows: PromotionFlow[] = (p.promotionFlows ?? [])
    .filter((f): f is NonNullable<typeof f> => f !== null)
    .map((f) => flowsByName.get(f.name) ?? { name: f.name, triggerEnvironment: '', steps: [] });
  const latest = p.latestRelease;
  return compact({
    name: p.name,
    environments,
    flows,
    flowSource: 'api' as const,
    concurrency: orUndef(p.concurrency),
    latestRelease: latest
      ? compact({ id: latest.releaseId, status: latest.status, createdAt: latest.createdAt, version: orUndef(latest.version) })
      : undefined,
  });
}

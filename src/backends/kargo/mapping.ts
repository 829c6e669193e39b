// From Kargo's resources to the core model, without I/O:
// - product: a Project (optionally narrowed to one Warehouse's Freight);
// - environments: its Stages, PROD when the Stage carries the PROD label or is named in the settings;
// - flow: one per Warehouse, from each Stage's `requestedFreight[].sources` (`direct` Stages are the trigger,
//   `stages[]` the upstream ones);
// - release: a Freight (newest first), with one status per Stage worked out from where the Freight is now, where it
//   was verified, and the latest Promotion of it to that Stage;
// - detail: a Stage's Promotion steps with their execution metadata (pre-action), its verification runs (post-action);
// - notes: the Freight's commits, images and charts.
//
// Kargo's own values are translated into the core vocabularies (src/core/status.ts) by the tables below; a value the
// tables do not know is kept as it came, so the UI shows it as unknown with its text.

import type {
  BackendId,
  CommitRef,
  EnvironmentStep,
  Product,
  PromotionFlow,
  ReleaseAction,
  ReleaseDetail,
  ReleaseEnvironment,
  ReleaseIssue,
  ReleaseNotes,
  ReleaseSummary,
  Waiting,
  WorkflowStep,
} from '../../core/model';
import { emptyNotes } from '../../core/model';
import type { EnvironmentStatus, Raw, ReleaseStatus, WorkflowNodePhase } from '../../core/status';
import { environmentStatus } from '../../core/status';
import type { KargoFreight, KargoPromotion, KargoStage, KargoVerification } from './schemas';

/** The Stage label that marks a production Stage (value `PROD`, any case). */
export const PROD_LABEL = 'gitops-releases/environment-kind';
/** The OCI annotation naming the source revision an image was built from. */
export const REVISION_ANNOTATION = 'org.opencontainers.image.revision';
/** The promotion step that waits for a person; a Promotion running it is suspended, not working. */
const APPROVAL_STEPS = new Set(['wait-for-approval']);

/** Promotion phase (`PromotionPhase`) → per-environment status. */
export const PROMOTION_PHASES: Readonly<Record<string, EnvironmentStatus>> = {
  Pending: 'PENDING',
  Running: 'RUNNING',
  Succeeded: 'SUCCEEDED',
  Failed: 'FAILED',
  Errored: 'FAILED',
  Aborted: 'TERMINATED',
};

/** Promotion step status (`PromotionStepStatus`) → workflow node phase. `Aborted` has no node phase: kept raw. */
export const STEP_STATUSES: Readonly<Record<string, WorkflowNodePhase>> = {
  Pending: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Errored: 'Error',
  Skipped: 'Skipped',
};

/** Verification phase (Argo Rollouts `AnalysisPhase`) → workflow node phase. `Aborted`, `Inconclusive`: kept raw. */
export const VERIFICATION_PHASES: Readonly<Record<string, WorkflowNodePhase>> = {
  Pending: 'Pending',
  Running: 'Running',
  Successful: 'Succeeded',
  Failed: 'Failed',
  Error: 'Error',
};

function lookup<T extends string>(table: Readonly<Record<string, T>>, raw: string | undefined): Raw<T> {
  const value = raw ?? '';
  return Object.hasOwn(table, value) ? (table[value] as T) : value;
}

export interface MappingOptions {
  /** Stage names that are production, besides those labelled so. */
  prodStages?: readonly string[];
  /** Only this Warehouse's Freight and the Stages that request it. */
  warehouse?: string;
  /** The backend the releases are said to come from (`demo` for the built-in fake: made-up data). */
  source?: Extract<BackendId, 'kargo' | 'demo'>;
}

/** A release id: the project and the Freight name, so one id finds its Freight again. */
export function releaseId(project: string, freightName: string): string {
  return `${project}/${freightName}`;
}

export function parseReleaseId(id: string): { project: string; freight: string } | undefined {
  const i = id.indexOf('/');
  if (i <= 0 || i === id.length - 1) return undefined;
  return { project: id.slice(0, i), freight: id.slice(i + 1) };
}

function requests(stage: KargoStage, warehouse: string | undefined): KargoStage['spec']['requestedFreight'] {
  return (stage.spec.requestedFreight ?? []).filter((r) => r.origin.kind === 'Warehouse' && (warehouse === undefined || r.origin.name === warehouse));
}

/** The Stages that take Freight of the Warehouse (all when none is set). */
export function stagesOf(stages: readonly KargoStage[], warehouse: string | undefined): KargoStage[] {
  return warehouse === undefined ? [...stages] : stages.filter((s) => (requests(s, warehouse) ?? []).length > 0);
}

function upstreamOf(stage: KargoStage, warehouse?: string): string[] {
  const out = new Set<string>();
  for (const r of requests(stage, warehouse) ?? []) for (const s of r.sources?.stages ?? []) out.add(s);
  return [...out];
}

function isDirect(stage: KargoStage, warehouse?: string): boolean {
  return (requests(stage, warehouse) ?? []).some((r) => r.sources?.direct === true);
}

/**
 * Stages in flow order: by depth from the Stages that follow no other (the longest chain of upstream Stages before
 * each), then by name. Worked out without recursion (Kahn's topological order), so a long chain cannot overflow the
 * stack; a source that names no Stage is ignored, and Stages on a cycle (or after one) come last, by name.
 */
export function orderStages(stages: readonly KargoStage[], warehouse?: string): KargoStage[] {
  const byName = new Map(stages.map((s) => [s.metadata.name, s]));
  const downstream = new Map<string, string[]>();
  const waiting = new Map<string, number>();
  for (const [name, s] of byName) {
    const ups = upstreamOf(s, warehouse).filter((u) => u !== name && byName.has(u));
    waiting.set(name, ups.length);
    for (const u of ups) {
      const d = downstream.get(u);
      if (d) d.push(name);
      else downstream.set(u, [name]);
    }
  }
  const depth = new Map<string, number>();
  const queue: string[] = [];
  for (const [name, n] of waiting) if (n === 0) queue.push(name);
  let deepest = 0;
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i] as string;
    const du = depth.get(u) ?? 0;
    depth.set(u, du);
    if (du > deepest) deepest = du;
    for (const v of downstream.get(u) ?? []) {
      if ((depth.get(v) ?? 0) < du + 1) depth.set(v, du + 1);
      const left = (waiting.get(v) ?? 1) - 1;
      waiting.set(v, left);
      if (left === 0) queue.push(v);
    }
  }
  const placed = new Set(queue);
  for (const name of byName.keys()) if (!placed.has(name)) depth.set(name, deepest + 1);
  return [...stages].sort((a, b) => (depth.get(a.metadata.name) ?? 0) - (depth.get(b.metadata.name) ?? 0) || a.metadata.name.localeCompare(b.metadata.name));
}

function isProd(stage: KargoStage, options: MappingOptions): boolean {
  return stage.metadata.labels?.[PROD_LABEL]?.toUpperCase() === 'PROD' || (options.prodStages ?? []).includes(stage.metadata.name);
}

/** The Project as a product: its Stages in flow order, one flow per Warehouse. */
export function mapProduct(project: string, allStages: readonly KargoStage[], options: MappingOptions = {}): Product {
  const stages = orderStages(stagesOf(allStages, options.warehouse), options.warehouse);
  const warehouses = new Set<string>();
  for (const s of stages) for (const r of requests(s, options.warehouse) ?? []) warehouses.add(r.origin.name);
  const flows: PromotionFlow[] = [...warehouses].sort().map((w) => {
    const inFlow = stages.filter((s) => (requests(s, w) ?? []).length > 0);
    const trigger = inFlow.find((s) => isDirect(s, w)) ?? inFlow[0];
    return {
      name: w,
      triggerEnvironment: trigger?.metadata.name ?? '',
      steps: inFlow.map((s) => ({ environment: s.metadata.name, dependsOn: upstreamOf(s, w) })),
    };
  });
  return {
    name: project,
    environments: stages.map((s, i) => ({ name: s.metadata.name, kind: isProd(s, options) ? 'PROD' : 'NON_PROD', position: i })),
    flows,
    flowSource: 'api',
  };
}

/** The newest Promotion of this Freight to this Stage (by creation time, then name). */
function latestPromotion(promotions: readonly KargoPromotion[], stage: string, freightName: string): KargoPromotion | undefined {
  let best: KargoPromotion | undefined;
  for (const p of promotions) {
    if (p.spec.stage !== stage || (p.spec.freight ?? p.status?.freight?.name) !== freightName) continue;
    if (!best || promotionKey(p) > promotionKey(best)) best = p;
  }
  return best;
}

function promotionKey(p: KargoPromotion): string {
  return `${p.metadata.creationTimestamp ?? ''}\u0000${p.metadata.name}`;
}

/** The verification runs of this Freight in this Stage, oldest first. */
function verificationsOf(stage: KargoStage, freightName: string): KargoVerification[] {
  const out: KargoVerification[] = [];
  for (const c of stage.status?.freightHistory ?? []) {
    if (!Object.values(c.items ?? {}).some((f) => f.name === freightName)) continue;
    for (const v of c.verificationHistory ?? []) out.push(v);
  }
  return out.sort((a, b) => (a.startTime ?? '').localeCompare(b.startTime ?? ''));
}

function running(p: KargoPromotion | undefined): boolean {
  const phase = p?.status?.phase;
  return phase === undefined || phase === '' ? p !== undefined : phase === 'Running' || phase === 'Pending';
}

/** The step a running Promotion is on, by `currentStep`. */
function currentStepOf(p: KargoPromotion): { uses?: string } | undefined {
  const i = p.status?.currentStep;
  return i === undefined ? undefined : p.spec.steps?.[i];
}

export interface StageView {
  status: Raw<EnvironmentStatus>;
  /** What it waits for: a person's approval (a Promotion on an approval step), or a Promotion nobody has made. */
  waiting?: Waiting;
  /** A failed or aborted Promotion, or a failed verification, by name, with what Kargo said. */
  message?: string;
  active: boolean;
  startedAt?: string;
  updatedAt?: string;
  promotion?: KargoPromotion;
  verifications: KargoVerification[];
}

/**
 * One Freight's state in one Stage:
 * - a Promotion of it there is the latest word while it runs or when it failed or was aborted;
 * - in the Stage now: verification decides (running, failed) and else it succeeded;
 * - verified there before (it has moved on since): succeeded;
 * - none of these: not yet (pending).
 */
export function stageView(stage: KargoStage, f: KargoFreight, promotions: readonly KargoPromotion[]): StageView {
  const name = stage.metadata.name;
  const promotion = latestPromotion(promotions, name, f.metadata.name);
  const verifications = verificationsOf(stage, f.metadata.name);
  const current = f.status?.currentlyIn?.[name];
  const verified = f.status?.verifiedIn?.[name];
  const base = { active: current !== undefined, verifications, ...(promotion ? { promotion } : {}) };
  const times = (start?: string, end?: string): Pick<StageView, 'startedAt' | 'updatedAt'> => ({
    ...(start ? { startedAt: start } : {}),
    ...(end ?? start ? { updatedAt: end ?? start } : {}),
  });
  const pStart = promotion?.status?.startedAt ?? promotion?.metadata.creationTimestamp;
  if (promotion && (running(promotion) || !current)) {
    const phase = promotion.status?.phase;
    let status: Raw<EnvironmentStatus> = phase ? lookup(PROMOTION_PHASES, phase) : 'PENDING';
    let waiting: Waiting | undefined;
    if (status === 'RUNNING' && APPROVAL_STEPS.has(currentStepOf(promotion)?.uses ?? '')) {
      status = 'SUSPENDED';
      waiting = { kind: 'approval' };
    }
    const kind = environmentStatus(status).kind;
    const said = promotion.status?.message;
    const message =
      kind === 'failed' || kind === 'terminated' || kind === 'error'
        ? `Promotion ${promotion.metadata.name} ${(phase ?? '').toLowerCase()}${said ? `: ${said}` : ''}`
        : undefined;
    return { ...base, status, ...(waiting ? { waiting } : {}), ...(message ? { message } : {}), ...times(pStart, promotion.status?.finishedAt) };
  }
  if (current) {
    const last = verifications.at(-1);
    const v = last ? lookup(VERIFICATION_PHASES, last.phase) : undefined;
    if (!verified && v !== undefined && v !== 'Succeeded') {
      const status: Raw<EnvironmentStatus> = v === 'Running' ? 'RUNNING' : v === 'Pending' ? 'PENDING' : v === 'Failed' || v === 'Error' ? 'FAILED' : (last?.phase ?? '');
      const said = last?.message ? `: ${last.message}` : '';
      const message = status === 'FAILED' ? `${['Verification', last?.analysisRun?.name ?? last?.id, last?.phase?.toLowerCase()].filter(Boolean).join(' ')}${said}` : undefined;
      return { ...base, status, ...(message ? { message } : {}), ...times(current.since ?? pStart, last?.finishTime ?? last?.startTime) };
    }
    return { ...base, status: 'SUCCEEDED', ...times(current.since ?? pStart, verified?.verifiedAt ?? promotion?.status?.finishedAt) };
  }
  if (verified) return { ...base, status: 'SUCCEEDED', ...times(pStart, verified.verifiedAt) };
  return { ...base, status: 'PENDING' };
}

/**
 * Whether a Freight that no Promotion has taken to the Stage is coming anyway: only when the Stage promotes by itself
 * (its `status.autoPromotionEnabled`, from the ProjectConfig's promotion policies) and the Freight can go there, or
 * is moving through an upstream Stage on the way. Otherwise Kargo leaves it where it is until someone promotes it
 * (https://docs.kargo.io/user-guide/how-to-guides/working-with-stages#auto-promotion).
 */
function comingBy(stage: KargoStage, f: KargoFreight, upstream: readonly StageView[]): boolean {
  if (stage.status?.autoPromotionEnabled !== true) return false;
  return available(stage, f) || upstream.some((v) => ['running', 'pending', 'queued'].includes(environmentStatus(v.status).kind) && v.waiting?.kind !== 'promotion');
}

/** The Freight can be promoted to the Stage: it comes straight from its Warehouse, was verified upstream, or approved. */
function available(stage: KargoStage, f: KargoFreight): boolean {
  const reqs = (stage.spec.requestedFreight ?? []).filter((r) => r.origin.kind === f.origin.kind && r.origin.name === f.origin.name);
  if (f.status?.approvedFor?.[stage.metadata.name]) return true;
  return reqs.some((r) => r.sources?.direct === true || (r.sources?.stages ?? []).some((up) => f.status?.verifiedIn?.[up] !== undefined));
}

/**
 * What may be done to this Freight in this Stage now, as far as its state shows (Kargo's API does not say what the
 * token's role allows; a refused action comes back as a 403 and is said so):
 * - promote: it is not in the Stage, no Promotion of it runs there, and the Stage can take it;
 * - approve: the Stage cannot take it yet (not verified upstream) and it is not approved for it;
 * - abort: a Promotion of it to the Stage is running;
 * - verify: it is in the Stage, the Stage has a verification, and none is running.
 */
export function actionsFor(stage: KargoStage, f: KargoFreight, view: StageView): ReleaseAction[] {
  const out: ReleaseAction[] = [];
  const name = stage.metadata.name;
  const busy = running(view.promotion);
  const isAvailable = available(stage, f);
  if (!view.active && !busy && isAvailable) out.push('promote');
  if (!view.active && !isAvailable && !f.status?.approvedFor?.[name]) out.push('approve');
  if (busy) out.push('abort');
  const verificationRunning = ['Running', 'Pending'].includes(view.verifications.at(-1)?.phase ?? '');
  if (view.active && !busy && (stage.spec.verification?.analysisTemplates ?? []).length > 0 && !verificationRunning) out.push('verify');
  return out;
}

/** The release status from the Stage statuses: anything moving wins, then a failure, then what was reached. */
function releaseStatusOf(statuses: readonly Raw<EnvironmentStatus>[]): Raw<ReleaseStatus> {
  const kinds = statuses.map((s) => environmentStatus(s).kind);
  if (kinds.includes('running')) return 'RUNNING';
  if (kinds.includes('suspended')) return 'SUSPENDED';
  if (kinds.includes('failed') || kinds.includes('error')) return 'FAILED';
  if (kinds.includes('terminated')) return 'TERMINATED';
  if (kinds.includes('succeeded')) return 'SUCCEEDED';
  return 'QUEUED';
}

/** The commit a Freight stands for: its first commit, else the source revision of its first annotated image. */
export function triggerCommitOf(f: KargoFreight): CommitRef | undefined {
  const c = (f.commits ?? []).find((x) => x.id);
  if (c?.id) {
    return {
      sha: c.id,
      link: 'exact-sha',
      ...(c.message ? { message: c.message } : {}),
      ...(c.author ? { author: c.author } : {}),
      ...(c.repoURL ? { repoURL: c.repoURL } : {}),
      ...(c.branch ? { branch: c.branch } : {}),
    };
  }
  for (const img of f.images ?? []) {
    const rev = img.annotations?.[REVISION_ANNOTATION];
    if (rev) return { sha: rev, link: 'image-revision', ...(img.annotations?.['org.opencontainers.image.source'] ? { repoURL: img.annotations['org.opencontainers.image.source'] } : {}) };
  }
  return undefined;
}

function createdAtOf(f: KargoFreight): { createdAt: string; createdAtFallback?: 'none' } {
  const t = f.metadata.creationTimestamp ?? f.discoveredAt;
  return t ? { createdAt: t } : { createdAt: '', createdAtFallback: 'none' };
}

/** Freight newest first: creation time, then name, so the order is stable. */
export function newestFirst(freight: readonly KargoFreight[]): KargoFreight[] {
  const key = (f: KargoFreight): string => f.metadata.creationTimestamp ?? f.discoveredAt ?? '';
  return [...freight].sort((a, b) => key(b).localeCompare(key(a)) || b.metadata.name.localeCompare(a.metadata.name));
}

export interface ProjectState {
  project: string;
  stages: readonly KargoStage[];
  freight: readonly KargoFreight[];
  promotions: readonly KargoPromotion[];
}

function summaryOf(state: ProjectState, f: KargoFreight, stages: readonly KargoStage[], options: MappingOptions): { summary: ReleaseSummary; views: Map<string, StageView> } {
  const views = new Map<string, StageView>();
  // Stages come in flow order, so a Stage's upstream views are known when it is reached.
  const environments: ReleaseEnvironment[] = stages.map((s) => {
    let view = stageView(s, f, state.promotions);
    if (view.status === 'PENDING' && !view.promotion) {
      const ups = upstreamOf(s, f.origin.name).flatMap((u) => views.get(u) ?? []);
      if (!comingBy(s, f, ups)) view = { ...view, waiting: { kind: 'promotion' } };
    }
    views.set(s.metadata.name, view);
    const actions = actionsFor(s, f, view);
    const deps = upstreamOf(s, f.origin.name);
    return {
      name: s.metadata.name,
      status: view.status,
      ...(view.waiting ? { waiting: view.waiting } : {}),
      ...(view.message ? { message: view.message } : {}),
      ...(deps.length ? { dependsOn: deps } : {}),
      ...(view.startedAt ? { startedAt: view.startedAt } : {}),
      ...(view.updatedAt ? { updatedAt: view.updatedAt } : {}),
      ...(view.active ? { active: true } : {}),
      ...(actions.length ? { actions } : {}),
    };
  });
  const trigger = stages.find((s) => isDirect(s, f.origin.name));
  const commit = triggerCommitOf(f);
  const updated = environments.map((e) => e.updatedAt ?? '').reduce((a, b) => (b > a ? b : a), '');
  const summary: ReleaseSummary = {
    id: releaseId(state.project, f.metadata.name),
    source: { backend: options.source ?? 'kargo', kind: 'freight' },
    productName: state.project,
    releaseName: f.alias ?? f.metadata.name,
    flowName: f.origin.name,
    ...(trigger ? { triggerEnvironment: trigger.metadata.name } : {}),
    status: releaseStatusOf(environments.map((e) => e.status)),
    version: f.alias ?? f.metadata.name.slice(0, 12),
    ...createdAtOf(f),
    ...(updated ? { updatedAt: updated } : {}),
    ...(commit ? { triggerCommit: commit } : {}),
    environments,
  };
  return { summary, views };
}

/** The Freight that belongs to the product (one Warehouse's, when set). */
function freightOf(state: ProjectState, options: MappingOptions): KargoFreight[] {
  return newestFirst(state.freight.filter((f) => options.warehouse === undefined || (f.origin.kind === 'Warehouse' && f.origin.name === options.warehouse)));
}

/** One page of the product's releases, newest first: only the Freight of the page is worked out. */
export function mapReleasePage(state: ProjectState, options: MappingOptions, start: number, size: number): { releases: ReleaseSummary[]; total: number } {
  const stages = orderStages(stagesOf(state.stages, options.warehouse), options.warehouse);
  const all = freightOf(state, options);
  const releases = all.slice(start, start + size).map((f) => summaryOf(state, f, stages.filter((s) => (requests(s, f.origin.name) ?? []).length > 0), options).summary);
  return { releases, total: all.length };
}

function stepsOf(p: KargoPromotion, stageName: string): WorkflowStep[] {
  const steps = p.spec.steps ?? [];
  const meta = p.status?.stepExecutionMetadata ?? [];
  return steps.map((s, i) => {
    const m = meta[i];
    const status: Raw<WorkflowNodePhase> = m?.status ? lookup(STEP_STATUSES, m.status) : 'Pending';
    return {
      name: s.as ?? m?.alias ?? `step-${i + 1}`,
      templateName: s.uses ?? (s.task ? `task ${s.task.name}` : 'step'),
      status,
      ...(m?.startedAt ? { startedAt: m.startedAt } : {}),
      ...(m?.finishedAt ? { finishedAt: m.finishedAt } : {}),
      workflows: [{ applicationName: stageName, workflowName: p.metadata.name, status }],
    };
  });
}

function verificationSteps(stage: KargoStage, runs: readonly KargoVerification[]): WorkflowStep[] {
  const templates = (stage.spec.verification?.analysisTemplates ?? []).map((t) => t.name).join(', ') || 'verification';
  return runs.map((v, i) => ({
    name: `verification ${i + 1}`,
    templateName: templates,
    status: lookup(VERIFICATION_PHASES, v.phase),
    ...(v.startTime ? { startedAt: v.startTime } : {}),
    ...(v.finishTime ? { finishedAt: v.finishTime } : {}),
    workflows: [{ applicationName: stage.metadata.name, workflowName: v.analysisRun?.name ?? v.id ?? `verification-${i + 1}`, status: lookup(VERIFICATION_PHASES, v.phase) }],
  }));
}

function issuesOf(stage: KargoStage, view: StageView): ReleaseIssue[] {
  const out: ReleaseIssue[] = [];
  const p = view.promotion;
  const kind = environmentStatus(view.status).kind;
  if (p?.status?.message && (kind === 'failed' || kind === 'terminated'))
    out.push({ type: 'WORKFLOW', level: 'ERROR', message: p.status.message, date: p.status.finishedAt ?? p.status.startedAt ?? '', workflowName: p.metadata.name });
  const last = view.verifications.at(-1);
  if (last?.message && (last.phase === 'Failed' || last.phase === 'Error'))
    out.push({ type: 'WORKFLOW', level: 'ERROR', message: last.message, date: last.finishTime ?? last.startTime ?? '', ...(last.analysisRun ? { workflowName: last.analysisRun.name } : {}) });
  if (view.active && stage.status?.health?.status === 'Unhealthy')
    for (const issue of stage.status.health.issues ?? []) out.push({ type: 'APPLICATION', level: 'WARNING', message: issue, date: '' });
  return out;
}

/** One Freight as a release in detail; undefined when the Freight is not in the state. */
export function mapDetail(state: ProjectState, freightName: string, options: MappingOptions = {}): ReleaseDetail | undefined {
  const f = state.freight.find((x) => x.metadata.name === freightName || x.alias === freightName);
  if (!f) return undefined;
  const stages = orderStages(stagesOf(state.stages, options.warehouse), options.warehouse).filter((s) => (requests(s, f.origin.name) ?? []).length > 0);
  const { summary, views } = summaryOf(state, f, stages, options);
  const steps: EnvironmentStep[] = stages.map((s) => {
    const view = views.get(s.metadata.name) as StageView;
    return {
      environment: s.metadata.name,
      kind: isProd(s, options) ? 'PROD' : 'NON_PROD',
      dependsOn: upstreamOf(s, f.origin.name),
      status: view.status,
      ...(view.waiting ? { waiting: view.waiting } : {}),
      ...(view.message ? { message: view.message } : {}),
      ...(view.startedAt ? { startedAt: view.startedAt } : {}),
      ...(view.updatedAt ? { updatedAt: view.updatedAt } : {}),
      ...(view.active ? { active: true } : {}),
      preWorkflows: view.promotion ? stepsOf(view.promotion, s.metadata.name) : [],
      postWorkflows: verificationSteps(s, view.verifications),
      applications: [],
      issues: issuesOf(s, view),
    };
  });
  return { ...summary, steps };
}

/** `repo:tag@digest`, as much of it as is known. */
function imageRef(img: { repoURL?: string; tag?: string; digest?: string }): string {
  return `${img.repoURL ?? 'image'}${img.tag ? `:${img.tag}` : ''}${img.digest ? `@${img.digest}` : ''}`;
}

/** The Freight's own notes: its commits, its images (with the source revision when annotated), its charts. */
export function mapNotes(id: string, f: KargoFreight): ReleaseNotes {
  const notes = emptyNotes(id);
  for (const c of f.commits ?? []) {
    if (!c.id) continue;
    notes.commits.push({ sha: c.id, message: c.message ?? '', ...(c.author ? { author: c.author } : {}), source: 'backend' });
  }
  for (const img of f.images ?? []) {
    const rev = img.annotations?.[REVISION_ANNOTATION];
    const extra = Object.entries(img.annotations ?? {})
      .filter(([k]) => k !== REVISION_ANNOTATION)
      .map(([k, v]) => `${k}=${v}`);
    notes.images.push({
      image: imageRef(img),
      ...(img.repoURL ? { repositoryName: img.repoURL } : {}),
      ...(img.tag ? { tag: img.tag } : {}),
      ...(img.digest ? { binaryId: img.digest } : {}),
      ...(rev ? { commit: { sha: rev, link: 'image-revision', ...(extra.length ? { message: extra.join(', ') } : {}) } } : {}),
      source: 'backend',
    });
  }
  const charts = (f.charts ?? []).filter((c) => c.name).map((c) => ({ name: c.name as string, ...(c.version ? { version: c.version } : {}), ...(c.repoURL ? { repoURL: c.repoURL } : {}) }));
  return charts.length ? { ...notes, charts } : notes;
}

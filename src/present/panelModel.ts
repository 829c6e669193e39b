// Builds the panel's view model (./panelView.ts) from core types. Pure: no vscode, no DOM. The host calls
// `buildPanelModel` and posts the result; the webview only renders it.
//
// Statuses come from the release's derived status view (src/core/derivedStatus.ts: steps aggregated across the
// per-application workflows, workflows from their steps, the environment verdict, the failure location, flow order),
// the same one the tree reads, so the panel agrees with it; edges come from src/core/flow.ts.

import { ACTION_WORDING } from './actions';
import type {
  ApplicationPromotion,
  CommitRef,
  HookRuns,
  NoteCommit,
  NoteDeployment,
  NoteImage,
  NoteIssue,
  NotePullRequest,
  NoteSource,
  ReleaseDetail,
  ReleaseNotes,
  WorkflowStep,
} from '../core/model';
import {
  appPromotionStatus,
  environmentStatus,
  isActive,
  type Status,
  STATUS_LABELS,
  type StatusKind,
  statusLabel,
  workflowNodeStatus,
  workflowStatus,
} from '../core/status';
import { type DerivedWorkflow, derivedStatus } from '../core/derivedStatus';
import { flowEdges } from '../core/flow';
import { issueHeading, vocabularyOf, type Vocabulary } from '../core/vocabulary';
import {
  type ApplicationView,
  type CommitView,
  type EnvironmentView,
  type FailureView,
  type HookEvent,
  type HookView,
  type NoteItemView,
  type NotesSectionView,
  type NotesView,
  type PanelModel,
  type PanelWarning,
  type ReleaseView,
  type StatusView,
  type WorkflowStepView,
  type WorkflowView,
} from './panelView';
import { demoPanelModel } from './demoPanel';
import { safeUrl } from './links';

const FAILING: ReadonlySet<StatusKind> = new Set(['failed', 'error', 'terminated', 'terminating']);

function statusView(s: Status): StatusView {
  return { kind: s.kind, label: statusLabel(s), raw: s.raw };
}

function kindView(kind: StatusKind, raw = ''): StatusView {
  return { kind, label: STATUS_LABELS[kind], raw };
}

function shortSha(sha: string): string {
  return /^[0-9a-f]{8,}$/i.test(sha) ? sha.slice(0, 7) : sha.slice(0, 12);
}

function commitView(c: CommitRef | undefined): CommitView | undefined {
  if (!c) return undefined;
  return { sha: c.sha, shortSha: shortSha(c.sha), message: c.message, author: c.author, date: c.date };
}

function hookViews(hooks: HookRuns | undefined): HookView[] {
  if (!hooks) return [];
  const out: HookView[] = [];
  for (const event of ['onStart', 'onSuccess', 'onFail'] as HookEvent[]) {
    const h = hooks[event];
    if (!h) continue;
    out.push({
      event,
      templateName: h.templateName,
      workflowName: h.workflowName,
      status: statusView(workflowStatus(h.status)),
      error: h.error?.message,
    });
  }
  return out;
}

function stepView(step: WorkflowStep, kind: StatusKind, id: string): WorkflowStepView {
  return {
    id,
    name: step.name ?? step.templateName,
    templateName: step.templateName,
    status: kindView(kind, step.status),
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    runs: step.workflows.map((w) => ({
      applicationName: w.applicationName,
      workflowName: w.workflowName,
      status: statusView(workflowNodeStatus(w.status)),
      url: safeUrl(w.url),
    })),
    failing: FAILING.has(kind),
  };
}

function workflowView(envId: string, phase: 'pre' | 'post', steps: readonly WorkflowStep[], derived: DerivedWorkflow, words: Vocabulary): WorkflowView {
  const id = `${envId}.${phase}`;
  const stepViews = steps.map((s, i) => spoken(stepView(s, derived.steps[i] ?? 'unknown', `${id}.s${i}`), words));
  return {
    id,
    phase,
    title: phase === 'pre' ? words.before : words.after,
    shortTitle: phase === 'pre' ? words.beforeShort : words.afterShort,
    templateName: steps[0]?.templateName ?? '',
    status: said(kindView(derived.kind), words),
    steps: stepViews,
    failing: stepViews.some((s) => s.failing),
  };
}

function applicationView(a: ApplicationPromotion): ApplicationView {
  return {
    name: a.app.name,
    runtime: a.app.runtime,
    namespace: a.app.namespace,
    status: statusView(appPromotionStatus(a.status)),
    commitSha: a.commitSha,
    pr: a.pr && {
      key: `${a.pr.repo}#${a.pr.id}`,
      title: a.pr.title,
      url: safeUrl(a.pr.url),
      author: a.pr.author,
      state: a.pr.state,
      merged: a.pr.isMerged,
    },
  };
}

/** A status in the backend's words (GitHub's "Waiting" for our suspended). */
function said(v: StatusView, words: Vocabulary): StatusView {
  const word = words.statusWords[v.kind];
  return word ? { ...v, label: word } : v;
}

function spoken(step: WorkflowStepView, words: Vocabulary): WorkflowStepView {
  return { ...step, status: said(step.status, words), runs: step.runs.map((r) => ({ ...r, status: said(r.status, words) })) };
}

/** The release part of the view model. */
function buildReleaseView(release: ReleaseDetail): ReleaseView {
  const derived = derivedStatus(release);
  const words = vocabularyOf(release.source);
  const ordered = derived.order.flatMap((e) => (e.step ? [{ step: e.step, derived: e }] : []));
  const idOf = new Map<string, string>();
  ordered.forEach(({ step }, i) => idOf.set(step.environment, `e${i}`));
  const trigger = release.triggerEnvironment ?? ordered.find(({ step }) => step.dependsOn.length === 0)?.step.environment;

  const failures = derived.failures;
  const failingEnvs = new Set(failures.map((f) => f.environment));

  const environments: EnvironmentView[] = ordered.map(({ step, derived: env }) => {
    const id = idOf.get(step.environment) ?? '';
    const api = env.status;
    const verdict = env.verdict;
    // The API's status is authoritative; the rules fill in when the API sends a value this version cannot read.
    const shown = api.kind === 'unknown' && verdict.kind !== 'unknown' ? { ...statusView(api), kind: verdict.kind } : statusView(api);
    const workflows: WorkflowView[] = [];
    if (env.pre) workflows.push(workflowView(id, 'pre', step.preWorkflows, env.pre, words));
    if (env.post) workflows.push(workflowView(id, 'post', step.postWorkflows, env.post, words));
    return {
      id,
      name: step.environment,
      kind: step.kind,
      isTrigger: step.environment === trigger,
      status: said(shown, words),
      ...(words.rawStatus ? { rawStatusLabel: words.rawStatus } : {}),
      verdict: verdict.kind,
      blockedByUpstream: verdict.blockedByUpstream,
      dependsOn: step.dependsOn.map((d) => idOf.get(d)).filter((d): d is string => d !== undefined),
      startedAt: step.startedAt,
      updatedAt: step.updatedAt,
      policyAction: step.policyAction,
      workflows,
      applications: step.applications.map(applicationView),
      issues: step.issues.map((i) => ({
        type: i.type,
        level: i.level,
        heading: issueHeading(words, i),
        message: i.message,
        date: i.date,
        applicationName: i.applicationName,
        workflowName: i.workflowName,
      })),
      hooks: hookViews(step.hooks),
      failing: failingEnvs.has(step.environment),
      actions: (env.listed?.actions ?? []).map((action) => ({ action, title: ACTION_WORDING[action].title, destructive: ACTION_WORDING[action].destructive })),
    };
  });

  const edges = flowEdges(ordered.map(({ step }) => ({ name: step.environment, dependsOn: step.dependsOn }))).map((e) => ({ from: idOf.get(e.from) ?? '', to: idOf.get(e.to) ?? '' }));

  let failure: FailureView | undefined;
  const first = failures[0];
  if (first) {
    const env = environments.find((e) => e.name === first.environment);
    const wf = env?.workflows.find((w) => w.phase === first.phase);
    const step = wf?.steps.find((s) => s.failing && s.templateName === first.workflowTemplate && (first.stepName === undefined || s.name === first.stepName));
    failure = {
      environmentId: env?.id ?? '',
      environment: first.environment,
      workflowId: wf?.id ?? '',
      phase: first.phase,
      workflowTemplate: first.workflowTemplate,
      stepId: step?.id,
      stepName: first.stepName ?? step?.name,
      applicationName: first.applicationName,
      workflowName: first.workflowName,
      logsUrl: safeUrl(first.workflowUrl),
      kind: first.kind,
      total: failures.length,
    };
  }

  const status = statusView(derived.release);
  const anyActive = isActive(status.kind) || environments.some((e) => isActive(e.status.kind));
  return {
    id: release.id,
    productName: release.productName,
    ...(release.flowName !== undefined ? { flowName: release.flowName } : {}),
    version: release.version,
    status,
    bucket: derived.bucket,
    createdAt: release.createdAt,
    updatedAt: release.updatedAt,
    initiator: release.initiator?.name,
    triggerCommit: commitView(release.triggerCommit),
    error: release.error?.message,
    environments,
    edges,
    hooks: hookViews(release.hooks),
    failure,
    suspensions: environments
      .filter((e) => e.status.kind === 'suspended')
      .map((e) => ({ environmentId: e.id, environment: e.name, reason: e.issues.at(-1)?.message })),
    active: anyActive,
  };
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split(/\r?\n/, 1)[0] ?? '';
}

/** A notes item: the detail joins the parts that are there; the link is kept only when it is safe. */
function noteItem(key: string, title: string, detail: (string | undefined)[], url: string | undefined, source: NoteSource, extra: Pick<NoteItemView, 'author' | 'date' | 'sha'> = {}): NoteItemView {
  const item: NoteItemView = { key, title, detail: detail.filter((p): p is string => !!p).join(' · ') || undefined, url: safeUrl(url), local: source === 'local-git' };
  const author = authorName(extra.author);
  if (author) item.author = author;
  if (extra.date) item.date = extra.date;
  if (extra.sha) item.sha = extra.sha;
  return item;
}

/**
 * An author as a name: `Dana Dev <dana@example.com>` is Dana Dev; a bare address is shown by the part before the
 * `@` (the address itself is not shown).
 */
function authorName(author: string | undefined): string | undefined {
  const text = author?.trim();
  if (!text) return undefined;
  const named = /^(.*?)\s*<[^<>]*>$/.exec(text);
  if (named?.[1]) return named[1].replace(/^"(.*)"$/, '$1');
  const address = /^<?([^\s@<>]+)@[^\s@<>]+>?$/.exec(text);
  return address?.[1] ?? text;
}

const commitItem = (c: NoteCommit): NoteItemView =>
  noteItem(shortSha(c.sha), firstLine(c.message), [], c.url, c.source, { author: c.author, date: c.date, ...(/^[0-9a-f]{4,64}$/i.test(c.sha) ? { sha: c.sha } : {}) });

/** A pull request that is not merged says so (`open`, `closed`); a merged one shows when, as its date. */
const prItem = (p: NotePullRequest): NoteItemView =>
  noteItem(
    p.key,
    p.title ?? '',
    [p.state && !p.mergedAt && p.state.toUpperCase() !== 'MERGED' ? p.state.toLowerCase() : undefined, p.commits?.length ? `${p.commits.length} commit${p.commits.length === 1 ? '' : 's'}` : undefined],
    p.url,
    p.source,
    { author: p.author, date: p.mergedAt },
  );

/** A deployment: the environment (linking to the deployed application), its status, and its log as a second link. */
function deploymentItem(d: NoteDeployment): NoteItemView {
  const item = noteItem(d.environment, safeUrl(d.url) ?? '', [d.status ? statusLabel(environmentStatus(d.status)) : undefined], d.url, d.source);
  const log = safeUrl(d.logUrl);
  if (log) item.links = [{ label: 'Log', url: log }];
  return item;
}

const issueItem = (i: NoteIssue): NoteItemView => noteItem(i.key, i.title ?? '', [i.status, i.assignee], i.url, i.source);

const imageItem = (i: NoteImage): NoteItemView =>
  noteItem(i.tag ?? i.image, i.image, [i.repositoryName, i.commit ? `from ${shortSha(i.commit.sha)}` : undefined], i.workflowUrl, i.source);

/**
 * The release-notes part of the view model: one section per kind, always these six (empty ones show 0), and the
 * deployments when the backend names them.
 */
function buildNotesView(notes: ReleaseNotes): NotesView {
  const sections: NotesSectionView[] = [
    { id: 'commits', title: 'Code commits', items: notes.commits.map(commitItem) },
    { id: 'pullRequests', title: 'Pull requests', items: notes.pullRequests.map(prItem) },
    { id: 'issues', title: 'Jira issues', items: notes.issues.map(issueItem) },
    { id: 'images', title: 'Image tags', items: notes.images.map(imageItem) },
    { id: 'gitopsCommits', title: 'GitOps commits', items: notes.gitopsCommits.map(commitItem) },
    { id: 'gitopsPullRequests', title: 'GitOps pull requests', items: notes.gitopsPullRequests.map(prItem) },
  ];
  if (notes.deployments?.length) sections.push({ id: 'deployments', title: 'Deployments', items: notes.deployments.map(deploymentItem) });
  return { releaseId: notes.releaseId, sections, ...(notes.notices?.length ? { notices: [...notes.notices] } : {}) };
}

export function buildPanelModel(
  release: ReleaseDetail,
  notes: ReleaseNotes | undefined,
  options: { notesError?: string; warnings?: readonly PanelWarning[]; now?: Date; demo?: boolean } = {},
): PanelModel {
  const model: PanelModel = {
    release: buildReleaseView(release),
    notes: notes ? buildNotesView(notes) : undefined,
    notesError: options.notesError,
    fetchedAt: (options.now ?? new Date()).toISOString(),
  };
  if (options.warnings?.length) model.warnings = options.warnings.map((w) => ({ kind: w.kind, message: w.message }));
  return options.demo ? demoPanelModel(model) : model;
}

// The rows of the "Product Releases" tree and their tooltips: products, releases, environments, pre-/post-action
// workflows and their steps. Every status comes from the release's derived status view (src/core/derivedStatus.ts);
// every API/Git string in a tooltip goes through escapeMarkdown.

import type { DerivedEnvironment, DerivedWorkflow } from '../core/derivedStatus';
import { derivedStatus } from '../core/derivedStatus';
import type { ReleaseSummary, WorkflowStep } from '../core/model';
import { isActive, statusLabel, type Status, type StatusKind, workflowNodeStatus } from '../core/status';
import { issueHeading, kindWord, statusWord, vocabularyOf, type Vocabulary } from '../core/vocabulary';
import { actionContextWords } from './actions';
import { statusIcon } from './icons';
import { escapeMarkdown, shaCode } from './markdown';
import type { RowModel } from './rows';
import { releaseHeadline } from './releaseLabel';
import { firstLine } from './text';
import { formatDuration, relativeTime } from './time';

const UNKNOWN: Status = { kind: 'unknown', raw: '' };

/** What a product row needs of the store's product state. */
interface ProductRowState {
  product: { environments: readonly { name: string }[] };
  releases: readonly ReleaseSummary[];
  error?: { message: string };
}

export function productRow(name: string, state: ProductRowState | undefined): RowModel {
  const latest = state?.releases[0];
  const status = latest ? derivedStatus(latest).release : undefined;
  const head = latest && status ? releaseHeadline(latest, Date.now(), status) : undefined;
  const envs = state?.product.environments.map((e) => escapeMarkdown(e.name)).join(', ') ?? '';
  return {
    label: name,
    // Collapsed: a product opens on a page of releases only when asked (the tree keeps what the user expanded).
    collapsible: 'collapsed',
    contextValue: 'product',
    icon: status ? statusIcon(status.kind) : { id: 'package' },
    description: state?.error ? `⚠ ${state.error.message}` : head ? `${head.name} · ${head.when}` : '',
    tooltip: `**${escapeMarkdown(name)}**\n\nEnvironments: ${envs || '—'}\n\n${state?.releases.length ?? 0} release(s) loaded`,
  };
}

export function releaseRow(r: ReleaseSummary, now: number = Date.now()): RowModel {
  const st = derivedStatus(r).release;
  const h = releaseHeadline(r, now, st);
  return {
    label: h.name,
    collapsible: 'collapsed',
    icon: statusIcon(st.kind),
    description: [h.when, h.subject].filter(Boolean).join(' · '),
    accessibilityLabel: h.accessible,
    contextValue: r.triggerCommit?.sha ? 'release release-with-sha' : 'release',
    tooltip: releaseTooltip(r, now),
  };
}

function releaseTooltip(r: ReleaseSummary, now: number): string {
  const view = derivedStatus(r);
  const h = releaseHeadline(r, now, view.release);
  const lines = [`**${escapeMarkdown(r.productName)}** ${escapeMarkdown(h.name)} · ${escapeMarkdown(h.when)}`];
  const c = r.triggerCommit;
  if (c?.sha) {
    const by = c.author ? ` by ${escapeMarkdown(c.author, { maxLength: 80 })}` : '';
    const subject = firstLine(c.message, 200);
    lines.push('', `${subject ? `${escapeMarkdown(subject)} · ` : ''}commit ${shaCode(c.sha)}${by}`);
  }
  lines.push('', `Release id ${escapeMarkdown(r.id, { maxLength: 80 })} · created ${escapeMarkdown(relativeTime(r.createdAt, now))}${r.flowName ? ` · flow ${escapeMarkdown(r.flowName)}` : ''}`);
  if (r.error) lines.push('', `Error: ${escapeMarkdown(r.error.message, { maxLength: 300 })}`);
  const envStatus = (name: string): Status => view.environments.get(name)?.status ?? UNKNOWN;
  lines.push('', r.environments.map((e) => `${escapeMarkdown(e.name)}: ${escapeMarkdown(statusLabel(envStatus(e.name)))}`).join(' · '));
  return lines.join('\n');
}

export const LOAD_MORE_ROW: RowModel = { label: 'Load more…', icon: { id: 'ellipsis' }, contextValue: 'loadMore' };

/**
 * An environment of a release. `current` is the environment in the release as the list has it now (its detail while
 * that is current with the list row); `cached` is the environment in the cached detail, which may be older: its
 * applications and issues fill the tooltip, its status only stands in when the list says nothing about it.
 */
export function environmentRow(name: string, current: DerivedEnvironment | undefined, cached: DerivedEnvironment | undefined, words: Vocabulary = vocabularyOf(undefined)): RowModel {
  const step = cached?.step;
  const st = current?.status ?? (step && cached?.status) ?? UNKNOWN;
  const fresh = current?.step;
  const listed = current?.listed;
  // A running attempt is timed from its own start (`Running since 15 s`); a finished one by when it finished.
  const started = fresh?.startedAt ?? listed?.startedAt;
  const changed = fresh?.updatedAt ?? listed?.updatedAt ?? started;
  const moving = isActive(st.kind) && started !== undefined && Number.isFinite(Date.parse(started));
  const lines = [`**${escapeMarkdown(name)}** — ${escapeMarkdown(statusWord(words, st))}`];
  if (step?.applications.length) {
    lines.push('', 'Applications:', '');
    for (const a of step.applications) lines.push(`- ${escapeMarkdown(a.app.name)}: ${escapeMarkdown(a.status)}${a.commitSha ? ` ${shaCode(a.commitSha)}` : ''}`);
  }
  if (step?.issues.length) {
    lines.push('', 'Issues:', '');
    for (const i of step.issues.slice(0, 10)) lines.push(`- ${escapeMarkdown(issueHeading(words, i))}: ${escapeMarkdown(i.message, { maxLength: 200 })}`);
  }
  return {
    label: name,
    collapsible: 'collapsed',
    icon: statusIcon(st.kind),
    description: moving
      ? `${statusWord(words, st)} since ${formatDuration(Math.max(1000, Date.now() - Date.parse(started)))}`
      : [statusWord(words, st), changed ? relativeTime(changed) : ''].filter(Boolean).join(' · '),
    // The actions the backend allows here now, as words the tree's menus match (`viewItem =~ /\bcan-approve\b/`).
    contextValue: ['environment', actionContextWords(listed?.actions)].filter(Boolean).join(' '),
    tooltip: lines.join('\n'),
  };
}

const NO_WORKFLOW: DerivedWorkflow = { kind: 'unknown', steps: [] };

/** What runs in an environment before (`pre`) or after (`post`) it deploys, named in the backend's words. */
export function workflowRow(environment: string, phase: 'pre' | 'post', workflow: DerivedWorkflow | undefined, words: Vocabulary = vocabularyOf(undefined)): RowModel {
  const { kind, steps } = workflow ?? NO_WORKFLOW;
  const label = phase === 'pre' ? words.before : words.after;
  return {
    label,
    collapsible: 'collapsed',
    icon: statusIcon(kind),
    description: `${kindWord(words, kind)} · ${steps.length} ${words.step}(s)`,
    contextValue: 'workflow',
    tooltip: `**${escapeMarkdown(label)}** of ${escapeMarkdown(environment)}: ${escapeMarkdown(kindWord(words, kind))}`,
  };
}

export function stepRow(ws: WorkflowStep, kind: StatusKind, words: Vocabulary = vocabularyOf(undefined)): RowModel {
  const dur = ws.startedAt && ws.finishedAt ? formatDuration(Date.parse(ws.finishedAt) - Date.parse(ws.startedAt)) : '';
  return {
    label: ws.name || ws.templateName,
    icon: statusIcon(kind),
    description: [kindWord(words, kind), ws.workflows.length > 1 && words.runsCounted ? `${ws.workflows.length} ${words.runsCounted}` : '', dur].filter(Boolean).join(' · '),
    contextValue: 'step',
    tooltip: stepTooltip(ws, kind, words),
  };
}

function stepTooltip(ws: WorkflowStep, kind: StatusKind, words: Vocabulary): string {
  const lines = [`**${escapeMarkdown(ws.name || ws.templateName)}** — ${escapeMarkdown(kindWord(words, kind))} (${escapeMarkdown(words.runsOf)})`, ''];
  // The backend's own value only where it is the vendor's word (a translated one would read as the vendor's).
  if (ws.workflows.length === 0 && words.rawStatus) lines.push(`${escapeMarkdown(words.rawStatus)}: ${escapeMarkdown(ws.status)}`);
  for (const w of ws.workflows) {
    lines.push(`- ${escapeMarkdown(w.applicationName)}: ${escapeMarkdown(statusWord(words, workflowNodeStatus(w.status)))} (${escapeMarkdown(w.workflowName)})`);
  }
  return lines.join('\n');
}

// The rows of the "Product Releases" tree and their tooltips: products, releases, environments, pre-/post-action
// workflows and their steps. Every status comes from the release's derived status view (src/core/derivedStatus.ts);
// every API/Git string in a tooltip goes through escapeMarkdown.

import type { DerivedEnvironment, DerivedWorkflow } from '../core/derivedStatus';
import { derivedStatus } from '../core/derivedStatus';
import type { ReleaseSummary, WorkflowStep } from '../core/model';
import { STATUS_LABELS, statusLabel, type Status, type StatusKind, workflowNodeStatus } from '../core/status';
import { actionContextWords } from './actions';
import { statusIcon } from './icons';
import { escapeMarkdown, shaCode } from './markdown';
import type { RowModel } from './rows';
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
  const envs = state?.product.environments.map((e) => escapeMarkdown(e.name)).join(', ') ?? '';
  return {
    label: name,
    collapsible: 'expanded',
    contextValue: 'product',
    icon: status ? statusIcon(status.kind) : { id: 'package' },
    description: state?.error ? `⚠ ${state.error.message}` : latest && status ? `${statusLabel(status)} · ${relativeTime(latest.createdAt)}` : '',
    tooltip: `**${escapeMarkdown(name)}**\n\nEnvironments: ${envs || '—'}\n\n${state?.releases.length ?? 0} release(s) loaded`,
  };
}

export function releaseRow(r: ReleaseSummary): RowModel {
  const st = derivedStatus(r).release;
  const sha = r.triggerCommit?.sha ? r.triggerCommit.sha.slice(0, 7) : '';
  const msg = firstLine(r.triggerCommit?.message, 60);
  return {
    label: r.id,
    collapsible: 'collapsed',
    icon: statusIcon(st.kind),
    description: [r.version, statusLabel(st), relativeTime(r.createdAt), [sha, msg].filter(Boolean).join(' ')].filter(Boolean).join(' · '),
    contextValue: r.triggerCommit?.sha ? 'release release-with-sha' : 'release',
    tooltip: releaseTooltip(r),
  };
}

function releaseTooltip(r: ReleaseSummary): string {
  const view = derivedStatus(r);
  const lines = [
    `**${escapeMarkdown(r.productName)}** release ${escapeMarkdown(r.id, { maxLength: 80 })}${r.version ? ` version ${escapeMarkdown(r.version)}` : ''}`,
    '',
    `Status: ${escapeMarkdown(statusLabel(view.release))} · created ${escapeMarkdown(relativeTime(r.createdAt))}${r.flowName ? ` · flow ${escapeMarkdown(r.flowName)}` : ''}`,
  ];
  if (r.triggerCommit?.sha) {
    lines.push('', `Trigger commit ${shaCode(r.triggerCommit.sha)}${r.triggerCommit.author ? ` by ${escapeMarkdown(r.triggerCommit.author)}` : ''}: ${escapeMarkdown(firstLine(r.triggerCommit.message, 200))}`);
  }
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
export function environmentRow(name: string, current: DerivedEnvironment | undefined, cached: DerivedEnvironment | undefined): RowModel {
  const step = cached?.step;
  const st = current?.status ?? (step && cached?.status) ?? UNKNOWN;
  const fresh = current?.step;
  const listed = current?.listed;
  const when = fresh?.updatedAt ?? listed?.updatedAt ?? fresh?.startedAt ?? listed?.startedAt;
  const lines = [`**${escapeMarkdown(name)}** — ${escapeMarkdown(statusLabel(st))}`];
  if (step?.applications.length) {
    lines.push('', 'Applications:', '');
    for (const a of step.applications) lines.push(`- ${escapeMarkdown(a.app.name)}: ${escapeMarkdown(a.status)}${a.commitSha ? ` ${shaCode(a.commitSha)}` : ''}`);
  }
  if (step?.issues.length) {
    lines.push('', 'Issues:', '');
    for (const i of step.issues.slice(0, 10)) lines.push(`- ${escapeMarkdown(i.level)}: ${escapeMarkdown(i.message, { maxLength: 200 })}`);
  }
  return {
    label: name,
    collapsible: 'collapsed',
    icon: statusIcon(st.kind),
    description: [statusLabel(st), when ? relativeTime(when) : ''].filter(Boolean).join(' · '),
    // The actions the backend allows here now, as words the tree's menus match (`viewItem =~ /\bcan-approve\b/`).
    contextValue: ['environment', actionContextWords(listed?.actions)].filter(Boolean).join(' '),
    tooltip: lines.join('\n'),
  };
}

const NO_WORKFLOW: DerivedWorkflow = { kind: 'unknown', steps: [] };

export function workflowRow(environment: string, phase: 'pre' | 'post', workflow: DerivedWorkflow | undefined): RowModel {
  const { kind, steps } = workflow ?? NO_WORKFLOW;
  const label = phase === 'pre' ? 'Pre-action workflow' : 'Post-action workflow';
  return {
    label,
    collapsible: 'collapsed',
    icon: statusIcon(kind),
    description: `${STATUS_LABELS[kind]} · ${steps.length} step(s)`,
    contextValue: 'workflow',
    tooltip: `**${escapeMarkdown(label)}** of ${escapeMarkdown(environment)}: ${escapeMarkdown(STATUS_LABELS[kind])}`,
  };
}

export function stepRow(ws: WorkflowStep, kind: StatusKind): RowModel {
  const dur = ws.startedAt && ws.finishedAt ? formatDuration(Date.parse(ws.finishedAt) - Date.parse(ws.startedAt)) : '';
  return {
    label: ws.name || ws.templateName,
    icon: statusIcon(kind),
    description: [STATUS_LABELS[kind], ws.workflows.length > 1 ? `${ws.workflows.length} apps` : '', dur].filter(Boolean).join(' · '),
    contextValue: 'step',
    tooltip: stepTooltip(ws, kind),
  };
}

function stepTooltip(ws: WorkflowStep, kind: StatusKind): string {
  const lines = [`**${escapeMarkdown(ws.name || ws.templateName)}** — ${escapeMarkdown(STATUS_LABELS[kind])} (aggregated across applications)`, ''];
  if (ws.workflows.length === 0) lines.push(`API status: ${escapeMarkdown(ws.status)}`);
  for (const w of ws.workflows) {
    lines.push(`- ${escapeMarkdown(w.applicationName)}: ${escapeMarkdown(statusLabel(workflowNodeStatus(w.status)))} (${escapeMarkdown(w.workflowName)})`);
  }
  return lines.join('\n');
}

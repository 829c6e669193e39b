// How a commit's deployment-related checks (commit statuses, check runs) look: the short line per product in the
// deployment hover, and the "Checks" node with one row per check in the Commit Deployments view. Pure: every name,
// description and state from the API goes through escapeMarkdown, and a Details link is made only of an http(s) URL
// (safeUrl), encoded so it cannot end the Markdown link it sits in.

import type { CommitCheck, CommitChecks } from '../core/checks';
import { aggregateStatuses } from '../core/rules';
import { STATUS_KINDS, statusLabel, type StatusKind } from '../core/status';
import { codiconText, statusIcon } from './icons';
import { safeUrl } from './links';
import { escapeMarkdown } from './markdown';
import type { RowModel } from './rows';
import { relativeTime } from './time';

/** What is known of one product's checks on one commit: being fetched, fetched, or failed with a message. */
export type ChecksView = { state: 'loading' } | { state: 'ready'; checks: CommitChecks } | { state: 'failed'; message: string };

/** Checks the hover names before it says how many more there are. */
const HOVER_MAX = 6;

/** The Details URL of a check when it is one the editor may open (http or https), else undefined. */
export function detailsUrl(check: Pick<CommitCheck, 'detailsUrl'>): string | undefined {
  const url = safeUrl(check.detailsUrl);
  if (!url) return undefined;
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

/** A URL as a Markdown link destination: characters that could end the destination or start a title are encoded. */
function linkTarget(url: string): string {
  return url.replace(/[\s()<>"'`\\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `$(icon) name ([Details](url))`, the name escaped; no link when the URL is not http(s). */
function hoverCheck(c: CommitCheck): string {
  const url = detailsUrl(c);
  const name = escapeMarkdown(c.name, { maxLength: 60 });
  const title = escapeMarkdown(`${c.name}: ${statusLabel(c.status)}${c.description ? ` (${c.description})` : ''}`, { maxLength: 200 });
  return `${codiconText(statusIcon(c.status.kind))} ${name}${url ? ` ([Details](${linkTarget(url)} "${title}"))` : ''}`;
}

/**
 * The hover's line for one product's checks, e.g. `Checks: $(pass-filled) Deploy / staging ([Details](https://…))`;
 * undefined when there is nothing to say (still loading, no deployment checks, a commit the host does not have).
 */
export function checksHoverLine(view: ChecksView | undefined): string | undefined {
  if (!view || view.state === 'loading') return undefined;
  if (view.state === 'failed') return `$(warning) Checks could not be read: ${escapeMarkdown(view.message, { maxLength: 160 })}`;
  const list = view.checks.checks;
  if (list.length === 0) return undefined;
  const shown = list.slice(0, HOVER_MAX).map(hoverCheck);
  const more = list.length > HOVER_MAX ? ` · and ${list.length - HOVER_MAX} more` : '';
  return `Checks: ${shown.join(' · ')}${more}`;
}

/** `2 Succeeded · 1 Suspended`: how many checks are in each status, in the vocabulary's order. */
function countByStatus(list: readonly CommitCheck[]): string {
  const counts = new Map<StatusKind, number>();
  for (const c of list) counts.set(c.status.kind, (counts.get(c.status.kind) ?? 0) + 1);
  return STATUS_KINDS.filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${statusLabel({ kind: k, raw: '' })}`).join(' · ');
}

/** The "Checks" node of a product in the Commit Deployments view. */
export function checksNodeRow(view: ChecksView | undefined): RowModel {
  const list = view?.state === 'ready' ? view.checks.checks : [];
  // The checks of a commit stand together as a workflow's steps do: the node wears the status the seed's rule gives them.
  const worst = list.length ? aggregateStatuses(list.map((c) => c.status.kind)) : undefined;
  return {
    label: 'Checks',
    description: list.length ? countByStatus(list) : '',
    icon: worst ? statusIcon(worst) : { id: 'checklist' },
    tooltip: 'Commit statuses and check runs of this commit that concern deployments',
    collapsible: 'expanded',
    contextValue: 'checks',
  };
}

/** One check's row: its status as icon, state and time as description, the host's description in the tooltip. */
export function checkRow(c: CommitCheck, now: number = Date.now()): RowModel {
  const url = detailsUrl(c);
  const lines = [`**${escapeMarkdown(c.name)}**: ${escapeMarkdown(statusLabel(c.status))}`];
  if (c.description) lines.push('', escapeMarkdown(c.description));
  const facts = [c.kind === 'status' ? 'Commit status' : 'Check run'];
  if (c.environment) facts.push(`environment ${escapeMarkdown(c.environment)}`);
  if (c.updatedAt) facts.push(`changed ${escapeMarkdown(relativeTime(c.updatedAt, now))}`);
  lines.push('', facts.join(' · '));
  lines.push('', url ? `Click to open the details: ${escapeMarkdown(url, { maxLength: 300 })}` : 'No details page was given.');
  return {
    label: c.name,
    description: [statusLabel(c.status), c.updatedAt ? relativeTime(c.updatedAt, now) : ''].filter(Boolean).join(' · '),
    icon: statusIcon(c.status.kind),
    tooltip: lines.join('\n'),
    contextValue: url ? 'check-with-details' : 'check',
  };
}

/** A plain message row under a product's Checks node (no check to show), or undefined when the checks are rows. */
export function checksMessage(view: ChecksView | undefined): { text: string; icon: string } | undefined {
  if (!view || view.state === 'loading') return { text: 'Loading checks…', icon: 'loading~spin' };
  if (view.state === 'failed') return { text: `Checks unavailable: ${view.message}`, icon: 'warning' };
  const a = view.checks;
  if (a.commitUnknown) return { text: 'This repository on the server does not have this commit (not pushed there yet?), so it has no checks.', icon: 'info' };
  if (a.checks.length === 0) {
    const others = a.otherChecks > 0 ? ` (${a.otherChecks} other check${a.otherChecks === 1 ? '' : 's'}, not about deployments)` : '';
    return { text: `No deployment checks on this commit${others}.`, icon: 'info' };
  }
  return undefined;
}

/** A row saying how many checks could not be read, when any were left out. */
export function skippedChecksRow(checks: CommitChecks): RowModel | undefined {
  const s = checks.skipped;
  if (!s || s.count === 0) return undefined;
  return {
    label: `${s.count} check${s.count === 1 ? '' : 's'} could not be read`,
    icon: { id: 'warning', color: 'charts.yellow' },
    tooltip: s.reasons.map((r) => escapeMarkdown(r, { maxLength: 300 })).join('\n\n'),
  };
}

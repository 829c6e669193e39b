// The rows of the "Commit Deployments" view: the commit under the cursor, then per product each environment's
// deployment state, the release that carried the commit there and when. Every API/Git string in a tooltip goes
// through escapeMarkdown.

import { approvalWords, DEPLOYMENT_STATE_LABELS, type EnvironmentDeployment } from '../core/deployment';
import { statusLabel } from '../core/status';
import type { HoverCommit } from './deploymentMarkdown';
import { deploymentTimeText } from './deploymentTime';
import { deploymentIcon } from './icons';
import { escapeMarkdown } from './markdown';
import { releaseName } from './releaseLabel';
import type { RowModel } from './rows';
import { firstLine } from './text';
import { relativeTime } from './time';

export function commitRow(c: Extract<HoverCommit, { kind: 'committed' }> | undefined): RowModel {
  return {
    label: c ? c.sha.slice(0, 7) : '',
    description: [firstLine(c?.summary, 60), c?.author, c?.date ? relativeTime(c.date) : ''].filter(Boolean).join(' · '),
    icon: { id: 'git-commit' },
    contextValue: 'commit',
    tooltip: `${escapeMarkdown(c?.sha)}\n\n${escapeMarkdown(c?.summary)}`,
  };
}

export function deploymentRow(e: EnvironmentDeployment): RowModel {
  const lines = [`**${escapeMarkdown(e.environment)}**: ${escapeMarkdown(DEPLOYMENT_STATE_LABELS[e.state])}`];
  // Releases by version; the id stays in the tooltip.
  const named = (r: { id: string; version?: string }) => `${escapeMarkdown(releaseName(r))}${r.version ? ` (id ${escapeMarkdown(r.id)})` : ''}`;
  if (e.release) lines.push('', `Release ${named(e.release)} (${escapeMarkdown(statusLabel(e.release.environmentStatus))} here)`);
  if (e.state === 'no-longer-deployed' && e.liveRelease) lines.push('', `Replaced by the live release ${named(e.liveRelease)}, which does not contain it`);
  const approval = approvalWords(e);
  if (approval) lines.push('', escapeMarkdown(approval.charAt(0).toUpperCase() + approval.slice(1)));
  if (e.state === 'taken-down' && e.since) lines.push('', `Taken down ${escapeMarkdown(relativeTime(e.since))}; nothing replaced it`);
  if (e.firstRelease && e.firstRelease.id !== e.release?.id) lines.push('', `Deployed here since ${named(e.firstRelease)}`);
  if (e.ignored?.length) lines.push('', `Not counted (cannot change the answer): ${escapeMarkdown(e.ignored.map((i) => i.detail).join('; '))}`);
  if (e.error) lines.push('', `Error: ${escapeMarkdown(e.error)}`);
  return {
    label: e.environment,
    icon: deploymentIcon(e.state),
    // Which time it is says itself: `in dev since 6 d (1.0.30), now 1.0.49 from 5 h ago` (./deploymentTime).
    description: [DEPLOYMENT_STATE_LABELS[e.state], approval, deploymentTimeText(e) ?? '', e.state === 'unknown' ? e.detail : ''].filter(Boolean).join(' · '),
    tooltip: lines.join('\n'),
    // An environment awaiting the user's approval offers Approve on its row (the release action, `can-approve`).
    ...(e.release ? { contextValue: e.state === 'awaiting-approval' && e.actions?.includes('approve') ? 'deployment can-approve' : 'deployment' } : {}),
  };
}

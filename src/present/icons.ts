// How statuses and deployment states look: codicon ids, theme colour ids and spinning. Plain strings here;
// src/vscode turns them into ThemeIcon/ThemeColor.

import type { DeploymentState } from '../core/deployment';
import type { StatusKind } from '../core/status';

export interface IconSpec {
  /** Codicon id, with `~spin` for animated ones. */
  id: string;
  /** Theme colour id, when the status has one. */
  color?: string;
}

const STATUS_ICONS: Record<StatusKind, IconSpec> = {
  succeeded: { id: 'pass-filled', color: 'testing.iconPassed' },
  running: { id: 'sync~spin', color: 'charts.blue' },
  suspended: { id: 'debug-pause', color: 'charts.yellow' },
  queued: { id: 'clock', color: 'charts.yellow' },
  pending: { id: 'circle-large-outline', color: 'descriptionForeground' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  error: { id: 'bracket-error', color: 'testing.iconErrored' },
  terminating: { id: 'loading~spin', color: 'charts.orange' },
  terminated: { id: 'circle-slash', color: 'charts.orange' },
  skipped: { id: 'debug-step-over', color: 'disabledForeground' },
  unknown: { id: 'question', color: 'descriptionForeground' },
};

export function statusIcon(kind: StatusKind): IconSpec {
  return STATUS_ICONS[kind];
}

const DEPLOYMENT_ICONS: Record<DeploymentState, IconSpec> = {
  deployed: { id: 'pass-filled', color: 'testing.iconPassed' },
  'on-its-way': { id: 'sync~spin', color: 'charts.blue' },
  'awaiting-approval': { id: 'person', color: 'charts.yellow' },
  blocked: { id: 'error', color: 'testing.iconFailed' },
  'taken-down': { id: 'circle-slash', color: 'charts.orange' },
  'no-longer-deployed': { id: 'discard', color: 'charts.orange' },
  'not-yet': { id: 'circle-large-outline', color: 'descriptionForeground' },
  unknown: { id: 'question', color: 'descriptionForeground' },
};

export function deploymentIcon(state: DeploymentState): IconSpec {
  return DEPLOYMENT_ICONS[state];
}

/** `$(id)` text for status bar / markdown with theme icons (no colours there). */
export function codiconText(spec: IconSpec): string {
  return `$(${spec.id})`;
}

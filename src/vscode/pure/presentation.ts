// How statuses and deployment states look: codicon ids, theme colour ids, spinning, and compact glyphs for the
// status bar. Plain strings here; src/vscode turns them into ThemeIcon/ThemeColor.

import type { DeploymentState } from '../../core/deployment';
import type { StatusKind } from '../../core/status';

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
  blocked: { id: 'error', color: 'testing.iconFailed' },
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

/** Emoji-free plain glyphs for places that cannot show codicons (tooltips in plain text, logs). */
export const DEPLOYMENT_GLYPHS: Record<DeploymentState, string> = {
  deployed: '✓',
  'on-its-way': '→',
  blocked: '✗',
  'no-longer-deployed': '↶',
  'not-yet': '·',
  unknown: '?',
};

/** Short environment label for the status bar: at most `max` characters. */
export function shortEnvName(name: string, max = 8): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

/**
 * The web UI URL of a release from a template with `{url}`, `{product}`, `{releaseId}`, `{version}` placeholders.
 * Values are URL-encoded; the result must be http(s) or it is rejected (undefined).
 */
export function fillWebUrlTemplate(
  template: string,
  values: { url: string; product: string; releaseId: string; version?: string },
): string | undefined {
  const base = values.url.replace(/\/+$/, '');
  const out = template.replace(/\{(url|product|releaseId|version)\}/g, (_m, key: string) => {
    if (key === 'url') return base;
    const v = key === 'product' ? values.product : key === 'releaseId' ? values.releaseId : (values.version ?? '');
    return encodeURIComponent(v);
  });
  try {
    const u = new URL(out);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** The first line of a commit message, trimmed to `max` characters. */
export function firstLine(message: string | undefined, max = 80): string {
  const line = (message ?? '').split(/\r?\n/, 1)[0]?.trim() ?? '';
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

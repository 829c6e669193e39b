// The Markdown of the deployment hover (also the status bar tooltip): the commit, then one row per product and
// environment with its state, the release that carried it and when, and command links. Pure and unit-tested: every
// API/Git string goes through escapeMarkdown, every command argument through commandLink's encoding.

import { containmentReason, DEPLOYMENT_STATE_LABELS, ignoredReleases, type CommitDeployments, type DeploymentState, type EnvironmentDeployment, type ProductDeployment } from '../core/deployment';
import { statusLabel } from '../core/status';
import { hoverTitle } from './demoLabel';
import { commandLink, escapeMarkdown, shaCode } from './markdown';
import { codiconText, deploymentIcon } from './icons';
import { formatDuration, relativeTime } from './time';

/** The command ids hover links may run (MarkdownString.isTrusted is limited to these). */
export const HOVER_COMMANDS = [
  'gitopsReleases.openRelease',
  'gitopsReleases.openReleaseNotes',
  'gitopsReleases.copySha',
  'gitopsReleases.showWhereDeployed',
  'gitopsReleases.refresh',
  'gitopsReleases.watchCommit',
] as const;

export type HoverCommit =
  | { kind: 'committed'; sha: string; author?: string; date?: string; summary?: string }
  | { kind: 'uncommitted' };

interface DeploymentMarkdownInput {
  commit: HoverCommit;
  deployments?: CommitDeployments;
  /** Shown when the answer is not available yet (graph or data loading). */
  loading?: string;
  /** The last refresh failed: its message. */
  error?: string;
  /** Age of the release data in ms, when known. */
  dataAgeMs?: number;
  /** Data older than this is flagged stale. */
  staleAfterMs?: number;
  now?: number;
  /** The data comes from the demo backend: the title says so. */
  demo?: boolean;
  /** The answer was saved by an earlier session (see savedAnswerNote): shown instead of the stale-data note. */
  savedAnswer?: string;
}

function envRow(product: string, e: EnvironmentDeployment, now: number): string {
  const icon = codiconText(deploymentIcon(e.state));
  let state = DEPLOYMENT_STATE_LABELS[e.state];
  if (e.state === 'unknown' && e.detail) state += ` (${e.detail})`;
  else if (e.state === 'blocked' && e.error) state += `: ${e.error}`;
  const parts: string[] = [];
  if (e.release) {
    const label = e.release.version ? `${e.release.id} (${e.release.version})` : e.release.id;
    parts.push(commandLink(label, 'gitopsReleases.openRelease', [product, e.release.id], 'Open the release'));
    parts.push(commandLink('notes', 'gitopsReleases.openReleaseNotes', [product, e.release.id], 'Open the release notes'));
    if (e.state !== 'deployed' && e.state !== 'no-longer-deployed') parts.push(escapeMarkdown(statusLabel(e.release.environmentStatus)));
    // Why the release counts as carrying the commit: a weak link reads as one.
    const why = containmentReason(e);
    if (why) parts.push(escapeMarkdown(why));
  }
  if (e.state === 'no-longer-deployed' && e.liveRelease) {
    const live = e.liveRelease;
    const label = live.version ? `${live.id} (${live.version})` : live.id;
    parts.push(`replaced by ${commandLink(label, 'gitopsReleases.openRelease', [product, live.id], 'Open the live release, which does not contain this commit')}`);
  }
  const when = e.since ?? e.release?.createdAt;
  if (when) parts.push(escapeMarkdown(relativeTime(when, now)));
  return `| ${icon} ${escapeMarkdown(e.environment, { maxLength: 60 })} | ${escapeMarkdown(state, { maxLength: 200 })} | ${parts.join(' · ') || '—'} |`;
}

/** One line under a product's table naming the releases its answers passed over (at most three). */
function ignoredNote(p: ProductDeployment): string | undefined {
  const list = ignoredReleases(p);
  if (!list.length) return undefined;
  const shown = list.slice(0, 3).map((i) => `${i.detail} (${i.environments.join(', ')})`);
  const more = list.length > 3 ? `; and ${list.length - 3} more` : '';
  return `$(info) ${escapeMarkdown(`Not counted (they cannot change these answers): ${shown.join('; ')}${more}`, { maxLength: 400 })}`;
}

export function deploymentMarkdown(input: DeploymentMarkdownInput): string {
  const now = input.now ?? Date.now();
  const out: string[] = [];
  if (input.commit.kind === 'uncommitted') {
    out.push(`${hoverTitle(input.demo)} · this line is not committed yet, so it is not deployed anywhere.`);
    return out.join('\n');
  }
  const c = input.commit;
  const head = [`${hoverTitle(input.demo)} · commit ${shaCode(c.sha)}`];
  if (c.author) head.push(`by ${escapeMarkdown(c.author, { maxLength: 80 })}`);
  if (c.date) head.push(escapeMarkdown(relativeTime(c.date, now)));
  out.push(head.join(' '));
  if (c.summary) out.push('', escapeMarkdown(c.summary, { maxLength: 200 }));
  out.push('');
  const d = input.deployments;
  if (d?.unknown) {
    out.push(`${codiconText(deploymentIcon('unknown'))} ${escapeMarkdown(d.unknown.detail || d.unknown.reason)}`);
  } else if (d && d.products.length > 0) {
    for (const p of d.products) {
      out.push(`**${escapeMarkdown(p.product, { maxLength: 80 })}**`, '', '| Environment | State | Release |', '|---|---|---|');
      for (const e of p.environments) out.push(envRow(p.product, e, now));
      out.push('');
      const note = ignoredNote(p);
      if (note) out.push(note, '');
    }
  } else if (d) {
    out.push('No product releases are known for this repository yet.', '');
  } else {
    out.push(`$(loading~spin) ${escapeMarkdown(input.loading ?? 'Loading release data…')}`, '');
  }
  const notes: string[] = [];
  if (input.error) notes.push(`$(warning) Last refresh failed: ${escapeMarkdown(input.error, { maxLength: 200 })}`);
  if (input.savedAnswer) {
    const note = input.savedAnswer.charAt(0).toUpperCase() + input.savedAnswer.slice(1);
    notes.push(`$(history) ${escapeMarkdown(note, { maxLength: 200 })}`);
  } else if (input.dataAgeMs !== undefined && input.dataAgeMs > (input.staleAfterMs ?? 5 * 60_000)) {
    notes.push(`$(history) Data is ${escapeMarkdown(formatDuration(input.dataAgeMs))} old (stale)`);
  }
  if (notes.length) out.push(notes.join(' · '), '');
  out.push(
    [
      commandLink('Copy sha', 'gitopsReleases.copySha', [c.sha]),
      commandLink('Show in Commit Deployments', 'gitopsReleases.showWhereDeployed', [c.sha]),
      commandLink('Refresh', 'gitopsReleases.refresh'),
      commandLink('Notify me when it ships…', 'gitopsReleases.watchCommit', [c.sha], 'Notify me when this commit reaches an environment'),
    ].join(' · '),
  );
  return out.join('\n');
}

/** Compact status bar text: `abc1234 dev $(pass-filled) prod $(circle-large-outline)` (worst-first per env name). */
export function statusBarText(sha: string, d: CommitDeployments | undefined): string {
  const short = sha.slice(0, 7);
  if (!d) return `$(rocket) ${short} $(loading~spin)`;
  if (d.unknown) return `$(rocket) ${short} $(question)`;
  const rank: readonly DeploymentState[] = ['blocked', 'on-its-way', 'deployed', 'no-longer-deployed', 'not-yet', 'unknown'];
  const byEnv = new Map<string, DeploymentState>();
  for (const p of d.products) {
    for (const e of p.environments) {
      const prev = byEnv.get(e.environment);
      // Across products, the best news wins for "deployed", the worst for problems: show the most informative.
      if (!prev || rank.indexOf(e.state) < rank.indexOf(prev)) byEnv.set(e.environment, e.state);
    }
  }
  if (byEnv.size === 0) return `$(rocket) ${short}`;
  const parts = [...byEnv].slice(0, 6).map(([env, st]) => `${env.replace(/\$\(/g, '$ (').slice(0, 8)} ${codiconText(deploymentIcon(st))}`);
  return `$(rocket) ${short} ${parts.join(' ')}${byEnv.size > 6 ? ' …' : ''}`;
}

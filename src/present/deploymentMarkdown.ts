// The Markdown of the deployment hover (also the status bar tooltip): the actions and the commit first, then one line
// per product with its environments grouped by state and the releases that carried the commit (by version), and one
// line for every product the commit has reached nowhere yet, so it reads without scrolling; under a product, the
// deployment checks already fetched (commit statuses and check runs with their Details links, see ./checks). Pure
// and unit-tested: every API/Git string goes through escapeMarkdown, every command argument through commandLink's
// encoding.

import {
  approvalWords,
  containmentReason,
  DEPLOYMENT_STATE_LABELS,
  ignoredReleases,
  type CommitDeployments,
  type DeploymentState,
  type EnvironmentDeployment,
  type ProductDeployment,
  type ReleaseRef,
} from '../core/deployment';
import { checksHoverLine, type ChecksView } from './checks';
import { hoverTitle } from './demoLabel';
import { commandLink, escapeMarkdown, shaCode } from './markdown';
import { deploymentTimeText } from './deploymentTime';
import { codiconText, deploymentIcon } from './icons';
import { releaseName } from './releaseLabel';
import { formatDuration, relativeTime } from './time';

/** The command ids hover links may run (MarkdownString.isTrusted is limited to these). */
export const HOVER_COMMANDS = [
  'gitopsReleases.openRelease',
  'gitopsReleases.openReleaseNotes',
  'gitopsReleases.copySha',
  'gitopsReleases.showWhereDeployed',
  'gitopsReleases.refresh',
  'gitopsReleases.watchCommit',
  // Offered beside an environment awaiting the user's approval (the release action, on `{ releaseId, environment }`).
  'gitopsReleases.action.approve',
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
  /** What is known of each product's deployment checks on the commit, by product name (a line under the product). */
  checks?: ReadonlyMap<string, ChecksView>;
}

/** States in the order a product's line names them: as far as the commit got, then where it is going or stuck. */
const LINE_ORDER: readonly DeploymentState[] = [
  'deployed',
  'on-its-way',
  'awaiting-approval',
  'blocked',
  'taken-down',
  'no-longer-deployed',
  'unknown',
  'not-yet',
];


/** A link to a release, named by its version; the title says why it counts as carrying the commit. */
function releaseLink(product: string, r: ReleaseRef, why: string | undefined): string {
  const name = releaseName(r);
  return commandLink(name, 'gitopsReleases.openRelease', [product, r.id], `Open release ${name} (${r.id})${why ? `: ${why}` : ''}`);
}

/** The detail one environment adds to its group: the release (linked), a weak link, an error, a replacement. */
function envDetail(product: string, e: EnvironmentDeployment, now: number): string[] {
  const parts: string[] = [];
  if (e.release) {
    const why = containmentReason(e);
    // The release and which time is shown: since when the commit is here, since when the live release is, or
    // when a running attempt started (./deploymentTime).
    const titleOf = (r: ReleaseRef): string | undefined =>
      r.id === e.release?.id ? why : r.id === e.liveRelease?.id ? 'the live release, which does not contain this commit' : 'the release that brought this commit here';
    parts.push(deploymentTimeText(e, now, { release: (r) => releaseLink(product, r, titleOf(r)), text: (s) => escapeMarkdown(s) }) ?? releaseLink(product, e.release, why));
    // A weak link reads as one, not only in the link's title.
    if (e.link === 'gitops-commit' && why) parts.push(escapeMarkdown(why));
  }
  const approval = approvalWords(e);
  if (approval) parts.push(escapeMarkdown(approval));
  if (approval && e.release && e.actions?.includes('approve'))
    parts.push(commandLink('Approve', 'gitopsReleases.action.approve', [{ releaseId: e.release.id, environment: e.environment }], `Approve ${releaseName(e.release)} for ${e.environment}`));
  if (e.state === 'blocked' && e.error) parts.push(escapeMarkdown(e.error, { maxLength: 120 }));
  if (e.state === 'unknown' && e.detail) parts.push(escapeMarkdown(e.detail, { maxLength: 120 }));
  return parts;
}

/**
 * One line for a product: its environments grouped by state, each group with its icon and the releases in it, e.g.
 * `**shop** · $(pass-filled) Deployed: dev, staging (1.2.3 · 30 min ago) · $(circle-large-outline) Not yet: prod`.
 */
function productLine(p: ProductDeployment, now: number): string {
  const groups: string[] = [];
  for (const state of LINE_ORDER) {
    const envs = p.environments.filter((e) => e.state === state);
    if (!envs.length) continue;
    const names = envs.map((e) => escapeMarkdown(e.environment, { maxLength: 40 })).join(', ');
    // Environments carried by the same release say so once.
    const details = new Map<string, string>();
    for (const e of envs) {
      const d = envDetail(p.product, e, now).join(' · ');
      if (d) details.set(`${e.release?.id ?? ''}|${d}`, d);
    }
    const detail = [...details.values()].join('; ');
    groups.push(`${codiconText(deploymentIcon(state))} ${DEPLOYMENT_STATE_LABELS[state]}: ${names}${detail ? ` (${detail})` : ''}`);
  }
  return `**${escapeMarkdown(p.product, { maxLength: 60 })}** · ${groups.join(' · ') || 'no environments'}`;
}

/** Whether the commit is nowhere in a product: every environment says not yet. */
const nowhere = (p: ProductDeployment): boolean => p.environments.every((e) => e.state === 'not-yet');

/** One line naming the releases the answers passed over (at most three over all products). */
function ignoredNote(products: readonly ProductDeployment[]): string | undefined {
  const list = products.flatMap((p) => ignoredReleases(p));
  if (!list.length) return undefined;
  const shown = list.slice(0, 3).map((i) => `${i.detail} (${i.environments.join(', ')})`);
  const more = list.length > 3 ? `; and ${list.length - 3} more` : '';
  return `$(info) ${escapeMarkdown(`Not counted (they cannot change these answers): ${shown.join('; ')}${more}`, { maxLength: 400 })}`;
}

/** Markdown hard line break: lines of one paragraph, without the space paragraphs put between them. */
const BREAK = '  \n';

export function deploymentMarkdown(input: DeploymentMarkdownInput): string {
  const now = input.now ?? Date.now();
  if (input.commit.kind === 'uncommitted') {
    return `${hoverTitle(input.demo)} · this line is not committed yet, so it is not deployed anywhere.`;
  }
  const c = input.commit;
  // The actions first, where they are seen without scrolling.
  const actions = [
    commandLink('Copy sha', 'gitopsReleases.copySha', [c.sha]),
    commandLink('Commit Deployments', 'gitopsReleases.showWhereDeployed', [c.sha], 'Show this commit in the Commit Deployments view'),
    commandLink('Refresh', 'gitopsReleases.refresh'),
    commandLink('Notify me when it ships…', 'gitopsReleases.watchCommit', [c.sha], 'Notify me when this commit reaches an environment'),
  ];
  const out: string[] = [`${hoverTitle(input.demo)} · ${actions.join(' · ')}`, ''];
  const commit = [`Commit ${shaCode(c.sha)}`];
  if (c.author) commit.push(`by ${escapeMarkdown(c.author, { maxLength: 80 })}`);
  if (c.date) commit.push(escapeMarkdown(relativeTime(c.date, now)));
  out.push(`${commit.join(' ')}${c.summary ? `: ${escapeMarkdown(c.summary, { maxLength: 120 })}` : ''}`, '');
  const d = input.deployments;
  if (d?.unknown) {
    out.push(`${codiconText(deploymentIcon('unknown'))} ${escapeMarkdown(d.unknown.detail || d.unknown.reason)}`, '');
  } else if (d && d.products.length > 0) {
    const checksOf = (p: ProductDeployment): string | undefined => checksHoverLine(input.checks?.get(p.product));
    const lines = d.products.filter((p) => !nowhere(p)).flatMap((p) => [productLine(p, now), checksOf(p) ?? []].flat());
    const none = d.products.filter(nowhere);
    if (none.length) lines.push(`${codiconText(deploymentIcon('not-yet'))} Not deployed yet in ${none.map((p) => escapeMarkdown(p.product, { maxLength: 60 })).join(', ')}`);
    // A product the commit reached nowhere may still have checks (a deploy job that failed): named with its line.
    for (const p of none) {
      const line = checksOf(p);
      if (line) lines.push(`**${escapeMarkdown(p.product, { maxLength: 60 })}** · ${line}`);
    }
    const note = ignoredNote(d.products);
    if (note) lines.push(note);
    out.push(lines.join(BREAK), '');
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
  } else if (input.dataAgeMs !== undefined && (input.error !== undefined || input.dataAgeMs > (input.staleAfterMs ?? 5 * 60_000))) {
    // After a failed refresh the answer is stale whatever its age: the age says how stale.
    notes.push(`$(history) Data is ${escapeMarkdown(formatDuration(input.dataAgeMs))} old (stale)`);
  }
  if (notes.length) out.push(notes.join(' · '), '');
  return out.join('\n').trimEnd();
}

// The status bar item: one short text with at most one icon, in front (VS Code's status bar guidelines,
// https://code.visualstudio.com/api/ux-guidelines/status-bar), a phrase per product (environment names are never
// merged across products, whose flows differ), and an accessible label that says every environment's state. The
// details are in the tooltip (the hover's Markdown).

import type { CommitDeployments, DeploymentState, ProductDeployment } from '../core/deployment';
import { codiconText, deploymentIcon } from './icons';
import { formatDuration } from './time';

/** Products named in the text; more are counted. */
const MAX_PRODUCTS = 2;

interface StatusBarView {
  text: string;
  accessibleLabel: string;
}

/** Which state speaks for a product, most pressing first. */
const PRODUCT_RANK: readonly DeploymentState[] = [
  'blocked',
  'awaiting-approval',
  'on-its-way',
  'deployed',
  'taken-down',
  'no-longer-deployed',
  'not-yet',
  'unknown',
];

const SPOKEN: Record<DeploymentState, string> = {
  deployed: 'deployed in',
  'on-its-way': 'on its way to',
  'awaiting-approval': 'awaiting approval for',
  blocked: 'blocked in',
  'taken-down': 'taken down in',
  'no-longer-deployed': 'no longer deployed in',
  'not-yet': 'not yet in',
  unknown: 'unknown in',
};

/** Codicon syntax in a name would render as an icon. */
const plain = (name: string, max: number): string => {
  const s = name.replace(/\$\(/g, '$ (');
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
};

/** The state and environment that speak for a product: the first blocked one, else where it is heading, else the
 * furthest (in flow order) it is deployed to, and so on. */
function productState(p: ProductDeployment): { state: DeploymentState; environment?: string } {
  for (const state of PRODUCT_RANK) {
    const envs = p.environments.filter((e) => e.state === state);
    if (!envs.length) continue;
    // Deployed and no longer deployed: the furthest along the flow; the others: the first.
    const e = state === 'deployed' || state === 'no-longer-deployed' || state === 'taken-down' ? envs[envs.length - 1]! : envs[0]!;
    return { state, environment: e.environment };
  }
  return { state: 'unknown' };
}

function phrase(s: { state: DeploymentState; environment?: string }): string {
  const env = s.environment ? plain(s.environment, 16) : '';
  switch (s.state) {
    case 'deployed':
      return `in ${env}`;
    case 'on-its-way':
      return `going to ${env}`;
    case 'awaiting-approval':
      return `awaiting approval for ${env}`;
    case 'taken-down':
      return `taken down in ${env}`;
    case 'blocked':
      return `blocked in ${env}`;
    case 'no-longer-deployed':
      return `no longer in ${env}`;
    case 'not-yet':
      return 'not deployed';
    case 'unknown':
      return 'unknown';
  }
}

/** Every environment of a product by state, for screen readers: `shop: deployed in dev, staging; not yet in prod`. */
function spokenProduct(p: ProductDeployment): string {
  const groups = new Map<DeploymentState, string[]>();
  for (const e of p.environments) groups.set(e.state, [...(groups.get(e.state) ?? []), e.environment]);
  const parts = PRODUCT_RANK.filter((s) => groups.has(s)).map((s) => `${SPOKEN[s]} ${groups.get(s)!.join(', ')}`);
  return `${p.product}: ${parts.join('; ') || 'no environments'}`;
}

/** How fresh the answer is: the hover and the tree say the same (see deploymentMarkdown and savedAnswerNote). */
export interface StatusBarFreshness {
  /** The last refresh failed: its message. */
  refreshFailed?: string;
  /** Age of the answer in ms, when one was fetched. */
  ageMs?: number;
  /** An earlier session's answer is shown (savedAnswerNote's words, e.g. `saved answer, as of 3 h ago`). */
  savedAnswer?: string;
  /** An answer older than this is stale even without a failure (the hover's limit). */
  staleAfterMs?: number;
}

/** Why the answer shown may no longer hold, if it may not: the marker after the text, its icon and its sentence. */
function staleness(f: StatusBarFreshness | undefined): { marker: string; icon: string; sentence: string } | undefined {
  if (!f) return undefined;
  const age = f.ageMs !== undefined ? `the answer is from ${formatDuration(f.ageMs)} ago` : undefined;
  if (f.refreshFailed !== undefined) {
    const why = `the last refresh failed (${f.refreshFailed})`;
    // A saved answer says it is one; the failure makes it stale either way.
    const detail = f.savedAnswer ? `${why}; ${f.savedAnswer}` : [why, age].filter(Boolean).join('; ');
    return { marker: 'stale', icon: '$(warning)', sentence: `Stale: ${detail}` };
  }
  if (f.savedAnswer) return { marker: 'saved', icon: '$(history)', sentence: f.savedAnswer.charAt(0).toUpperCase() + f.savedAnswer.slice(1) };
  if (f.ageMs !== undefined && f.ageMs > (f.staleAfterMs ?? 5 * 60_000)) return { marker: 'stale', icon: '$(history)', sentence: `Stale: ${age}` };
  return undefined;
}

/**
 * The status bar's text and label for a commit. While the answer may no longer hold (the backend is unreachable, the
 * answer is an earlier session's or older than the stale limit) the icon says so instead of a state's (nothing spins
 * while nothing is being learned), the text ends with `(stale)` or `(saved)`, and the label says why and how old.
 */
export function statusBarView(sha: string, d: CommitDeployments | undefined, demo = false, freshness?: StatusBarFreshness): StatusBarView {
  const short = sha.slice(0, 7);
  const label = `GitOps Releases${demo ? ' (demo data)' : ''}, commit ${short}`;
  const prefix = demo ? 'Demo · ' : '';
  if (!d && freshness?.refreshFailed !== undefined) {
    return { text: `$(warning) ${prefix}${short} unavailable`, accessibleLabel: `${label}: unavailable, the last refresh failed (${freshness.refreshFailed})` };
  }
  if (!d) return { text: `$(loading~spin) ${prefix}${short}`, accessibleLabel: `${label}: loading` };
  const stale = staleness(freshness);
  const marker = stale ? ` (${stale.marker})` : '';
  const said = stale ? ` ${stale.sentence}.` : '';
  if (d.unknown) return { text: `${stale?.icon ?? '$(question)'} ${prefix}${short}${marker}`, accessibleLabel: `${label}: unknown, ${d.unknown.detail || d.unknown.reason}.${said}` };
  if (d.products.length === 0) return { text: `${stale?.icon ?? '$(rocket)'} ${prefix}${short} no releases${marker}`, accessibleLabel: `${label}: no product releases known.${said}` };
  const states = d.products.map(productState);
  const kinds = new Set(states.map((s) => s.state));
  // One icon: the products' common state, else the most pressing of blocked / moving, else a neutral one.
  const iconState =
    kinds.size === 1
      ? states[0]!.state
      : (['blocked', 'awaiting-approval', 'on-its-way'] as const).find((s) => kinds.has(s));
  const icon = stale?.icon ?? (iconState ? codiconText(deploymentIcon(iconState)) : '$(rocket)');
  const shown = d.products.slice(0, MAX_PRODUCTS).map((p, i) => `${plain(p.product, 16)} ${phrase(states[i]!)}`);
  const more = d.products.length > MAX_PRODUCTS ? ` +${d.products.length - MAX_PRODUCTS}` : '';
  return {
    text: `${icon} ${prefix}${short} ${shown.join(' · ')}${more}${marker}`,
    accessibleLabel: `${label}. ${d.products.map(spokenProduct).join('. ')}.${said}`,
  };
}

// The status bar item: one short text with at most one icon, in front (VS Code's status bar guidelines,
// https://code.visualstudio.com/api/ux-guidelines/status-bar), a phrase per product (environment names are never
// merged across products, whose flows differ), and an accessible label that says every environment's state. The
// details are in the tooltip (the hover's Markdown).

import type { CommitDeployments, DeploymentState, ProductDeployment } from '../core/deployment';
import { codiconText, deploymentIcon } from './icons';

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

export function statusBarView(sha: string, d: CommitDeployments | undefined, demo = false): StatusBarView {
  const short = sha.slice(0, 7);
  const label = `GitOps Releases${demo ? ' (demo data)' : ''}, commit ${short}`;
  const prefix = demo ? 'Demo · ' : '';
  if (!d) return { text: `$(loading~spin) ${prefix}${short}`, accessibleLabel: `${label}: loading` };
  if (d.unknown) return { text: `$(question) ${prefix}${short}`, accessibleLabel: `${label}: unknown, ${d.unknown.detail || d.unknown.reason}` };
  if (d.products.length === 0) return { text: `$(rocket) ${prefix}${short} no releases`, accessibleLabel: `${label}: no product releases known` };
  const states = d.products.map(productState);
  const kinds = new Set(states.map((s) => s.state));
  // One icon: the products' common state, else the most pressing of blocked / moving, else a neutral one.
  const iconState =
    kinds.size === 1
      ? states[0]!.state
      : (['blocked', 'awaiting-approval', 'on-its-way'] as const).find((s) => kinds.has(s));
  const icon = iconState ? codiconText(deploymentIcon(iconState)) : '$(rocket)';
  const shown = d.products.slice(0, MAX_PRODUCTS).map((p, i) => `${plain(p.product, 16)} ${phrase(states[i]!)}`);
  const more = d.products.length > MAX_PRODUCTS ? ` +${d.products.length - MAX_PRODUCTS}` : '';
  return {
    text: `${icon} ${prefix}${short} ${shown.join(' · ')}${more}`,
    accessibleLabel: `${label}. ${d.products.map(spokenProduct).join('. ')}.`,
  };
}

// Typed access to the gitopsReleases.* settings (package.json contributes them) and the VS Code proxy settings the Codefresh client
// needs. Values are read fresh on every call (cheap) so a settings change takes effect without bookkeeping.

import * as vscode from 'vscode';
import { DEFAULT_CODEFRESH_URL } from '../backends/codefresh/defaults';
import { backendKind, type BackendKind } from '../backends/registry';

export const SECTION = 'gitopsReleases';

export type { BackendKind };
export type StatusBarMode = 'head' | 'cursor' | 'off';

export { DEFAULT_CODEFRESH_URL };
export const DEFAULT_WEB_URL_TEMPLATE = '{url}/gitops/releases/{product}/{releaseId}';

export interface Settings {
  backend: BackendKind;
  codefreshUrl: string;
  demoServerUrl: string;
  /** The API the demo server speaks. */
  demoApi: 'codefresh' | 'kargo';
  /** Kargo API address (empty: the Kargo CLI's). */
  kargoUrl: string;
  kargoProject: string;
  kargoWarehouse: string;
  kargoProdStages: string[];
  products: string[];
  activeSeconds: number;
  idleSeconds: number;
  hoverEnabled: boolean;
  statusBarMode: StatusBarMode;
  webUrlTemplate: string;
  caFile: string;
  /** Base URL an issue key is appended to for its link (e.g. `https://acme.atlassian.net/browse/`); empty: no links. */
  issueTrackerUrl: string;
  /** Watch my own commits of the last N days until they reach production (0: off). */
  watchOwnCommitsDays: number;
  /** GitHub: more repositories (`owner/name`) beside the workspace's own. */
  githubRepositories: string[];
  /** GitHub: environment names that count as production. */
  githubProdNames: string[];
  /** GitHub: sign in through the `github-enterprise` provider (its URI is VS Code's `github-enterprise.uri`). */
  githubEnterprise: boolean;
  /** GitHub Enterprise Server URL; empty: VS Code's own `github-enterprise.uri`. */
  githubEnterpriseUrl: string;
  /** The GitHub test engine's REST URL (`npm run demo -- --backend github`). */
  githubDemoServerUrl: string;
  /** GitHub: `environment → environments it follows`, for repositories whose workflow files do not say. */
  githubFlow: Record<string, string[]>;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.trim().length > 0).map((p) => p.trim()) : [];
}

function flowSetting(v: unknown): Record<string, string[]> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, list]) => [k, stringList(list)]));
}

function num(v: unknown, fallback: number, min: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(min, v) : fallback;
}

/**
 * The settings package.json lists under `capabilities.untrustedWorkspaces.restrictedConfigurations`: each names a
 * server (where a secret would be sent), a CA file, or a template whose URL is opened. In Restricted Mode VS Code
 * leaves their workspace values out; readSettings also takes only the user's value for them then, so a workspace
 * cannot point the extension elsewhere before its authors are trusted.
 */
export const RESTRICTED_SETTINGS = ['codefresh.url', 'kargo.url', 'demo.serverUrl', 'github.enterprise', 'github.enterpriseUrl', 'github.demoServerUrl', 'webUrlTemplate', 'caFile', 'issueTracker.url'] as const;

/** A restricted setting as the user (not the workspace) set it, while the workspace is not trusted. */
function userOnly(c: vscode.WorkspaceConfiguration, key: string): unknown {
  const info = c.inspect(key);
  return info?.globalValue ?? info?.defaultValue;
}

/** Restricted settings this workspace sets (as far as VS Code still reports them in Restricted Mode). */
function workspaceSetRestricted(c: vscode.WorkspaceConfiguration): string[] {
  return RESTRICTED_SETTINGS.filter((k) => {
    const info = c.inspect(k);
    return info?.workspaceValue !== undefined || info?.workspaceFolderValue !== undefined;
  }).map((k) => `${SECTION}.${k}`);
}

/** What the views say in Restricted Mode (undefined in a trusted workspace). */
export function restrictedModeNotice(): string | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const set = workspaceSetRestricted(vscode.workspace.getConfiguration(SECTION));
  const [only] = set;
  if (set.length === 1 && only !== undefined) return vscode.l10n.t('Restricted Mode: this workspace\'s {0} is not used until you trust the workspace (it names a server, a CA file or a URL template); your user setting applies.', only);
  if (set.length > 1) return vscode.l10n.t('Restricted Mode: this workspace\'s {0} are not used until you trust the workspace (they name servers, CA files or URL templates); your user settings apply.', set.join(', '));
  return vscode.l10n.t('Restricted Mode: this workspace\'s settings for server URLs, CA files and URL templates are not used until you trust the workspace; your user settings apply.');
}

export function readSettings(): Settings {
  const base = vscode.workspace.getConfiguration(SECTION);
  const restricted = new Set<string>(vscode.workspace.isTrusted ? [] : RESTRICTED_SETTINGS);
  const c = {
    get: <T>(key: string): T | undefined => (restricted.has(key) ? (userOnly(base, key) as T | undefined) : base.get<T>(key)),
  };
  const backend = c.get<string>('backend');
  const mode = c.get<string>('statusBar.mode');
  const products = c.get<unknown>('products');
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.length > 0) : []);
  return {
    backend: backendKind(backend),
    codefreshUrl: (c.get<string>('codefresh.url') || DEFAULT_CODEFRESH_URL).trim(),
    demoServerUrl: (c.get<string>('demo.serverUrl') ?? '').trim(),
    demoApi: c.get<string>('demo.api') === 'kargo' ? 'kargo' : 'codefresh',
    kargoUrl: (c.get<string>('kargo.url') ?? '').trim(),
    kargoProject: (c.get<string>('kargo.project') ?? '').trim(),
    kargoWarehouse: (c.get<string>('kargo.warehouse') ?? '').trim(),
    kargoProdStages: strings(c.get<unknown>('kargo.prodStages')),
    products: strings(products),
    activeSeconds: num(c.get<unknown>('pollInterval.activeSeconds'), 10, 2),
    idleSeconds: num(c.get<unknown>('pollInterval.idleSeconds'), 120, 10),
    hoverEnabled: c.get<boolean>('hover.enabled') ?? true,
    statusBarMode: mode === 'cursor' || mode === 'off' ? mode : 'head',
    webUrlTemplate: c.get<string>('webUrlTemplate') || DEFAULT_WEB_URL_TEMPLATE,
    caFile: (c.get<string>('caFile') ?? '').trim(),
    issueTrackerUrl: (c.get<string>('issueTracker.url') ?? '').trim(),
    watchOwnCommitsDays: Math.max(0, Math.floor(Number(c.get<unknown>('watch.ownCommitsDays')) || 0)),
    githubRepositories: stringList(c.get<unknown>('github.repositories')),
    githubProdNames: c.get<unknown>('github.productionEnvironments') === undefined ? ['production', 'prod'] : stringList(c.get<unknown>('github.productionEnvironments')),
    githubEnterprise: c.get<boolean>('github.enterprise') ?? false,
    githubEnterpriseUrl: (c.get<string>('github.enterpriseUrl') ?? '').trim(),
    githubDemoServerUrl: (c.get<string>('github.demoServerUrl') ?? '').trim(),
    githubFlow: flowSetting(c.get<unknown>('github.flow')),
  };
}

/** VS Code's own proxy settings, in the Codefresh client's option shape. */
export function proxySettings(): { url?: string; strictSSL?: boolean; noProxy?: string } | undefined {
  const http = vscode.workspace.getConfiguration('http');
  const url = (http.get<string>('proxy') ?? '').trim();
  const strictSSL = http.get<boolean>('proxyStrictSSL');
  const noProxyList = http.get<unknown>('noProxy');
  const noProxy = Array.isArray(noProxyList) ? noProxyList.filter((x): x is string => typeof x === 'string').join(',') : undefined;
  if (!url && strictSSL !== false && !noProxy) return undefined;
  return { url: url || undefined, strictSSL: strictSSL ?? true, noProxy: noProxy || undefined };
}

/** Update a setting where it is currently defined (workspace beats user), else in the user settings. */
export async function updateSetting(key: string, value: unknown): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const info = c.inspect(key);
  const target =
    info?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : info?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await c.update(key, value, target);
}

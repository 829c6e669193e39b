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

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
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
    activeSeconds: num(c.get('pollInterval.activeSeconds'), 10, 2),
    idleSeconds: num(c.get('pollInterval.idleSeconds'), 120, 10),
    hoverEnabled: c.get<boolean>('hover.enabled') ?? true,
    statusBarMode: mode === 'cursor' || mode === 'off' ? mode : 'head',
    webUrlTemplate: c.get<string>('webUrlTemplate') || DEFAULT_WEB_URL_TEMPLATE,
    caFile: (c.get<string>('caFile') ?? '').trim(),
    issueTrackerUrl: (c.get<string>('issueTracker.url') ?? '').trim(),
    watchOwnCommitsDays: Math.max(0, Math.floor(Number(c.get('watch.ownCommitsDays')) || 0)),
    githubRepositories: stringList(c.get('github.repositories')),
    githubProdNames: c.get('github.productionEnvironments') === undefined ? ['production', 'prod'] : stringList(c.get('github.productionEnvironments')),
    githubEnterprise: c.get<boolean>('github.enterprise') ?? false,
    githubEnterpriseUrl: (c.get<string>('github.enterpriseUrl') ?? '').trim(),
    githubDemoServerUrl: (c.get<string>('github.demoServerUrl') ?? '').trim(),
    githubFlow: flowSetting(c.get('github.flow')),
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

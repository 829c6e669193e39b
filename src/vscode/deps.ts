// The other parts of the project, loaded lazily: activation must stay cheap, so nothing heavy (undici, graphql,
// zod schemas, simple-git) is evaluated until the first background task needs it. esbuild bundles these modules
// into dist/extension.js but wraps them in lazy initialisers because they are reached only through import().

import type { ExtensionContext } from 'vscode';
import type { Logger } from '../core/log';
import type { StorePanelSource } from './panelSource';

export const loadCodefresh = () => import('../backends/codefresh/index');
export const loadDemoServer = () => import('../backends/demo/server');
export const loadGitRepo = () => import('../git/repo');
export const loadBlame = () => import('../git/blame');
export const loadSha = () => import('../git/sha');
export const loadGraph = () => import('../git/graph');
export const loadWhere = () => import('../resolve/where');
export const loadNotes = () => import('../resolve/notes');

/** Contract E as this side calls it (src/vscode/panel/releasePanel.ts implements it). */
export interface PanelModule {
  ReleasePanelManager: new (
    context: ExtensionContext,
    source: StorePanelSource,
    log: Logger,
  ) => { open(productName: string, releaseId: string, tab?: 'flow' | 'notes'): Promise<void>; dispose(): void };
  registerReleasePanelSerializer?: unknown;
}

const panelModuleName = 'releasePanel';
/**
 * The release panel is built in parallel (contract E); a glob import keeps this bundle building while it lands and
 * fails with a clear error at first use when the module is missing.
 */
export const loadPanel = async (): Promise<PanelModule> => {
  const m = (await import(`./panel/${panelModuleName}.ts`)) as Partial<PanelModule>;
  if (typeof m.ReleasePanelManager !== 'function') throw new Error('The release panel is not available in this build.');
  return m as PanelModule;
};

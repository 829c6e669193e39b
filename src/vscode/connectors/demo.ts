// The demo: gitopsReleases.demo.serverUrl when set (an already running demo server, DEMO_API_KEY), else the demo
// server started in-process on loopback for the current repository (it runs for the rest of the session once
// started); gitopsReleases.demo.api says whether it speaks Codefresh's API or Kargo's.

import * as vscode from 'vscode';
import type { DemoBackend } from '../../backends/create';
import { loadData } from '../deps';
import type { Connector } from './types';

/** A demo connector of its own for each BackendManager: it owns the in-process server it starts. */
export function demo(): Connector<'demo'> {
  let running: { backend: DemoBackend; api: 'codefresh' | 'kargo' } | undefined;
  const stop = async (): Promise<void> => {
    const old = running;
    running = undefined;
    await old?.backend.dispose().catch(() => undefined);
  };
  return {
  id: 'demo',
  settings: ['demo.serverUrl', 'demo.api'],
  secretNames: () => [],

  async connect(ctx, settings) {
    const serverUrl = settings.demoServerUrl;
    const api = settings.demoApi;
    // The demo speaks Codefresh's API or Kargo's: the two keep their saved answers apart.
    ctx.keepSavedUnder({ backend: 'demo', endpoint: serverUrl || (api === 'kargo' ? 'built-in:kargo' : undefined) });
    const backends = await loadData();
    if (serverUrl) return { backend: await backends.createBackend('demo', { serverUrl, api }, ctx.setup()) };
    if (running && running.api !== api) await stop();
    if (!running) {
      const root = await ctx.repos.currentRoot();
      if (!root) throw new Error(vscode.l10n.t('The demo backend needs a Git repository in the workspace: open a folder that is in a Git repository.'));
      running = { backend: await backends.DemoBackend.create({ repoPath: root, api, ...ctx.setup() }), api };
    }
    return { backend: running.backend };
  },

  serverUrl: () => running?.backend.url,
  dispose: stop,
  };
}

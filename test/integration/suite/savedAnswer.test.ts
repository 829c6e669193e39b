// Answers that survive a restart without network, in a real VS Code: the extension is pointed at a demo server of its
// own, saves its answer, then the server goes away and the backend is set up again (which, like a restart, drops
// everything held in memory and starts from what is on disk). The tree and the hover show the saved answer with its
// age and say it is offline. The same holds for the GitHub backend, on a GitHub test engine of the suite's own.

import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { startDemoServer, type DemoServer } from '../../../src/fakes/codefresh/server';
import { startFakeGitHub, type FakeGitHub } from '../../../src/fakes/github/server';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { recordFigure } from './figures';
import { activateExtension, fixture, log, waitFor } from './helpers';

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('saved answer after a restart without network (VS Code)', function () {
  this.timeout(180_000);
  let api: GitopsReleasesApi;

  before(async function () {
    this.timeout(180_000);
    api = await activateExtension();
  });

  it('shows the saved releases in the tree and the hover, with their age, while the backend is unreachable', async () => {
    const config = vscode.workspace.getConfiguration('gitopsReleases');
    const original = config.inspect<string>('demo.serverUrl')?.workspaceValue;
    let server: DemoServer | undefined;
    try {
      server = await startDemoServer({ repoPath: fixture().repoPath, stageMs: 0, port: 0 });
      const url = server.url;
      const savedBefore = (api.logText().match(/saved \d+ release\(s\) for offline use/g) ?? []).length;
      await config.update('demo.serverUrl', url, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.backendState().state === 'ready' && api.backendState().detail.includes(url) && api.storeState().lastSuccessAt && api.storeState().restoredAt === undefined, 30_000, 'the own demo server to answer');
      await waitFor(() => (api.logText().match(/saved \d+ release\(s\) for offline use/g) ?? []).length > savedBefore, 30_000, 'the answer to be saved');
      const live = api.treeChildren().map((r) => r.label);
      assert.ok(live.length > 0, 'products listed while online');

      // The backend goes away; setting it up again starts from disk, as a new window would.
      await server.close();
      server = undefined;
      // The view is on screen, so the workbench draws the saved answer as soon as the extension has it.
      await vscode.commands.executeCommand('workbench.view.extension.gitopsReleases');
      const setUpAgain = Date.now();
      await config.update('demo.serverUrl', `${url}/`, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.storeState().restoredAt !== undefined && api.storeState().lastError, 60_000, 'the saved answer to be shown and the refresh to fail');
      const drawn = await waitFor(() => api.treeShown().find((s) => s.at >= setUpAgain && s.restored), 30_000, 'the workbench to draw the saved answer in the view');
      assert.equal(drawn.rows, live.length, 'the view draws every saved product');
      recordFigure({
        name: 'backend set up again → tree rows from the saved answer',
        ms: drawn.at - setUpAgain,
        goalMs: 1000,
        note: 'the path a window reload takes to a saved answer, inside one extension host (a real reload would end the test run)',
      });
      const state = api.storeState();
      log(`saved-answer suite: restored from ${new Date(state.restoredAt!).toISOString()}, refresh error ${state.lastError?.kind}: ${state.lastError?.message}`);
      assert.match(api.treeDescription() ?? '', /saved answer, as of .+, offline/);
      assert.deepEqual(api.treeChildren().map((r) => r.label), live, 'the same products as before the restart');
      assert.match(api.treeMessage() ?? '', /Refresh failed/);
      // The status bar says it too: stale, nothing spinning, the failure and the saved answer's age in its tooltip.
      const bar = await waitFor(() => (api.statusBar()?.text.endsWith('(stale)') ? api.statusBar() : undefined), 15_000, 'the status bar to say its answer is stale');
      assert.doesNotMatch(bar.text, /~spin/, `nothing spins in ${bar.text}`);
      assert.match(bar.tooltip ?? '', /Last refresh failed/);
      assert.match(bar.tooltip ?? '', /Saved answer\\?, as of .+\\?, offline/);

      const doc = await vscode.workspace.openTextDocument(path.join(fixture().repoPath, 'README.md'));
      await vscode.window.showTextDocument(doc);
      const text = await waitFor(async () => {
        const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 0)));
        return t.includes('GitOps Releases') && !/loading/i.test(t) ? t : undefined;
      }, 30_000, 'a settled hover');
      assert.match(text, /Saved answer\\?, as of .+\\?, offline/);
      // One line per product, its environments grouped by state: the answer comes from the saved releases.
      assert.match(text, /\*\*[^*]+\*\* · .*(Deployed|On its way|Not yet|Not deployed)/, 'the hover answers from the saved releases');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await config.update('demo.serverUrl', original, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.backendState().state === 'ready' && api.storeState().lastSuccessAt && !api.storeState().lastError && api.storeState().restoredAt === undefined, 30_000, "the extension to be back on the run's demo server");
      await server?.close();
    }
  });
  it('shows a saved GitHub answer after the GitHub backend is set up again with its server gone', async () => {
    const config = vscode.workspace.getConfiguration('gitopsReleases');
    const original = { backend: config.inspect<string>('backend')?.workspaceValue, url: config.inspect<string>('github.demoServerUrl')?.workspaceValue };
    let engine: FakeGitHub | undefined;
    try {
      engine = await startFakeGitHub({ repoPath: fixture().repoPath });
      const { apiUrl, repository } = engine;
      const savedBefore = (api.logText().match(/saved \d+ release\(s\) for offline use/g) ?? []).length;
      await config.update('github.demoServerUrl', apiUrl, vscode.ConfigurationTarget.Workspace);
      await config.update('backend', 'github-demo', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.backendState().backendId === 'github-demo' && api.backendState().state === 'ready' && api.storeState().lastSuccessAt && api.storeState().restoredAt === undefined, 60_000, 'the GitHub test engine to answer');
      await waitFor(() => (api.logText().match(/saved \d+ release\(s\) for offline use/g) ?? []).length > savedBefore, 60_000, 'the GitHub answer to be saved');
      const live = api.treeChildren().map((r) => r.label);
      assert.ok(live.includes(repository), `the repository is listed while online: ${JSON.stringify(live)}`);
      const liveRuns = api.snapshot().find((p) => p.product.name === repository)?.releases.map((r) => r.id) ?? [];
      assert.ok(liveRuns.length > 0, 'runs listed while online');

      await engine.close();
      engine = undefined;
      await vscode.commands.executeCommand('workbench.view.extension.gitopsReleases');
      await config.update('github.demoServerUrl', `${apiUrl}/`, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.storeState().restoredAt !== undefined && api.storeState().lastError, 60_000, 'the saved GitHub answer to be shown and the refresh to fail');
      assert.doesNotMatch(api.logText(), /ignoring the saved releases for github-demo/, 'the saved file is read, not refused');
      assert.equal(api.backendState().backendId, 'github-demo');
      assert.match(api.treeDescription() ?? '', /saved answer, as of .+, offline/);
      assert.deepEqual(api.treeChildren().map((r) => r.label), live, 'the same products as before the restart');
      const savedRuns = api.snapshot().find((p) => p.product.name === repository)?.releases.map((r) => r.id) ?? [];
      assert.deepEqual(savedRuns.slice(0, liveRuns.length), liveRuns.slice(0, savedRuns.length), 'the saved runs are the live ones, newest first');
      assert.ok(savedRuns.length > 0, 'runs from the saved answer');

      const doc = await vscode.workspace.openTextDocument(path.join(fixture().repoPath, 'README.md'));
      await vscode.window.showTextDocument(doc);
      const text = await waitFor(async () => {
        const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 0)));
        return t.includes('GitOps Releases') && !/loading/i.test(t) ? t : undefined;
      }, 30_000, 'a settled hover');
      assert.match(text, /Saved answer\\?, as of .+\\?, offline/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await config.update('github.demoServerUrl', original.url, vscode.ConfigurationTarget.Workspace);
      await config.update('backend', original.backend ?? 'demo', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.backendState().state === 'ready' && api.backendState().backendId !== 'github-demo' && api.storeState().lastSuccessAt && !api.storeState().lastError, 60_000, "the extension to be back on the run's backend");
      await engine?.close();
    }
  });
});

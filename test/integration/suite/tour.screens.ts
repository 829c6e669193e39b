// The screenshot tour for `npm run demo -- --screenshots DIR` (not part of the test run: it is not a *.test.ts file;
// the demo selects it with HARNESS_SUITES=tour.screens). Drives the real workbench against the demo backend seeded
// from the opened repository and writes: tree, hover and release panel, in a light and a dark theme. Steps that
// need UI the extension does not contribute yet are left out with a log line, so the tour works at every stage.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { EXTENSION_ID, expectUi, log, screenshot, sleep, ui, waitFor, withTimeout } from './helpers';

const CONTAINER_ID = 'gitopsReleases';
const THEMES = [
  { id: 'light', theme: 'Default Light Modern' },
  { id: 'dark', theme: 'Default Dark Modern' },
];

interface Manifest {
  contributes?: { views?: Record<string, { id: string; name: string }[]> };
}

function firstTrackedFile(root: string): string | undefined {
  for (const name of ['README.md', 'package.json']) if (fs.existsSync(path.join(root, name))) return path.join(root, name);
  return fs.readdirSync(root).map((f) => path.join(root, f)).find((f) => fs.statSync(f).isFile());
}

describe('screenshot tour', function () {
  this.timeout(120_000);
  let views: { id: string; name: string }[] = [];

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    const api = (await ext.activate()) as Partial<GitopsReleasesApi> | undefined;
    // Real data first: the backend answered and the first refresh finished (when the extension offers the wait).
    if (typeof api?.whenReady === 'function') await api.whenReady(60_000).catch((e: Error) => log(`whenReady: ${e.message}`));
    views = (ext.packageJSON as Manifest).contributes?.views?.[CONTAINER_ID] ?? [];
  });

  for (const { id, theme } of THEMES) {
    it(`${id} theme: tree, hover, release panel`, async () => {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await sleep(800);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      // 1. The releases tree in the sidebar; expand the first item when there is one (real click on its twistie).
      await vscode.commands.executeCommand(`workbench.view.extension.${CONTAINER_ID}`);
      const names = views.map((v) => v.name);
      expectUi(await ui('tree-ready', { waitForText: names }), 'the view container is visible');
      const rows = await ui('tree-rows', { query: '#workbench\\.parts\\.sidebar [role=treeitem]' });
      if ((rows.texts?.length ?? 0) > 0) {
        await ui('tree-expand', { click: '#workbench\\.parts\\.sidebar [role=treeitem][aria-expanded=false] >> nth=0', timeoutMs: 3000 });
        await sleep(1500);
      } else log('the tree shows no items yet: picture of the container only');
      // Clicking a release row also runs its command (open the release panel): the tree picture is of the tree alone.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      expectUi(await screenshot(`tree-${id}`, { settleMs: 800 }), 'tree screenshot');

      // 2. The deployment hover on the first line of a file of the repository.
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'a folder is open');
      const file = firstTrackedFile(folder.uri.fsPath);
      if (file) {
        const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
        editor.selection = new vscode.Selection(0, 0, 0, 0);
        await sleep(1500); // blame + cache warm-up
        await vscode.commands.executeCommand('editor.action.showHover');
        await sleep(1500);
        expectUi(await screenshot(`hover-${id}`, { settleMs: 500 }), 'hover screenshot');
        await ui('hover-close', { press: 'Escape' });
      }

      // 3. The release panel, opened through the extension's command; its quick pick takes the first entry.
      const commands = await vscode.commands.getCommands(true);
      if (commands.includes('gitopsReleases.openRelease')) {
        let settled = false;
        const opened = Promise.resolve(vscode.commands.executeCommand('gitopsReleases.openRelease')).finally(() => (settled = true));
        // Product, then release: accept the first entry of each quick pick until the command finishes.
        for (let i = 0; i < 4 && !settled; i++) {
          await sleep(1500);
          if (!settled) await ui(`pick-${i}`, { press: 'Enter' });
        }
        await withTimeout(opened, 30_000, 'gitopsReleases.openRelease').catch((e: Error) => log(`openRelease: ${e.message}`));
        await waitFor(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview)), 15_000, 'the release panel').catch(() => log('no release panel appeared'));
        await sleep(3000); // Mermaid renders in the webview
        expectUi(await screenshot(`release-panel-${id}`, { settleMs: 800 }), 'release panel screenshot');
      } else log('gitopsReleases.openRelease is not contributed yet: no release panel picture');
    });
  }
});

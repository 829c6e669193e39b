// The screenshot tour for `npm run demo -- --screenshots DIR` (not part of the test run: it is not a *.test.ts file;
// the demo selects it with HARNESS_SUITES=tour.screens). Drives the real workbench against the demo backend seeded
// from the opened repository and writes: tree, hover and release panel, in a light and a dark theme. Every step
// waits on what it needs to see (the theme applied, the children rendered, the hover settled, the flow drawn), never
// on a fixed delay.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { EXTENSION_ID, expectUi, log, screenshot, ui, waitFor, withTimeout } from './helpers';

const CONTAINER_ID = 'gitopsReleases';
const THEMES = [
  { id: 'light', theme: 'Default Light Modern', kind: vscode.ColorThemeKind.Light },
  { id: 'dark', theme: 'Default Dark Modern', kind: vscode.ColorThemeKind.Dark },
];

interface Manifest {
  contributes?: { views?: Record<string, { id: string; name: string }[]> };
}

function firstTrackedFile(root: string): string | undefined {
  for (const name of ['README.md', 'package.json']) if (fs.existsSync(path.join(root, name))) return path.join(root, name);
  return fs.readdirSync(root).map((f) => path.join(root, f)).find((f) => fs.statSync(f).isFile());
}

/** The hover's text at a position, through VS Code's own hover command (every provider's answer, joined). */
async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('screenshot tour', function () {
  this.timeout(120_000);
  let views: { id: string; name: string }[] = [];
  let api: GitopsReleasesApi;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    api = (await ext.activate()) as GitopsReleasesApi;
    // Real data first: the backend answered and the first refresh finished.
    await api.whenReady(60_000).catch((e: Error) => log(`whenReady: ${e.message}`));
    views = (ext.packageJSON as Manifest).contributes?.views?.[CONTAINER_ID] ?? [];
  });

  for (const { id, theme, kind } of THEMES) {
    it(`${id} theme: tree, hover, release panel`, async () => {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await waitFor(() => vscode.window.activeColorTheme.kind === kind, 15_000, `the ${id} theme to be applied`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      // 1. The releases tree in the sidebar; expand the first item when there is one (real click on its twistie).
      await vscode.commands.executeCommand(`workbench.view.extension.${CONTAINER_ID}`);
      const names = views.map((v) => v.name);
      expectUi(await ui('tree-ready', { waitForText: names }), 'the view container is visible');
      const rowSelector = '#workbench\\.parts\\.sidebar [role=treeitem]';
      const rows = await ui('tree-rows', { query: rowSelector });
      const collapsed = '#workbench\\.parts\\.sidebar [role=treeitem][aria-expanded=false]';
      const before = await ui('tree-collapsed', { query: collapsed });
      if ((rows.texts?.length ?? 0) > 0 && (before.texts?.length ?? 0) > 0) {
        await ui('tree-expand', { click: `${collapsed} >> nth=0`, timeoutMs: 3000 });
        // Expanded: the workbench renders the children, so there are more rows than before. A click on a row that
        // is already open (from the other theme's pass) changes nothing: the picture shows the tree as it is.
        await waitFor(async () => ((await ui('tree-rows-after', { query: rowSelector })).texts?.length ?? 0) > (rows.texts?.length ?? 0), 10_000, 'the expanded tree item to show its children').catch(
          (e: Error) => log(`tree picture without a newly expanded item: ${e.message}`),
        );
      } else log('the tree shows no collapsed items yet: picture as it is');
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
        // The hover answers from warm data: ask through VS Code until ours has settled (blame done, data loaded).
        await waitFor(async () => {
          const text = await hoverText(editor.document.uri, new vscode.Position(0, 0));
          return text.includes('GitOps Releases') && !/loading/i.test(text);
        }, 30_000, 'a settled deployment hover');
        await vscode.commands.executeCommand('editor.action.showHover');
        expectUi(await ui('hover-visible', { waitForText: 'GitOps Releases', timeoutMs: 15_000 }), 'the hover is on screen');
        expectUi(await screenshot(`hover-${id}`, { settleMs: 500 }), 'hover screenshot');
        await ui('hover-close', { press: 'Escape' });
      }

      // 3. The release panel, opened through the extension's command; each quick pick takes its first entry.
      let settled = false;
      const opened = Promise.resolve(vscode.commands.executeCommand('gitopsReleases.openRelease')).finally(() => (settled = true));
      // Product, then release: press Enter on each prompt once the workbench shows its first item as active.
      for (let i = 0; i < 4 && !settled; i++) {
        const pick = await waitFor(() => {
          if (settled) return 'done';
          const p = api.activePrompt();
          return p && 'activeItems' in p && p.activeItems.length > 0 ? p : undefined;
        }, 15_000, 'a quick pick of Open Release…');
        if (pick === 'done') break;
        await ui(`pick-${i}`, { press: 'Enter' });
        await waitFor(() => settled || api.activePrompt() !== pick, 15_000, 'the quick pick to accept Enter');
      }
      await withTimeout(opened, 30_000, 'gitopsReleases.openRelease').catch((e: Error) => log(`openRelease: ${e.message}`));
      // The webview marks its canvas with the number of environment nodes once Mermaid has drawn the flow.
      expectUi(await ui('panel-drawn', { scope: 'frames', query: '#flow-canvas[data-env-nodes]', waitForText: 'Release notes', timeoutMs: 45_000 }), 'the release panel');
      await waitFor(async () => ((await ui('panel-canvas', { scope: 'frames', query: '#flow-canvas[data-env-nodes]' })).texts?.length ?? 0) > 0, 45_000, 'Mermaid to draw the flow');
      expectUi(await screenshot(`release-panel-${id}`, { settleMs: 800 }), 'release panel screenshot');
    });
  }
});

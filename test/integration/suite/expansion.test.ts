// The Product Releases tree opens as the user left it: a row expanded with the keyboard is kept in the workspace
// state (which a window reload reads back) and drawn expanded from it; collapsing forgets it.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { activateExtension, expectUi, hasDriver, ui, waitFor } from './helpers';

describe('tree expansion kept across reloads (VS Code)', function () {
  this.timeout(120_000);
  let api: GitopsReleasesApi;

  before(async function () {
    this.timeout(120_000);
    api = await activateExtension();
    await waitFor(() => api.backendState().state === 'ready' && api.treeChildren().length > 1, 60_000, 'two or more products in the tree');
  });

  it('keeps an expanded product in the workspace state and draws it expanded from there; collapsing forgets it', async function () {
    if (!hasDriver()) this.skip();
    await vscode.commands.executeCommand('workbench.view.extension.gitopsReleases');
    const first = api.treeChildren()[0]!;
    const kept = () => api.rememberedExpansion().includes(first.id);
    const drawnExpanded = () => api.treeChildren().find((r) => r.id === first.id)?.expanded;
    // A real click on the product's row toggles it, as a user does (product rows run no command).
    // In the Product Releases pane only: the Commit Deployments view has product rows of the same name.
    const pane = '#workbench\\.parts\\.sidebar .pane:has(> .pane-header:has-text("Product Releases"))';
    const row = `${pane} [role=treeitem][aria-level="1"]:has-text(${JSON.stringify(first.label)}) >> nth=0`;
    const toggle = async (what: string) => expectUi(await ui(`expansion-${what}`, { click: row }), `${what} ${first.label}`);
    if (kept()) {
      await toggle('collapse-first');
      await waitFor(() => !kept(), 15_000, `${first.id} to be collapsed first`);
    }
    // Several products: each starts collapsed unless the user left it open.
    assert.equal(drawnExpanded(), false);

    await toggle('expand');
    await waitFor(kept, 15_000, `${first.id} to be kept as expanded`);
    assert.equal(drawnExpanded(), true, 'a fresh render (what a reloaded window draws) opens it');

    await toggle('collapse');
    await waitFor(() => !kept(), 15_000, `${first.id} to be forgotten`);
    assert.equal(drawnExpanded(), false);
  });
});

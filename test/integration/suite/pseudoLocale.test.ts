// The pseudo-locale in a real VS Code (`npm run test:vscode -- --pseudo-locale`: code-server started with
// `--locale qps-ploc`, so VS Code loads the extension's l10n/bundle.l10n.qps-ploc.json and package.nls.qps-ploc.json).
// Every message the extension shows through the VS Code API in this session comes from the pseudo bundle: none of the
// English bundle's sentences appears in them, and the side bar's view titles are the pseudo ones. Strings built in the
// pure layers (tree rows, the hover's Markdown) are not localised yet (README, Localisation) and are not checked here.
// Only this suite runs in that session.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { activateExtension, expectUi, hasDriver, log, ui, waitFor } from './helpers';

const EXTENSION_ID = 'gitops-releases.gitops-releases';

function readJson(file: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}

/** The English sentences of `texts` that no translation went through: each bundle message's fixed parts. */
function untranslated(texts: readonly string[], english: Record<string, string>): string[] {
  const found: string[] = [];
  for (const message of Object.keys(english)) {
    const parts = message.split(/\{\d+\}/).map((p) => p.trim()).filter((p) => /[A-Za-z]{3,}/.test(p) && p.length >= 12);
    for (const t of texts) if (parts.some((p) => t.includes(p))) found.push(`${JSON.stringify(t)} has "${message}" in English`);
  }
  return found;
}

describe('pseudo-locale (VS Code, --locale qps-ploc)', function () {
  this.timeout(180_000);
  let api: GitopsReleasesApi;
  let english: Record<string, string>;
  let pseudo: Record<string, string>;
  let nlsPseudo: Record<string, string>;

  before(async function () {
    this.timeout(180_000);
    api = await activateExtension();
    const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
    assert.ok(root, 'the extension is installed');
    english = readJson(path.join(root, 'l10n', 'bundle.l10n.json'));
    pseudo = readJson(path.join(root, 'l10n', 'bundle.l10n.qps-ploc.json'));
    nlsPseudo = readJson(path.join(root, 'package.nls.qps-ploc.json'));
    await waitFor(() => api.backendState().state === 'ready' && api.storeState().lastSuccessAt, 60_000, 'the demo backend to answer');
  });

  it('VS Code runs in the pseudo-locale', () => {
    assert.equal(vscode.env.language, 'qps-ploc');
  });

  it('a failing command says so with the pseudo-localised sentences, placeholders filled', async () => {
    const before = api.shownMessages().length;
    await vscode.commands.executeCommand('gitopsReleases.copySha', 'not a sha');
    const shown = await waitFor(() => api.shownMessages().slice(before).find((m) => m.level === 'error'), 10_000, 'the error notification');
    log(`shown: ${shown.text}`);
    const expected = (pseudo['GitOps Releases: {0}'] ?? '').replace('{0}', pseudo['No commit sha to copy.'] ?? '');
    assert.ok(expected.length > 20 && expected !== 'GitOps Releases: No commit sha to copy.', 'the pseudo bundle has both messages');
    assert.equal(shown.text, expected);
  });

  it('no notification, view message or Commit Deployments message of the session is left in English', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('gitopsReleases.focusCommitView');
    const rows = await waitFor(() => {
      const r = api.commitView().rows;
      return r.length > 0 ? r : undefined;
    }, 15_000, 'the Commit Deployments view with no editor open');
    const texts = [...api.shownMessages().map((m) => m.text), api.treeMessage() ?? '', ...rows.map((r) => r.label)].filter(Boolean);
    log(`checked ${texts.length} texts, e.g. ${JSON.stringify(rows[0]?.label)}`);
    assert.ok(rows.some((r) => r.label === pseudo['Place the cursor on a line of a file in a Git repository.']), 'the view asks for a cursor in the pseudo-locale');
    assert.deepEqual(untranslated(texts, english), []);
  });

  it("the side bar shows the manifest's pseudo-localised view titles", async function () {
    if (!hasDriver()) this.skip();
    const title = nlsPseudo['view.releases.name'];
    assert.ok(title && title !== 'Product Releases', 'package.nls.qps-ploc.json translates the view title');
    await vscode.commands.executeCommand('workbench.view.extension.gitopsReleases');
    const headers = expectUi(await ui('pseudo-view-titles', { waitForText: title, query: '.pane-header' }), 'the view headers');
    log(`headers: ${(headers.texts ?? []).join(' | ').replace(/\s+/g, ' ')}`);
    assert.ok((headers.texts ?? []).some((t) => t.includes(title)));
    assert.ok(!(headers.texts ?? []).some((t) => /Product Releases|Commit Deployments|Watched Commits/.test(t)), 'no English view title');
  });
});

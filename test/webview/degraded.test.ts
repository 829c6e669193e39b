// The release panel in real Chromium when the host could load only part of a release: a banner says the details
// could not be loaded and why, the flow still shows the environments and statuses of the release-list row, and
// the notes tab shows the local Git notes under a note that the backend's notes are missing. Server text in the
// messages is shown as text.

import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ReleaseSummary } from '../../src/core/model';
import { releaseFromSummary } from '../../src/vscode/panel/data';
import type { PanelWarning } from '../../webview/protocol';
import { buildPanelModel } from '../../src/present/panelModel';
import { failedRelease, HOSTILE, sampleNotes } from './fixtures';
import { hostRecord, send, useHarness, waitForRender } from './harness';

/** The list row of the fixture's release: what a backend without the detail query still gives. */
function listRow(): ReleaseSummary {
  const { steps: _steps, hooks: _hooks, ...row } = failedRelease();
  return row;
}

const DETAILS: PanelWarning = {
  kind: 'details-unavailable',
  message: `The release details could not be loaded: https://g.codefresh.io cannot show release details: the platform has no productRelease query. ${HOSTILE.img}`,
};
const NOTES: PanelWarning = {
  kind: 'backend-notes-unavailable',
  message: 'Release notes from the backend could not be loaded: connection refused. The notes below come from the local Git history only.',
};

describe('release panel webview with partly loaded data (Chromium)', function () {
  this.timeout(60_000);
  const web = useHarness();

  async function open(warnings: PanelWarning[]): Promise<Page> {
    const p = await web.newPage();
    const release = releaseFromSummary(listRow());
    const notes = sampleNotes(release.id);
    // Only the local part of the notes: the backend's could not be loaded.
    for (const list of [notes.commits, notes.pullRequests, notes.issues, notes.images, notes.gitopsCommits, notes.gitopsPullRequests]) {
      for (const item of list) item.source = 'local-git';
    }
    await send(p, { type: 'model', model: buildPanelModel(release, notes, { warnings }) });
    await waitForRender(p, 1);
    return p;
  }

  it('says the details could not be loaded and why, and still draws every environment with its status', async () => {
    const p = await open([DETAILS, NOTES]);
    const banner = p.locator('#banners [data-warning="details-unavailable"]');
    assert.equal(await banner.count(), 1);
    assert.equal(await banner.isVisible(), true);
    const text = (await banner.textContent()) ?? '';
    assert.ok(text.startsWith('⚠ Details unavailable'), text);
    assert.ok(text.includes('the platform has no productRelease query.'), text);
    // The server text in the message is text, not markup.
    assert.ok(text.includes(HOSTILE.img), 'the message is shown verbatim');
    assert.equal(await p.locator('#banners img').count(), 0);
    assert.equal((await hostRecord(p)).pwned, 0);

    const nodes = await p.$$eval('#flow-canvas svg g.node.env', (els) => els.map((e) => e.textContent ?? ''));
    assert.equal(nodes.length, 4);
    assert.match(nodes.join(' | '), /dev.*Succeeded.*\|.*staging.*Failed.*\|.*qa.*Succeeded.*\|.*prod.*Pending/);
    // Dependencies known from the row are drawn as edges.
    const edges = await p.$$eval('#flow-canvas svg path.flowchart-link.edge-thickness-thick', (els) => els.length);
    assert.equal(edges, 4);
    // The notes' own warning is not in the release banner area.
    assert.equal(await p.locator('#banners [data-warning="backend-notes-unavailable"]').count(), 0);
  });

  it('the notes tab shows the local Git notes under a note that the backend\'s notes could not be loaded', async () => {
    const p = await open([DETAILS, NOTES]);
    await p.click('vscode-tab-header[data-tab="notes"]');
    const warning = p.locator('#notes-body [data-warning="backend-notes-unavailable"]');
    await warning.waitFor({ state: 'visible' });
    assert.equal(await warning.textContent(), `⚠ Backend release notes unavailable ${NOTES.message}`);
    assert.equal(await p.locator('li.note-item.local').count(), 8);
    assert.equal(await p.textContent('#notes-count'), '8');
  });

  it('shows no banner when everything loaded', async () => {
    const p = await open([]);
    assert.equal(await p.locator('#banners > *').count(), 0);
    await p.click('vscode-tab-header[data-tab="notes"]');
    await p.waitForSelector('section.notes-section');
    assert.equal(await p.locator('#notes-body [data-warning]').count(), 0);
  });
});

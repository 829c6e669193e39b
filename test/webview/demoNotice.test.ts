// The release panel's demo banner in real Chromium under the extension's CSP: shown above the header while the demo
// backend is in use, gone for real data, and no link the demo invented is rendered.

import assert from 'node:assert/strict';
import { DEMO_NOTICE } from '../../src/present/demoPanel';
import { buildPanelModel } from '../../src/present/panelModel';
import type { ReleaseNotes } from '../../src/core/model';
import { failedRelease, sampleNotes } from './fixtures';
import { hostRecord, send, useHarness, waitForRender } from './harness';

function demoNotes(releaseId: string): ReleaseNotes {
  const n = sampleNotes(releaseId);
  n.issues.push({ key: 'AP-7', title: 'made up', url: 'https://jira.demo.invalid/browse/AP-7', source: 'backend' });
  return n;
}

describe('release panel demo banner (Chromium)', function () {
  this.timeout(60_000);
  const web = useHarness();

  it('shows the banner first on the page, offers no invented links, and hides it again for real data', async () => {
    const r = failedRelease();
    const page = await web.newPage();
    await send(page, { type: 'model', model: buildPanelModel(r, demoNotes(r.id), { demo: true }) });
    await waitForRender(page, 1);
    const banner = page.locator('#demo-notice');
    assert.equal(await banner.isVisible(), true);
    assert.equal((await banner.textContent())?.trim(), DEMO_NOTICE);
    assert.equal(await banner.getAttribute('role'), 'note');
    // First in the panel, above the release header, so it is read before anything else.
    const order = await page.$$eval('#app > *', (els) => els.map((e) => e.id || e.className));
    assert.equal(order[0], 'demo-notice', order.join(', '));
    const box = await banner.boundingBox();
    assert.ok(box && box.height > 0 && box.width > 0, 'the banner takes space');

    // The failure banner's logs link and the notes' backend links are not offered; the notes still list the items.
    assert.equal(await page.locator('#failure-banner a').count(), 0);
    await page.click('vscode-tab-header[data-tab="notes"]');
    await page.waitForSelector('section.notes-section[data-section="issues"] li');
    assert.match((await page.textContent('section.notes-section[data-section="issues"]')) ?? '', /AP-1.*AP-2.*AP-7/s);
    const hrefs = await page.$$eval('#app a[href]', (els) => els.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, [], 'demo mode renders none of the links the demo backend reported');

    // The same release from a real backend: no banner, its links are back (none to .invalid hosts).
    await send(page, { type: 'model', model: buildPanelModel(r, demoNotes(r.id)) });
    await page.waitForFunction(() => document.getElementById('demo-notice')?.hidden === true);
    assert.equal(await banner.isVisible(), false);
    const real = await page.$$eval('#app a[href]', (els) => els.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(real.includes('https://jira.example.com/browse/AP-1'), real.join(', '));
    assert.deepEqual(real.filter((h) => h.includes('.invalid')), []);
    assert.equal((await hostRecord(page)).pwned, 0);
  });
});

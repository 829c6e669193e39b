// An environment's actions in the release panel (real Chromium under the extension's CSP): one button per action the
// backend allows there, and a click asks the host (which confirms with the user) instead of acting on its own.

import assert from 'node:assert/strict';
import type { ReleaseDetail } from '../../src/core/model';
import { buildPanelModel } from '../../src/present/panelModel';
import { failedRelease, sampleNotes } from './fixtures';
import { hostRecord, send, useHarness, waitForRender } from './harness';

describe('release panel actions (Chromium)', function () {
  this.timeout(60_000);
  const web = useHarness();

  it('shows the allowed actions of the selected environment and posts the one clicked to the host', async () => {
    const base = failedRelease();
    const release: ReleaseDetail = {
      ...base,
      environments: base.environments.map((e) => (e.name === 'staging' ? { ...e, actions: ['retry' as const, 'abort' as const] } : e)),
    };
    const p = await web.newPage({ theme: 'dark' });
    await send(p, { type: 'model', model: buildPanelModel(release, sampleNotes(release.id)) });
    await waitForRender(p, 1);

    await p.click('#flow-canvas svg g.node.env[data-view-id="e0"]');
    await p.waitForSelector('#flow-canvas svg g.node.env.selected[data-view-id="e0"]');
    assert.equal(await p.$$eval('#details .env-actions vscode-button', (els) => els.length), 0, 'dev allows nothing: no buttons');

    await p.click('#flow-canvas svg g.node.env[data-view-id="e1"]');
    await p.waitForSelector('#details .env-actions vscode-button');
    const buttons = await p.$$eval('#details .env-actions vscode-button', (els) =>
      els.map((e) => ({ text: e.textContent?.trim(), action: e.getAttribute('data-action'), secondary: e.hasAttribute('secondary') })),
    );
    assert.deepEqual(buttons, [
      { text: 'Re-run Failed Jobs…', action: 'retry', secondary: false },
      { text: 'Abort…', action: 'abort', secondary: true },
    ]);
    assert.equal(await p.getAttribute('#details .env-actions', 'aria-label'), 'Actions for staging');

    await p.click('#details .env-actions vscode-button[data-action="abort"]');
    await p.waitForFunction(() => (window as unknown as { __host: { posted: { type: string }[] } }).__host.posted.some((m) => m.type === 'act'));
    const rec = await hostRecord(p);
    assert.deepEqual(rec.posted.filter((m) => m.type === 'act'), [{ type: 'act', action: 'abort', environment: 'staging' }]);
    assert.deepEqual(rec.violations.filter((v) => v.directive.startsWith('script')), []);
  });
});

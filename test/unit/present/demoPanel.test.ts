import assert from 'node:assert/strict';
import { linkToOpen } from '../../../src/vscode/panel/messages';
import { DEMO_NOTICE } from '../../../src/present/demoPanel';
import type { PanelModel } from '../../../src/present/panelView';
import { isInventedHostUrl } from '../../../src/present/links';
import { buildPanelModel } from '../../../src/present/panelModel';
import type { ReleaseNotes } from '../../../src/core/model';
import { failedRelease, sampleNotes } from '../../webview/fixtures';

/** Every URL anywhere in a model. */
function urls(model: PanelModel): string[] {
  const out: string[] = [];
  JSON.stringify(model, (key, value: unknown) => {
    if ((key === 'url' || key === 'logsUrl') && typeof value === 'string') out.push(value);
    return value;
  });
  return out;
}

function notesWithInventedLinks(releaseId: string): ReleaseNotes {
  const n = sampleNotes(releaseId);
  n.issues.push({ key: 'AP-7', title: 'made up', url: 'https://jira.demo.invalid/browse/AP-7', source: 'backend' });
  n.images.push({ image: 'registry/x:1', tag: '1', workflowUrl: 'https://demo.codefresh.invalid/workflows/ci-x', source: 'backend' });
  n.commits.push({ sha: '5555555eeeeeee', message: 'local with link', url: 'https://github.com/org/shop/commit/5555555', source: 'local-git' });
  return n;
}

describe('invented hosts and the demo panel model', () => {
  it('knows the reserved .invalid domain', () => {
    assert.equal(isInventedHostUrl('https://jira.demo.invalid/browse/AP-1'), true);
    assert.equal(isInventedHostUrl('https://DEMO.CODEFRESH.INVALID./x'), true);
    assert.equal(isInventedHostUrl('http://invalid/'), true);
    assert.equal(isInventedHostUrl('https://invalid.example.com/'), false);
    assert.equal(isInventedHostUrl('https://g.codefresh.io/'), false);
    assert.equal(isInventedHostUrl('not a url'), false);
  });

  it('never renders or opens a link to a .invalid host, whichever backend sent it', () => {
    const r = failedRelease();
    r.steps[0]!.preWorkflows[0]!.workflows[0]!.url = 'https://demo.codefresh.invalid/workflows/a';
    const m = buildPanelModel(r, notesWithInventedLinks(r.id));
    assert.equal(m.demoNotice, undefined);
    const all = urls(m);
    assert.ok(all.length > 0, 'real links stay');
    assert.ok(all.includes('https://jira.example.com/browse/AP-1'));
    assert.deepEqual(all.filter((u) => u.includes('.invalid')), []);
    assert.equal(linkToOpen('https://jira.demo.invalid/browse/AP-1'), undefined);
    assert.equal(linkToOpen('https://jira.example.com/browse/AP-1'), 'https://jira.example.com/browse/AP-1');
  });

  it('in demo mode the model carries the banner and no link the backend reported; local Git links stay', () => {
    const r = failedRelease();
    const m = buildPanelModel(r, notesWithInventedLinks(r.id), { demo: true });
    assert.equal(m.demoNotice, DEMO_NOTICE);
    assert.match(DEMO_NOTICE, /^Demo data: .*not a real deployment$/);
    assert.deepEqual(urls(m), ['https://github.com/org/shop/commit/5555555']);
    assert.equal(m.release.failure?.logsUrl, undefined);
    // The rest of the model is the same as without demo mode.
    const plain = buildPanelModel(r, notesWithInventedLinks(r.id), { now: new Date(m.fetchedAt) });
    assert.equal(m.release.environments.length, plain.release.environments.length);
    assert.deepEqual(m.notes?.sections.map((s) => s.items.map((i) => i.key)), plain.notes?.sections.map((s) => s.items.map((i) => i.key)));
  });
});

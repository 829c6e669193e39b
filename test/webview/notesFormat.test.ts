// The release notes tab as a reader sees it, in real Chromium: dates in the reader's own words (the exact time on
// hover), authors by name, commits that open (their diff in the editor, through the host), no empty sections, and
// text kept off the panel's edge.

import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildPanelModel } from '../../src/present/panelModel';
import type { ReleaseNotes } from '../../src/core/model';
import { failedRelease, sampleNotes } from './fixtures';
import { hostRecord, send, useHarness, waitForRender } from './harness';

const DATE = '2025-11-12T07:58:00.000Z';

function notes(): ReleaseNotes {
  const n = sampleNotes();
  n.commits = [
    { sha: '1111111aaaaaaabbbbbbbcccccccdddddddeeeee', message: 'feat: add checkout', author: 'Dana Dev <dana@example.com>', date: DATE, url: 'https://github.com/org/shop/commit/1111111', source: 'backend' },
    { sha: '2222222bbbbbbb', message: 'fix: rounding in cart', author: 'lee@example.com', date: DATE, source: 'local-git' },
  ];
  n.pullRequests = [{ key: 'org/shop#42', number: 42, title: 'Checkout flow', author: 'Dana Dev <dana@example.com>', source: 'backend' }];
  return n;
}

describe('release panel notes, formatted for reading (Chromium)', function () {
  this.timeout(60_000);
  const web = useHarness();

  async function openNotes(n: ReleaseNotes): Promise<Page> {
    const release = failedRelease();
    const p = await web.newPage();
    await send(p, { type: 'model', model: buildPanelModel(release, n) });
    await waitForRender(p, 1);
    await p.click('vscode-tab-header[data-tab="notes"]');
    await p.waitForSelector('#notes-body p, #notes-body section', { state: 'visible' });
    return p;
  }

  it('shows local dates with the exact time on hover, and authors by name, never an e-mail address', async () => {
    const p = await openNotes(notes());
    const text = (await p.evaluate(() => (document.getElementById('notes-body') as HTMLElement).innerText)) ?? '';
    assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'no ISO timestamp in the text');
    assert.doesNotMatch(text, /@/, 'no e-mail address');
    const commits = await p.$$eval('section[data-section="commits"] li', (els) => els.map((e) => Array.from(e.children).map((c) => (c.textContent ?? '').trim()).join(' ')));
    const times = await p.$$eval('section[data-section="commits"] time', (els) =>
      els.map((t) => ({ text: t.textContent, datetime: t.getAttribute('datetime'), title: t.getAttribute('title') ?? '' })),
    );
    const expected = await p.evaluate((iso) => ({
      shown: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
      exact: new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' }).format(new Date(iso)),
    }), DATE);
    assert.equal(times.length, 2);
    for (const t of times) {
      assert.equal(t.text, expected.shown);
      assert.equal(t.datetime, DATE);
      assert.ok(t.title.includes(expected.exact), t.title);
    }
    assert.equal(commits[0], `1111111 feat: add checkout · Dana Dev · ${expected.shown}`);
    assert.equal(commits[1], `2222222 fix: rounding in cart · lee · ${expected.shown} local git`);
    assert.match((await p.textContent('section[data-section="pullRequests"] li')) ?? '', /Checkout flow · Dana Dev$/);
  });

  it('a commit sha opens the commit through the host (its diff, or its remote page when it is not local)', async () => {
    const p = await openNotes(notes());
    const first = p.locator('section[data-section="commits"] li .commit-link').first();
    assert.equal(await first.textContent(), '1111111');
    await first.click();
    // The keyboard works too.
    await p.locator('section[data-section="commits"] li .commit-link').nth(1).focus();
    await p.keyboard.press('Enter');
    const opened = (await hostRecord(p)).posted.filter((m) => m.type === 'openCommit');
    assert.deepEqual(opened, [
      { type: 'openCommit', sha: '1111111aaaaaaabbbbbbbcccccccdddddddeeeee', url: 'https://github.com/org/shop/commit/1111111' },
      { type: 'openCommit', sha: '2222222bbbbbbb' },
    ]);
  });

  it('leaves empty sections out and says which were empty, or that the release has no notes, instead of "None."', async () => {
    const p = await openNotes(notes());
    const sections = await p.$$eval('section.notes-section', (els) => els.map((e) => e.getAttribute('data-section')));
    assert.deepEqual(sections, ['commits', 'pullRequests', 'issues', 'images', 'gitopsCommits']);
    assert.equal(await p.textContent('#notes-none'), 'Nothing in this release under GitOps pull requests.');
    assert.doesNotMatch((await p.textContent('#notes-body')) ?? '', /None\./);
    await p.locator('#notes-filter input').fill('no-such-thing');
    await p.waitForSelector('#notes-empty');
    assert.equal(await p.textContent('#notes-empty'), 'No release note matches “no-such-thing”.');
    assert.equal(await p.locator('section.notes-section').count(), 0);

    const empty = sampleNotes();
    for (const k of ['commits', 'pullRequests', 'issues', 'images', 'gitopsCommits', 'gitopsPullRequests'] as const) empty[k] = [];
    const q = await openNotes(empty);
    assert.equal(await q.textContent('#notes-empty'), 'No commits, pull requests, issues or images are recorded for this release.');
    assert.equal(await q.locator('section.notes-section, #notes-none').count(), 0);
  });

  it('lists the deployments with their environment and log links, GitHub PR titles and the notices as inert text', async () => {
    const n = notes();
    const hostile = '<img src=x onerror=alert(1)> **bold**';
    n.pullRequests = [{ key: '#44', number: 44, title: hostile, url: 'https://github.com/org/shop/pull/44', author: 'dana', mergedAt: DATE, state: 'MERGED', source: 'backend' }];
    n.deployments = [{ environment: 'production', status: 'SUCCEEDED', url: 'https://shop.example.com', logUrl: 'https://github.com/org/shop/actions/runs/1/job/2', source: 'backend' }];
    n.notices = [`Pull requests were looked up for the newest 100 of 250 commits of this release. ${hostile}`];
    const p = await openNotes(n);
    assert.equal(await p.locator('#notes-body img, #notes-body strong').count(), 0, 'no markup from the texts');
    assert.equal(await p.textContent('.notes-notice'), n.notices[0]);
    assert.match((await p.textContent('section[data-section="pullRequests"] li')) ?? '', /^#44<img src=x onerror=alert\(1\)> \*\*bold\*\* · dana · /);
    const row = p.locator('section[data-section="deployments"] li');
    assert.match((await row.textContent()) ?? '', /^productionhttps:\/\/shop\.example\.com · Succeeded · Log$/);
    await row.locator('a', { hasText: 'Log' }).click();
    await row.locator('a', { hasText: 'production' }).click();
    assert.deepEqual((await hostRecord(p)).posted.filter((m) => m.type === 'openLink'), [
      { type: 'openLink', url: 'https://github.com/org/shop/actions/runs/1/job/2' },
      { type: 'openLink', url: 'https://shop.example.com' },
    ]);
  });

  it('keeps the text off the panel edge', async () => {
    const p = await openNotes(notes());
    const gaps = await p.evaluate(() => {
      const panel = (document.querySelector('vscode-tab-panel[data-tab="notes"]') as HTMLElement).getBoundingClientRect();
      const item = (document.querySelector('section.notes-section li') as HTMLElement).getBoundingClientRect();
      const heading = (document.querySelector('section.notes-section h2') as HTMLElement).getBoundingClientRect();
      const field = (document.getElementById('notes-filter') as HTMLElement).getBoundingClientRect();
      return { item: item.left - panel.left, heading: heading.left - panel.left, field: field.left - panel.left, right: panel.right - item.right };
    });
    for (const [what, gap] of Object.entries(gaps)) assert.ok(gap >= 8, `${what} is ${gap} px from the panel's edge`);
  });
});

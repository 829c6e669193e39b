// The release panel in real Chromium under the extension's CSP: flow graph structure and statuses, details,
// failure flagging, notes, hostile payloads, live updates, state across reload, theme changes and the
// 40-environment budget.

import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { PanelModel } from '../../webview/protocol';
import { buildPanelModel } from '../../src/present/panelModel';
import type { ReleaseDetail } from '../../src/core/model';
import { bigRelease, failedRelease, HOSTILE, hostileNotes, hostileRelease, sampleNotes } from './fixtures';
import { hostRecord, send, useHarness, waitForRender } from './harness';

interface NodeInfo {
  id: string | null;
  cls: string;
  text: string;
}

async function envNodes(page: Page): Promise<NodeInfo[]> {
  return page.$$eval('#flow-canvas svg g.node.env', (els) =>
    els.map((e) => ({ id: e.getAttribute('data-view-id'), cls: e.getAttribute('class') ?? '', text: e.textContent ?? '' })),
  );
}

/** Dependency edges (thick links between environment nodes), as `from->to` view ids. */
async function dependencyEdges(page: Page): Promise<string[]> {
  const ids = await page.$$eval('#flow-canvas svg path.flowchart-link.edge-thickness-thick', (els) => els.map((e) => e.id));
  return ids
    .map((id) => /L_(e\d+)_(e\d+)_\d+$/.exec(id))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}->${m[2]}`)
    .sort();
}

function model(release: ReleaseDetail, notes = sampleNotes(release.id)): PanelModel {
  return buildPanelModel(release, notes);
}

describe('release panel webview (Chromium)', function () {
  this.timeout(60_000);
  const web = useHarness();

  async function open(m: PanelModel, theme: 'light' | 'dark' | 'hc' = 'light'): Promise<Page> {
    const p = await web.newPage({ theme });
    await send(p, { type: 'model', model: m });
    await waitForRender(p, 1);
    return p;
  }

  it('draws one node per environment with status classes and icons, the trigger, and the dependency edges', async () => {
    const p = await open(model(failedRelease()));
    const nodes = await envNodes(p);
    assert.deepEqual(nodes.map((n) => n.id), ['e0', 'e1', 'e2', 'e3']);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    assert.match(byId.get('e0')?.cls ?? '', /\bst-succeeded\b.*\btrigger\b/);
    assert.match(byId.get('e0')?.text ?? '', /dev.*✓ Succeeded.*trigger/);
    assert.match(byId.get('e1')?.cls ?? '', /\bst-failed\b.*\bfailing\b/);
    assert.match(byId.get('e1')?.text ?? '', /staging.*✗ Failed/);
    assert.match(byId.get('e2')?.cls ?? '', /\bst-succeeded\b/);
    assert.match(byId.get('e3')?.cls ?? '', /\bst-pending\b/);
    assert.match(byId.get('e3')?.text ?? '', /blocked by upstream/);
    assert.deepEqual(await dependencyEdges(p), ['e0->e1', 'e0->e2', 'e1->e3', 'e2->e3']);
    // Status is shown by colour too: the failed node's border is the theme's failed colour.
    const stroke = await p.$eval('#flow-canvas svg g.node.env.st-failed > rect', (r) => getComputedStyle(r).stroke);
    assert.equal(stroke, 'rgb(241, 76, 76)');
  });

  it('tells the host once per drawn graph, with the number of environment nodes it drew', async () => {
    const p = await open(model(failedRelease()));
    const drawn = () => hostRecord(p).then((r) => r.posted.filter((m) => m.type === 'graphDrawn'));
    assert.deepEqual(await drawn(), [{ type: 'graphDrawn', environments: 4 }]);
    // The same model again draws nothing new, so the host hears nothing more; a bigger release is a new graph.
    await send(p, { type: 'model', model: model(failedRelease()) });
    await send(p, { type: 'model', model: model(bigRelease(6)) });
    await waitForRender(p, 2);
    await p.waitForFunction(() => (window as unknown as { __host: { posted: { type: string }[] } }).__host.posted.filter((m) => m.type === 'graphDrawn').length >= 2);
    assert.deepEqual(await drawn(), [{ type: 'graphDrawn', environments: 4 }, { type: 'graphDrawn', environments: 6 }]);
  });

  it('shows pre/post-action workflows with their steps and statuses, and hooks, beside each environment', async () => {
    const p = await open(model(failedRelease()));
    const wfs = await p.$$eval('#flow-canvas svg g.node.wf', (els) =>
      els.map((e) => ({ id: e.getAttribute('data-view-id'), cls: e.getAttribute('class') ?? '', text: e.textContent ?? '' })),
    );
    assert.deepEqual(wfs.map((w) => w.id).sort(), ['e0.post', 'e0.pre', 'e1.post', 'e1.pre', 'e2.post', 'e3.pre']);
    const post = wfs.find((w) => w.id === 'e1.post');
    assert.match(post?.cls ?? '', /\bst-failed\b.*\bfailing\b/);
    assert.match(post?.text ?? '', /Post-action.*⚑ ✗ smoke.*↷ notify/);
    assert.match(wfs.find((w) => w.id === 'e3.pre')?.text ?? '', /○ approve/);
    const hooks = await p.$$eval('#flow-canvas svg g.node.hooks', (els) => els.map((e) => e.textContent ?? ''));
    assert.equal(hooks.length, 1);
    assert.match(hooks[0] ?? '', /Hooks.*✓ onFail.*page-oncall/);
  });

  it('flags the failing workflow and step in the header; clicking opens the details with the logs link', async () => {
    const p = await open(model(failedRelease()));
    const banner = await p.textContent('#failure-banner');
    assert.match(banner ?? '', /✗ Failed.*at staging › post-action smoke-template › step smoke \(application web\)/);
    await p.click('#failure-open');
    await p.waitForSelector('#flow-canvas svg g.node.wf.selected[data-view-id="e1.post"]');
    const details = await p.textContent('#details');
    assert.match(details ?? '', /staging › Post-action workflow/);
    const logs = p.locator('#details a.logs-link');
    assert.equal(await logs.count(), 1);
    assert.equal(await logs.getAttribute('href'), 'https://g.codefresh.io/workflows/web-smoke?step=1');
    await logs.click();
    const rec = await hostRecord(p);
    assert.deepEqual(rec.posted.filter((m) => m.type === 'openLink'), [{ type: 'openLink', url: 'https://g.codefresh.io/workflows/web-smoke?step=1' }]);
  });

  it('clicking an environment node shows applications, PRs, issues, timestamps and links', async () => {
    const p = await open(model(failedRelease()));
    await p.click('#flow-canvas svg g.node.env[data-view-id="e1"]');
    await p.waitForSelector('#flow-canvas svg g.node.env.selected[data-view-id="e1"]');
    const details = (await p.textContent('#details')) ?? '';
    assert.match(details, /^staging/);
    assert.match(details, /Applications \(1\).*api-staging.*GitOps commit abcdef1.*org\/gitops#7 Promote api.*merged/s);
    assert.match(details, /Issues \(1\).*Error \(workflow\): smoke test failed/s);
    assert.match(details, /Started/);
    assert.match(details, /Depends on\s*dev/);
    const prLink = await p.getAttribute('#details a[href="https://github.com/org/gitops/pull/7"]', 'href');
    assert.equal(prLink, 'https://github.com/org/gitops/pull/7');
    // Clicking the background clears the selection.
    await p.click('#flow-viewport', { position: { x: 5, y: 5 } });
    assert.match((await p.textContent('#details')) ?? '', /Select an environment/);
  });

  it('release notes: sections with counts, local items marked, filter, copy as Markdown through the host', async () => {
    const p = await open(model(failedRelease()));
    await p.click('vscode-tab-header[data-tab="notes"]');
    const sections = await p.$$eval('section.notes-section', (els) =>
      els.map((e) => ({ id: e.getAttribute('data-section'), count: e.querySelector('.section-count')?.textContent, items: e.querySelectorAll('li').length })),
    );
    assert.deepEqual(sections, [
      { id: 'commits', count: '3', items: 3 },
      { id: 'pullRequests', count: '1', items: 1 },
      { id: 'issues', count: '2', items: 2 },
      { id: 'images', count: '1', items: 1 },
      { id: 'gitopsCommits', count: '1', items: 1 },
    ]);
    // The empty section is not drawn; one line says it was looked at.
    assert.equal(await p.textContent('#notes-none'), 'Nothing in this release under GitOps pull requests.');
    assert.equal(await p.textContent('#notes-count'), '8');
    assert.equal(await p.locator('li.note-item.local .local-tag').count(), 3);
    assert.equal(await p.getAttribute('section[data-section="issues"] a', 'href'), 'https://jira.example.com/browse/AP-1');

    await p.locator('#notes-filter input').fill('rounding');
    await p.waitForFunction(() => document.querySelector('section[data-section="commits"] .section-count')?.textContent === '1 / 3');
    assert.equal(await p.textContent('section[data-section="issues"] .section-count'), '1 / 2');
    assert.match((await p.textContent('section[data-section="commits"] li')) ?? '', /2222222.*fix: rounding in cart.*local git/);

    await p.click('#copy-markdown');
    const rec = await hostRecord(p);
    const copy = rec.posted.find((m) => m.type === 'copyMarkdown') as { markdown: string } | undefined;
    assert.ok(copy, 'copyMarkdown posted');
    assert.match(copy.markdown, /^# Release notes: shop 1\\\.4\\\.2/);
    assert.match(copy.markdown, /## Code commits \(1\)\n\n- `2222222` fix\\: rounding in cart \(Lee\) \*local git\*/);
    assert.doesNotMatch(copy.markdown, /checkout/);
    await send(p, { type: 'copied', ok: true, message: 'Release notes copied as Markdown.' });
    await p.waitForFunction(() => document.querySelector('.notice')?.textContent === 'Release notes copied as Markdown.');
  });

  it('hostile names, steps and messages render as inert text: no script, no markup, no links, no network', async () => {
    const r = hostileRelease();
    const p = await open(buildPanelModel(r, hostileNotes(r.id)));
    // Everything drew: four environments, none lost to a syntax error.
    assert.equal((await envNodes(p)).length, 4);
    assert.equal(await p.locator('#flow-error').count(), 0);
    // Open every environment's details and the notes, to render every string somewhere.
    for (const id of ['e0', 'e1', 'e2', 'e3']) {
      await p.click(`#flow-canvas svg g.node.env[data-view-id="${id}"]`);
      await p.waitForSelector(`#flow-canvas svg g.node.selected[data-view-id="${id}"]`);
    }
    await p.click('vscode-tab-header[data-tab="notes"]');
    await p.waitForSelector('section.notes-section');
    await p.waitForTimeout(200);

    const rec = await hostRecord(p);
    assert.equal(rec.pwned, 0, 'no payload ran');
    assert.deepEqual(web.harness().foreignRequests, [], 'no request left the test server');
    assert.deepEqual(rec.violations.filter((v) => v.directive.startsWith('script')), [], 'no script was even attempted');
    const dom = await p.evaluate(() => ({
      imgs: document.querySelectorAll('img, image, script:not([src]), iframe, foreignObject').length,
      svgLinks: document.querySelectorAll('#flow-canvas svg a').length,
      badHrefs: Array.from(document.querySelectorAll('[href]')).map((e) => e.getAttribute('href') ?? '').filter((h) => !/^(https?:|#|\/)/.test(h)),
      handlers: Array.from(document.querySelectorAll('#app *, #flow-canvas *')).filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length,
      header: document.querySelector('header')?.textContent ?? '',
      details: document.getElementById('details')?.textContent ?? '',
      notes: document.getElementById('notes-body')?.textContent ?? '',
      labels: Array.from(document.querySelectorAll('#flow-canvas svg g.node.env')).map((e) => e.textContent ?? ''),
    }));
    assert.equal(dom.imgs, 0);
    assert.equal(dom.svgLinks, 0);
    assert.deepEqual(dom.badHrefs, []);
    assert.equal(dom.handlers, 0);
    // The exact hostile strings are shown as text where there is room for them.
    assert.ok(dom.header.includes(HOSTILE.img), 'product name shown verbatim in the header');
    assert.ok(dom.details.includes(HOSTILE.longName), 'the 10 kB name is shown in full in the details');
    assert.ok(dom.notes.includes(HOSTILE.img) && dom.notes.includes(HOSTILE.directive), 'notes shown verbatim');
    // In the graph, labels are escaped look-alikes and truncated.
    assert.match(dom.labels[0] ?? "", /‹img src=x ?onerror=＂window\.__pwned=1；alert\(1\)＂›/);
    assert.match(dom.labels[2] ?? '', /％％\{init: ?\{＂securityLevel/);
    assert.ok((dom.labels[3] ?? '').length < 200, 'the 10 kB name is truncated in the graph');
    // The %%{init}%% directive did not change Mermaid's configuration: still no HTML labels.
    assert.equal(await p.locator('#flow-canvas svg foreignObject').count(), 0);
    // The javascript: log links were dropped by the view model, so nothing to click.
    assert.equal(await p.locator('#details a[href^="javascript"]').count(), 0);
  });

  it('live updates re-render without losing pan/zoom or the selection', async () => {
    const release = failedRelease();
    const p = await open(model(release));
    await p.click('#flow-canvas svg g.node.env[data-view-id="e3"]');
    await p.click('#zoom-in');
    await p.click('#zoom-in');
    const before = await p.evaluate(() => document.getElementById('flow-canvas')?.style.transform);
    // prod starts running.
    const next = failedRelease();
    const prod = next.steps.find((s) => s.environment === 'prod');
    assert.ok(prod);
    prod.status = 'RUNNING';
    for (const w of prod.preWorkflows) {
      w.status = 'Running';
      for (const run of w.workflows) run.status = 'Running';
    }
    await send(p, { type: 'model', model: model(next) });
    await waitForRender(p, 2);
    const nodes = await envNodes(p);
    assert.match(nodes.find((n) => n.id === 'e3')?.cls ?? '', /\bst-running\b/);
    assert.match(nodes.find((n) => n.id === 'e3')?.text ?? '', /⟳ Running/);
    assert.equal(await p.evaluate(() => document.getElementById('flow-canvas')?.style.transform), before);
    assert.equal(await p.locator('#flow-canvas svg g.node.selected[data-view-id="e3"]').count(), 1);
    assert.match((await p.textContent('#details')) ?? '', /^prod.*⟳ Running/);
  });

  it('state survives a reload: the last model, tab, selection, filter and zoom come back before the host answers', async () => {
    const p = await open(model(failedRelease()));
    await p.click('#flow-canvas svg g.node.env[data-view-id="e2"]');
    await p.click('#zoom-out');
    const transform = await p.evaluate(() => document.getElementById('flow-canvas')?.style.transform);
    await p.click('vscode-tab-header[data-tab="notes"]');
    await p.locator('#notes-filter input').fill('AP-');
    await p.reload();
    await p.waitForFunction(() => Number(document.getElementById('flow-canvas')?.dataset.renderCount ?? 0) >= 1);
    assert.equal(await p.evaluate(() => document.getElementById('flow-canvas')?.style.transform), transform);
    assert.equal(await p.locator('#flow-canvas svg g.node.selected[data-view-id="e2"]').count(), 1);
    assert.equal(await p.evaluate(() => (document.querySelector('vscode-tabs') as unknown as { selectedIndex: number }).selectedIndex), 1);
    assert.equal(await p.textContent('section[data-section="issues"] .section-count'), '2 / 2');
    const rec = await hostRecord(p);
    assert.ok(rec.posted.some((m) => m.type === 'ready'), 'asks the host for fresh data');
  });

  it('follows the VS Code theme (light, dark, high contrast) and re-renders on a theme change', async () => {
    const p = await open(model(failedRelease()), 'light');
    const colours = async () =>
      p.evaluate(() => ({
        text: getComputedStyle(document.querySelector('#flow-canvas svg g.node.env text') as Element).fill,
        passed: getComputedStyle(document.querySelector('#flow-canvas svg g.node.env.st-succeeded > rect, #flow-canvas svg g.node.env.st-succeeded > path') as Element).stroke,
        bg: getComputedStyle(document.body).backgroundColor,
      }));
    const light = await colours();
    assert.deepEqual(light, { text: 'rgb(31, 31, 31)', passed: 'rgb(115, 201, 145)', bg: 'rgb(255, 255, 255)' });
    await p.evaluate(() => (window as unknown as { __host: { setTheme(t: string): void } }).__host.setTheme('dark'));
    await waitForRender(p, 2);
    assert.deepEqual(await colours(), { text: 'rgb(212, 212, 212)', passed: 'rgb(115, 201, 145)', bg: 'rgb(30, 30, 30)' });
    await p.evaluate(() => (window as unknown as { __host: { setTheme(t: string): void } }).__host.setTheme('hc'));
    await waitForRender(p, 3);
    const hc = await colours();
    assert.equal(hc.text, 'rgb(255, 255, 255)');
    assert.equal(hc.bg, 'rgb(0, 0, 0)');
  });

  it('says so when a release has no environments or its notes failed to load', async () => {
    const p = await web.newPage();
    const empty = failedRelease();
    empty.steps = [];
    empty.environments = [];
    await send(p, { type: 'model', model: buildPanelModel(empty, undefined, { notesError: 'backend unreachable (timeout)' }) });
    await p.waitForSelector('#flow-empty');
    assert.equal(await p.textContent('#flow-empty'), 'This release has no environments to show.');
    await p.click('vscode-tab-header[data-tab="notes"]');
    assert.equal(await p.textContent('#notes-status'), 'Release notes unavailable: backend unreachable (timeout)');
    await send(p, { type: 'error', message: 'Could not load release rel-failed-1: network down' });
    await p.waitForFunction(() => document.querySelector('.notice.error')?.textContent === 'Could not load release rel-failed-1: network down');
  });

  it('renders a 40-environment flow completely, and prints its time against the 1 s goal', async () => {
    const p = await web.newPage({ width: 1600, height: 900 });
    const m = model(bigRelease(40));
    // The panel warms Mermaid up while the host fetches the release (which takes longer than that in practice).
    await p.waitForSelector('#flow-canvas[data-warm="1"]', { state: 'attached' });
    const measure = () =>
      p.evaluate(async (msg) => {
        const canvas = document.getElementById('flow-canvas') as HTMLElement;
        const startCount = Number(canvas.dataset.renderCount ?? 0);
        const t0 = performance.now();
        (window as unknown as { __host: { send(m: unknown): void } }).__host.send(msg);
        while (Number(canvas.dataset.renderCount ?? 0) <= startCount) await new Promise((resolve) => requestAnimationFrame(resolve));
        return performance.now() - t0;
      }, { type: 'model', model: m });
    const cold = await measure();
    const nodes = await envNodes(p);
    assert.equal(nodes.length, 40);
    assert.equal(m.release.edges.length, 46);
    assert.equal((await dependencyEdges(p)).length, 46);
    // Live updates of the same size (one environment moves on each time); the median of three.
    const again: number[] = [];
    for (const i of [3, 4, 5]) {
      m.release.environments[i]!.status = { kind: 'running', label: 'Running', raw: 'RUNNING' };
      again.push(await measure());
    }
    const warm = again.sort((a, b) => a - b)[1] ?? Number.NaN;
    const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
    const mermaidMs = await p.evaluate(() => document.getElementById('flow-canvas')?.dataset.mermaidMs);
    console.log(`      (of the last re-render, Mermaid itself took ${mermaidMs} ms)`);
    console.log(`      40-environment flow: first render ${cold.toFixed(0)} ms, live re-render ${warm.toFixed(0)} ms (median of ${again.map((a) => a.toFixed(0)).join(', ')}; load average ${load})`);
    // The goal (< 1 s) is a figure to read, not a pass/fail line: on a loaded 2-core machine a timed assertion at
    // the goal is noise. The test fails only on a pathological regression, five times over the goal.
    const verdict = (ms: number) => (ms < 1000 ? 'meets the 1 s goal' : 'OVER the 1 s goal');
    console.log(`      40-environment flow: first render ${verdict(cold)}, re-render ${verdict(warm)}`);
    assert.ok(cold < 5000, `first render took ${cold.toFixed(0)} ms`);
    assert.ok(warm < 5000, `re-render took ${warm.toFixed(0)} ms`);
  });
});

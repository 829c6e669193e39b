// The flow graph in real Chromium as a new user first sees it: labels readable at first sight (the graph is panned,
// not shrunk below a legible size), zoom that keeps the graph in view, a fit that follows the panel's size, nodes
// reachable from the keyboard, a suspended release that says why it waits, and one scroll container at a time.

import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildPanelModel } from '../../src/present/panelModel';
import type { ReleaseDetail } from '../../src/core/model';
import { bigRelease, failedRelease, sampleNotes, suspendedRelease } from './fixtures';
import { send, useHarness, waitForRender } from './harness';

/** What the user sees of the graph: label sizes on screen, and the graph's and the frame's boxes. */
interface GraphView {
  /** Smallest on-screen font size of an environment label: its font size times the scale it is drawn at. */
  minLabelPx: number;
  graph: { left: number; top: number; right: number; bottom: number; width: number; height: number };
  frame: { left: number; top: number; right: number; bottom: number; width: number; height: number };
  /** The graph's height at scale 1. */
  naturalHeight: number;
  scale: number;
}

function graphView(page: Page): Promise<GraphView> {
  return page.evaluate(() => {
    const texts = Array.from(document.querySelectorAll<SVGTextElement>('#flow-canvas svg g.node.env text'));
    const sizes = texts.map((t) => Number.parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? Number.NaN));
    const svg = document.querySelector('#flow-canvas svg') as SVGSVGElement;
    return {
      minLabelPx: Math.min(...sizes),
      graph: svg.getBoundingClientRect().toJSON() as GraphView['graph'],
      frame: (document.getElementById('flow-viewport') as HTMLElement).getBoundingClientRect().toJSON() as GraphView['frame'],
      naturalHeight: Number(svg.getAttribute('height')),
      scale: Number(document.getElementById('flow-canvas')?.dataset.scale),
    };
  });
}

/** How much of the graph's box is inside the frame (0..1). */
function visibleShare(v: GraphView): number {
  const w = Math.max(0, Math.min(v.graph.right, v.frame.right) - Math.max(v.graph.left, v.frame.left));
  const h = Math.max(0, Math.min(v.graph.bottom, v.frame.bottom) - Math.max(v.graph.top, v.frame.top));
  return (w * h) / (v.graph.width * v.graph.height);
}

const twoEnvironments = (): ReleaseDetail => bigRelease(2);

describe('release panel flow graph, readable and reachable (Chromium)', function () {
  this.timeout(60_000);
  const web = useHarness();

  async function open(release: ReleaseDetail, size = { width: 1200, height: 750 }): Promise<Page> {
    const p = await web.newPage(size);
    await send(p, { type: 'model', model: buildPanelModel(release, sampleNotes(release.id)) });
    await waitForRender(p, 1);
    return p;
  }

  for (const [name, release] of [
    ['the four-environment release', failedRelease()],
    ['an eight-environment chain', bigRelease(8)],
    ['a 40-environment flow', bigRelease(40)],
  ] as const) {
    it(`labels of ${name} are legible at first render, and the graph uses the frame's height`, async () => {
      const p = await open(release);
      const v = await graphView(p);
      console.log(`      ${name}: scale ${v.scale}, smallest label ${v.minLabelPx.toFixed(1)} px, graph ${Math.round(v.graph.height)} of ${Math.round(v.frame.height)} px high`);
      assert.ok(v.minLabelPx >= 11, `smallest environment label is ${v.minLabelPx.toFixed(1)} px on screen`);
      // Shown at least at its natural height, or filling most of the frame's height when taller than that.
      assert.ok(v.graph.height >= 0.75 * Math.min(v.naturalHeight, v.frame.height), `graph ${v.graph.height} px high in a ${v.frame.height} px frame`);
      // The start of the flow (the trigger environment) is in view.
      const trigger = await p.locator('#flow-canvas svg g.node.env.trigger').boundingBox();
      assert.ok(trigger, 'the trigger node is drawn');
      assert.ok(trigger.x >= v.frame.left && trigger.x + trigger.width <= v.frame.right, 'the trigger node is in view');
    });
  }

  it('"+", "−" and the wheel zoom without pushing the graph out of view; the wheel zooms about the pointer', async () => {
    const p = await open(failedRelease());
    for (let i = 0; i < 6; i++) await p.click('#zoom-in');
    let v = await graphView(p);
    assert.ok(v.scale > 2, `zoomed in to ${v.scale}`);
    // Zoomed in far: the graph still covers the frame (no empty frame after zooming).
    assert.ok(v.graph.left <= v.frame.left + 16 && v.graph.right >= v.frame.right - 16, 'the graph covers the frame horizontally');
    assert.ok(v.graph.top <= v.frame.top + 16 && v.graph.bottom >= v.frame.bottom - 16, 'the graph covers the frame vertically');
    for (let i = 0; i < 14; i++) await p.click('#zoom-out');
    v = await graphView(p);
    assert.ok(v.scale < 0.5, `zoomed out to ${v.scale}`);
    assert.ok(visibleShare(v) > 0.99, `all of a small graph stays in the frame (${visibleShare(v)})`);

    // The wheel: the node under the pointer stays under it.
    await p.click('#zoom-fit');
    const node = p.locator('#flow-canvas svg g.node.env[data-view-id="e1"]');
    const before = await node.boundingBox();
    assert.ok(before);
    const cx = before.x + before.width / 2;
    const cy = before.y + before.height / 2;
    const fitted = (await graphView(p)).scale;
    await p.mouse.move(cx, cy);
    await p.mouse.wheel(0, -100);
    await p.waitForFunction((s) => Number(document.getElementById('flow-canvas')?.dataset.scale) > s, fitted);
    const after = await node.boundingBox();
    assert.ok(after && after.width > before.width, 'zoomed in');
    assert.ok(Math.abs(after.x + after.width / 2 - cx) < 2 && Math.abs(after.y + after.height / 2 - cy) < 2, 'the node stayed under the pointer');
  });

  it('fits again when the panel is resized', async () => {
    const p = await open(twoEnvironments(), { width: 900, height: 600 });
    const small = await graphView(p);
    assert.ok(small.minLabelPx >= 11);
    await p.setViewportSize({ width: 1600, height: 900 });
    await p.waitForFunction((s) => Number(document.getElementById('flow-canvas')?.dataset.scale) !== s, small.scale);
    const large = await graphView(p);
    // The whole graph, centred in the larger frame.
    assert.ok(visibleShare(large) > 0.99, 'the whole graph is in view');
    const gap = (large.graph.left - large.frame.left) - (large.frame.right - large.graph.right);
    assert.ok(Math.abs(gap) < 3, `centred (left and right gaps differ by ${gap} px)`);
    assert.ok(large.minLabelPx >= small.minLabelPx, 'labels did not get smaller in a larger frame');
  });

  it('nodes are reached with Tab and the arrow keys, and Enter selects one and shows its details', async () => {
    const p = await open(failedRelease());
    await p.focus('#flow-viewport');
    await p.keyboard.press('Tab');
    const focused = () => p.evaluate(() => document.activeElement?.getAttribute('data-view-id') ?? null);
    assert.equal(await focused(), 'e0', 'Tab enters the graph at the trigger environment');
    assert.equal(await p.evaluate(() => document.activeElement?.getAttribute('role')), 'button');
    assert.match((await p.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '', /dev.*Succeeded/);
    const seen: string[] = [];
    for (let i = 0; i < 8 && (await focused()) !== 'e1'; i++) {
      await p.keyboard.press('ArrowRight');
      seen.push((await focused()) ?? '');
    }
    assert.equal(await focused(), 'e1', `ArrowRight reaches staging (went ${seen.join(' → ')})`);
    // The focused node is in view (the graph was panned to it when needed).
    const box = await p.locator('#flow-canvas svg g.node[data-view-id="e1"].env').boundingBox();
    const v = await graphView(p);
    assert.ok(box && box.x >= v.frame.left && box.x + box.width <= v.frame.right, 'the focused node is in view');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#flow-canvas svg g.node.env.selected[data-view-id="e1"]');
    assert.match((await p.textContent('#details')) ?? '', /^staging.*✗ Failed/);
    assert.equal(await p.getAttribute('#flow-canvas svg g.node.env[data-view-id="e1"]', 'aria-pressed'), 'true');
    // Back and down: the other environments are reachable too.
    for (let i = 0; i < 8 && (await focused()) !== 'e0'; i++) await p.keyboard.press('ArrowLeft');
    assert.equal(await focused(), 'e0');
    await p.keyboard.press('Escape');
    assert.match((await p.textContent('#details')) ?? '', /Select an environment/);
  });

  it('a suspended release says where it waits and why, and shows that environment on request', async () => {
    const p = await open(suspendedRelease());
    const banner = p.locator('#suspension-banner');
    assert.equal(await banner.isVisible(), true);
    assert.equal(
      ((await banner.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
      '‖ Suspended at staging: Waiting for the promotion pull request to staging to be approved and merged Show environment',
    );
    await p.click('#suspension-open');
    await p.waitForSelector('#flow-canvas svg g.node.env.selected[data-view-id="e1"]');
    // A release that is not suspended has no such banner.
    await send(p, { type: 'model', model: buildPanelModel(failedRelease(), sampleNotes()) });
    await waitForRender(p, 2);
    assert.equal(await p.locator('#suspension-banner').count(), 0);
  });

  it('has one scroll container at a time: the page never scrolls, the details pane or the notes do', async () => {
    const release = failedRelease();
    const notes = sampleNotes(release.id);
    for (let i = 0; i < 120; i++) notes.commits.push({ sha: `${String(i).padStart(7, '0')}abcdef`, message: `commit ${i}`, source: 'local-git' });
    const p = await web.newPage({ width: 1200, height: 600 });
    await send(p, { type: 'model', model: buildPanelModel(release, notes) });
    await waitForRender(p, 1);
    await p.click('#flow-canvas svg g.node.env[data-view-id="e1"]');
    const scrolling = () =>
      p.evaluate(() => ({
        page: (document.scrollingElement?.scrollHeight ?? 0) - window.innerHeight,
        inner: Array.from(document.querySelectorAll<HTMLElement>('*'))
          .filter((e) => e.checkVisibility() && /auto|scroll/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight)
          .map((e) => e.getAttribute('data-tab') ?? (e.id || e.className)),
      }));
    const flow = await scrolling();
    assert.ok(flow.page <= 0, `the page scrolls by ${flow.page} px in the flow tab`);
    assert.deepEqual(flow.inner, ['details']);
    await p.click('vscode-tab-header[data-tab="notes"]');
    await p.waitForSelector('section.notes-section li');
    const notesTab = await scrolling();
    assert.ok(notesTab.page <= 0, `the page scrolls by ${notesTab.page} px in the notes tab`);
    assert.deepEqual(notesTab.inner, ['notes']);
  });
});

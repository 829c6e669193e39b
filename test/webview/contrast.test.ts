// Status text in the release panel against its actual background, in real Chromium, in VS Code's light, dark and
// high-contrast themes (their default colours, set the way VS Code sets them): every status label (the legend, the
// header, the banners, the details pane) and the environment node labels meet WCAG AA for normal text, 4.5:1.
// https://www.w3.org/TR/WCAG21/#contrast-minimum, with relative luminance as WCAG defines it.

import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildPanelModel } from '../../src/present/panelModel';
import type { ReleaseDetail } from '../../src/core/model';
import { failedRelease, sampleNotes, suspendedRelease } from './fixtures';
import { send, useHarness, waitForRender } from './harness';

type Rgba = [number, number, number, number];

/** A computed CSS colour (`rgb()`, `rgba()` or the `color(srgb …)` that color-mix() computes to) as 0–255 RGB and alpha. */
function parseColour(text: string): Rgba {
  const rgb = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(text);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
  const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/.exec(text);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
  throw new Error(`cannot read the colour ${text}`);
}

/** `top` painted over the opaque `bottom`. */
function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

interface Sample {
  where: string;
  text: string;
  colour: string;
  /** Background colours from the element outwards, up to the first opaque one. */
  backgrounds: string[];
}

/** Every visible status text with its colour and the backgrounds behind it; node labels with their node's fill. */
function samples(page: Page): Promise<Sample[]> {
  return page.evaluate(() => {
    const out: { where: string; text: string; colour: string; backgrounds: string[] }[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.status-text, .status-pill'))) {
      if (!el.checkVisibility()) continue;
      const backgrounds: string[] = [];
      for (let e: Element | null = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host ?? null)) {
        const bg = getComputedStyle(e).backgroundColor;
        if (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent') continue;
        backgrounds.push(bg);
        if (!/rgba|\//.test(bg)) break;
      }
      const where = el.closest('#legend') ? 'legend' : el.closest('header') ? (el.closest('[id$="-banner"]')?.id ?? 'header') : el.closest('#details') ? 'details' : 'panel';
      out.push({ where, text: (el.textContent ?? '').trim(), colour: getComputedStyle(el).color, backgrounds });
    }
    for (const g of Array.from(document.querySelectorAll('#flow-canvas svg g.node.env'))) {
      const shape = g.querySelector(':scope > rect, :scope > path');
      const text = g.querySelector('text');
      if (!shape || !text) continue;
      out.push({ where: 'graph node', text: (g.textContent ?? '').trim(), colour: getComputedStyle(text).fill, backgrounds: [getComputedStyle(shape).fill, getComputedStyle(document.body).backgroundColor] });
    }
    return out;
  });
}

function ratio(s: Sample): number {
  let bg: Rgba | undefined;
  for (const c of [...s.backgrounds].reverse()) bg = bg ? over(parseColour(c), bg) : over(parseColour(c), [255, 255, 255, 1]);
  const base = bg ?? [255, 255, 255, 1];
  return contrast(over(parseColour(s.colour), base), base);
}

describe('release panel status text contrast (Chromium)', function () {
  this.timeout(60_000);
  const web = useHarness();

  async function open(release: ReleaseDetail, theme: 'light' | 'dark' | 'hc', select: string): Promise<Page> {
    const p = await web.newPage({ theme });
    await send(p, { type: 'model', model: buildPanelModel(release, sampleNotes(release.id)) });
    await waitForRender(p, 1);
    await p.click(`#flow-canvas svg g.node.env[data-view-id="${select}"]`);
    await p.waitForSelector('#details .status-text');
    return p;
  }

  for (const theme of ['light', 'dark', 'hc'] as const) {
    it(`every status text meets WCAG AA (4.5:1) on its background in the ${theme} theme`, async () => {
      const all: Sample[] = [];
      for (const [release, select] of [[failedRelease(), 'e1'], [suspendedRelease(), 'e1']] as const) {
        const p = await open(release, theme, select);
        all.push(...(await samples(p)));
        await p.context().close();
      }
      // Every status kind is in the legend; the header, both banners and the details pane are covered too.
      assert.equal(all.filter((s) => s.where === 'legend').length, 22);
      for (const where of ['header', 'failure-banner', 'suspension-banner', 'details', 'graph node']) {
        assert.ok(all.some((s) => s.where === where), `no status text sampled in ${where}`);
      }
      const worst = new Map<string, { text: string; ratio: number }>();
      for (const s of all) {
        const r = ratio(s);
        const key = `${s.where}: ${s.text.split(/\s+/).slice(0, 2).join(' ')}`;
        if (!worst.has(key) || r < (worst.get(key)?.ratio ?? Infinity)) worst.set(key, { text: s.text, ratio: r });
      }
      const legend = [...worst].filter(([k]) => k.startsWith('legend')).map(([k, v]) => `${k.slice(8)} ${v.ratio.toFixed(1)}`);
      console.log(`      ${theme}: ${legend.join(', ')}`);
      const failing = [...worst].filter(([, v]) => v.ratio < 4.5).map(([k, v]) => `${k} ${v.ratio.toFixed(2)}:1`);
      assert.deepEqual(failing, [], `below 4.5:1 in the ${theme} theme`);
    });
  }
});

import assert from 'node:assert/strict';
import { buildFlowchart, COMPACT_ABOVE, mermaidLabel } from '../../../webview/flowchart';
import { buildPanelModel } from '../../../src/present/panelModel';
import type { ReleaseDetail } from '../../../src/core/model';
import type { ReleaseView } from '../../../src/present/panelView';
import { bigRelease, failedRelease, HOSTILE, hostileRelease } from '../../webview/fixtures';

/** The release part of the panel's model. */
const buildReleaseView = (r: ReleaseDetail): ReleaseView => buildPanelModel(r, undefined).release;

// Characters that could end a quoted label, start an entity / directive / comment, or carry markup.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this checks for
const FORBIDDEN = /["#%<>&;`\\\n\r\t\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

describe('mermaid label escape', () => {
  it('neutralises Mermaid syntax, HTML, entities and directives', () => {
    for (const text of Object.values(HOSTILE)) {
      const out = mermaidLabel(text, 100_000);
      assert.doesNotMatch(out, FORBIDDEN, `escaped: ${out.slice(0, 80)}`);
    }
    assert.equal(mermaidLabel('"]; click A href "javascript:alert(1)"'), '＂]； click A href ＂javascript:alert(1)＂');
    assert.equal(mermaidLabel('%%{init: {"theme":"dark"}}%%'), '％％{init: {＂theme＂:＂dark＂}}％％');
    assert.equal(mermaidLabel('<img src=x onerror=alert(1)>'), '‹img src=x onerror=alert(1)›');
    assert.equal(mermaidLabel('#quot; &amp; #35;'), '＃quot； ＆amp； ＃35；');
  });

  it('keeps ordinary names readable and unicode letters intact', () => {
    assert.equal(mermaidLabel('prod-eu_1 (v2.3.0) ünïcødé 部署'), 'prod-eu_1 (v2.3.0) ünïcødé 部署');
    assert.equal(mermaidLabel('line1\nline2\tx'), 'line1 line2 x');
    assert.equal(mermaidLabel('a\u202ebc\u200bd'), 'a?bc?d');
  });

  it('truncates long text by characters, with an ellipsis', () => {
    assert.equal(mermaidLabel(HOSTILE.longName, 48).length, 49);
    assert.ok(mermaidLabel(HOSTILE.longName, 48).endsWith('…'));
    assert.equal(mermaidLabel('😀'.repeat(10), 3), '😀😀😀…');
  });
});

describe('flowchart text', () => {
  it('has one environment node per environment, workflow nodes beside them, and dependency edges', () => {
    const text = buildFlowchart(buildReleaseView(failedRelease()));
    assert.match(text, /^flowchart LR\n/);
    assert.equal((text.match(/^ {4}e\d+(\[|\(\[)/gm) ?? []).length, 4);
    assert.equal((text.match(/^ {4}e\d+_(pre|post)\[/gm) ?? []).length, 6);
    assert.equal((text.match(/^ {2}e\d+ ==> e\d+$/gm) ?? []).length, 4);
    assert.match(text, /class e0 trigger/);
    assert.match(text, /class e1 failing/);
    assert.match(text, /class e1_post st-failed/);
    assert.match(text, /⚑ ✗ smoke/);
    assert.match(text, /e1_hooks\["Hooks<br>✓ onFail: page-oncall"\]/);
  });

  it('never lets API text reach ids, classes or syntax', () => {
    const text = buildFlowchart(buildReleaseView(hostileRelease()));
    // Every line is a known statement shape; quoted labels contain no double quote.
    for (const line of text.trim().split('\n')) {
      assert.match(line, /^(flowchart LR|\s+subgraph c_e\d+ \[" "\]|\s+direction LR|\s+end|\s+e\d+(_pre|_post|_hooks)?(\["[^"]*"\]|\(\["[^"]*"\]\))|\s+e\d+(_pre|_post)? -\.- e\d+(_post|_hooks)?|\s+e\d+ ==> e\d+|\s+class [ce_0-9a-z]+ [a-z-]+)$/, line.slice(0, 120));
    }
    // Outside the quoted labels only generated syntax remains; inside them, no directive or markup.
    const outside = text.replace(/"[^"]*"/g, '""');
    assert.doesNotMatch(outside, /click|href|javascript|style|%%|init/i);
    assert.doesNotMatch(text, /%%|<img|<script/i);
  });

  it('draws large flows compact: environment nodes only, workflows summarised', () => {
    const small = buildFlowchart(buildReleaseView(bigRelease(COMPACT_ABOVE)));
    assert.match(small, /subgraph/);
    const text = buildFlowchart(buildReleaseView(bigRelease(40)));
    assert.doesNotMatch(text, /subgraph|_pre|_post/);
    assert.equal((text.match(/^ {2}e\d+(\[|\(\[)/gm) ?? []).length, 40);
    assert.match(text, /✓ Succeeded · pre ✓ post ✓/);
  });
});

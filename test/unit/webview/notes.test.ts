import assert from 'node:assert/strict';
import { marked } from 'marked';
import { escapeMarkdown } from '../../../src/present/markdown';
import { filterSections, matchesFilter, notesToMarkdown } from '../../../webview/notes';
import { buildPanelModel } from '../../../src/present/panelModel';
import type { ReleaseNotes } from '../../../src/core/model';
import type { NotesView } from '../../../src/present/panelView';
import { failedRelease, HOSTILE, hostileNotes, sampleNotes } from '../../webview/fixtures';

/** The notes part of the panel's model. */
const buildNotesView = (n: ReleaseNotes): NotesView => buildPanelModel(failedRelease(), n).notes!;

describe('release notes helpers', () => {
  it('filters by every term, case-insensitively, across key, title and detail', () => {
    const n = buildNotesView(sampleNotes());
    const counts = (q: string) => filterSections(n, q).map((s) => s.items.length);
    assert.deepEqual(counts(''), [3, 1, 2, 1, 1, 0]);
    assert.deepEqual(counts('ROUNDING'), [1, 0, 1, 0, 0, 0]);
    assert.deepEqual(counts('dana checkout'), [1, 1, 0, 0, 0, 0]);
    assert.deepEqual(counts('local'), [2, 0, 1, 0, 0, 0]);
    assert.equal(matchesFilter({ key: 'AP-1', title: 'x', local: false }, 'ap-1'), true);
  });

  it('writes Markdown with one heading per non-empty section, links only for http(s)', () => {
    const md = notesToMarkdown(buildNotesView(sampleNotes()), { productName: 'shop', id: 'r1', version: '1.4.2' });
    assert.match(md, /^# Release notes: shop 1\\\.4\\\.2\n/);
    assert.match(md, /## Code commits \(3\)\n\n- \[1111111\]\(https:\/\/github\.com\/org\/shop\/commit\/1111111\) feat\\: add checkout \(Dana\)\n- `2222222` fix\\: rounding in cart \(Lee\) \*local git\*/);
    assert.match(md, /## Jira issues \(2\)/);
    assert.doesNotMatch(md, /GitOps pull requests/);
  });

  it('copies the notices first and a deployment with its environment and log links', () => {
    const n = sampleNotes();
    n.deployments = [{ environment: 'production', status: 'SUCCEEDED', url: 'https://shop.example.com', logUrl: 'https://github.com/org/shop/actions/runs/1/job/2', source: 'backend' }];
    n.notices = ['Pull requests were looked up for the newest 100 of 250 commits.'];
    const md = notesToMarkdown(buildNotesView(n), undefined);
    assert.match(md, /^# Release notes: [^\n]+\n\n> Pull requests were looked up for the newest 100 of 250 commits\\\.\n/);
    assert.ok(md.includes('## Deployments (1)\n\n- [production](https://shop.example.com) https\\:\\/\\/shop\\.example\\.com (Succeeded) [Log](https://github.com/org/shop/actions/runs/1/job/2)\n'), md);
  });

  it('escapes hostile text so it cannot become Markdown links, HTML or headings', () => {
    const md = notesToMarkdown(buildNotesView(hostileNotes('r')), undefined);
    // Every markup character is backslash-escaped and no link targets anything but http(s).
    assert.doesNotMatch(md, /(^|[^\\])[<>]/m);
    assert.doesNotMatch(md, /\]\((?!https?:)/);
    assert.match(md, /&lt;img src\\=x onerror\\=\\"window\\\.\\_\\_pwned\\=1;alert\\\(1\\\)\\"&gt;/);
    assert.match(md, /https:\/\/example\.com\/x%22%3E%3Cimg%20src=x%20onerror=alert%281%29%3E/);
    assert.equal(escapeMarkdown('# [x](y)\n*z*'), '\\# \\[x\\]\\(y\\) \\*z\\*');
    assert.ok(md.includes(escapeMarkdown(HOSTILE.directive)));
  });

  it('a bare URL in a copied title stays text on renderers that autolink (GitHub-flavoured Markdown)', () => {
    const notes = { releaseId: 'r', sections: [{ id: 'commits' as const, title: 'Code commits', items: [{ key: 'abc1234', title: 'see https://evil.example/x or www.evil.example', local: true }] }] };
    const html = marked.parse(notesToMarkdown(notes, undefined), { async: false });
    assert.doesNotMatch(html, /<a\b/);
    assert.match(html, /see https:\/\/evil\.example\/x or www\.evil\.example/);
  });
});

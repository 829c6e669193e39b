// Release-notes helpers shared by the webview and its tests: the search filter and "copy as Markdown".
// Pure: no DOM.

import { escapeMarkdown as escapeLine } from '../src/present/markdown';
import type { NoteItemView, NotesSectionView, NotesView, ReleaseView } from './protocol';
import { isHttpUrl } from './protocol';

/** True when every whitespace-separated term of `query` occurs (case-insensitively) in the item's text. */
export function matchesFilter(item: NoteItemView, query: string): boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const hay = `${item.key}\n${item.sha ?? ''}\n${item.title}\n${item.author ?? ''}\n${item.detail ?? ''}\n${item.local ? 'local' : ''}`.toLowerCase();
  return terms.every((t) => hay.includes(t));
}

export function filterSections(notes: NotesView, query: string): NotesSectionView[] {
  return notes.sections.map((s) => ({ ...s, items: s.items.filter((i) => matchesFilter(i, query)) }));
}

/** The hover's escaping, without its length cap: copied notes keep every character of their titles. */
function escapeMarkdown(text: string): string {
  return escapeLine(text, { maxLength: Number.POSITIVE_INFINITY });
}

/** Link target for Markdown: only http(s) URLs, with characters that could end the target percent-encoded. */
function markdownUrl(url: string | undefined): string | undefined {
  if (!isHttpUrl(url)) return undefined;
  return url.replace(/[()<> \\"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function itemLine(item: NoteItemView): string {
  const key = escapeMarkdown(item.key);
  const url = markdownUrl(item.url);
  const head = url ? `[${key}](${url})` : `\`${item.key.replace(/`/g, "'")}\``;
  const parts = [head];
  if (item.title) parts.push(escapeMarkdown(item.title));
  const detail = [item.author, item.date?.slice(0, 10), item.detail].filter(Boolean).join(' · ');
  if (detail) parts.push(`(${escapeMarkdown(detail)})`);
  for (const l of item.links ?? []) {
    const target = markdownUrl(l.url);
    if (target) parts.push(`[${escapeMarkdown(l.label)}](${target})`);
  }
  if (item.local) parts.push('*local git*');
  return `- ${parts.join(' ')}`;
}

/** The release notes as Markdown, one heading per non-empty section; `query` applies the same filter as the UI. */
export function notesToMarkdown(notes: NotesView, release: Pick<ReleaseView, 'productName' | 'id' | 'version'> | undefined, query = ''): string {
  const lines: string[] = [];
  const title = release
    ? `Release notes: ${escapeMarkdown(release.productName)} ${escapeMarkdown(release.version ?? release.id)}`
    : `Release notes: ${escapeMarkdown(notes.releaseId)}`;
  lines.push(`# ${title}`, '');
  if (query.trim()) lines.push(`Filtered by: ${escapeMarkdown(query.trim())}`, '');
  for (const notice of notes.notices ?? []) lines.push(`> ${escapeMarkdown(notice)}`, '');
  for (const s of filterSections(notes, query)) {
    if (s.items.length === 0) continue;
    lines.push(`## ${escapeMarkdown(s.title)} (${s.items.length})`, '');
    for (const item of s.items) lines.push(itemLine(item));
    lines.push('');
  }
  return lines.join('\n');
}

// The Release notes tab: sections with their counts, the filter, and "Copy as Markdown" (the host writes the
// clipboard). The filter and the Markdown come from ./notes, which is pure and unit tested.

import { h, link, timeEl } from './dom';
import { warningBanner } from './header';
import { filterSections, notesToMarkdown } from './notes';
import type { NoteItemView, NotesView } from './protocol';
import { post, save, state } from './state';

interface NotesTab {
  /** Draws the notes of the model in the state (or why there are none). */
  render(): void;
  /** Shows the filter kept in the state in the filter field. */
  showFilter(): void;
}

/** Builds the tab's toolbar and body into `panel`; `count` is the tab header's badge (the number of notes). */
export function createNotesTab(panel: HTMLElement, count: HTMLElement): NotesTab {
  const filterField = h('vscode-textfield', { id: 'notes-filter', placeholder: 'Filter release notes', 'aria-label': 'Filter release notes' });
  const copyButton = h('vscode-button', { id: 'copy-markdown' }, 'Copy as Markdown');
  const body = h('div', { id: 'notes-body' });
  panel.append(h('div', { class: 'notes-toolbar' }, filterField, copyButton), body);

  function render(): void {
    const model = state.model;
    body.replaceChildren();
    if (!model) return;
    if (!model.notes) {
      body.append(h('p', { class: model.notesError ? 'notice error' : 'notice', id: 'notes-status' }, model.notesError ? `Release notes unavailable: ${model.notesError}` : 'Loading release notes…'));
      count.textContent = '0';
      return;
    }
    const notesWarning = model.warnings?.find((w) => w.kind === 'backend-notes-unavailable');
    if (notesWarning) body.append(warningBanner(notesWarning));
    const notes: NotesView = model.notes;
    for (const notice of notes.notices ?? []) body.append(h('p', { class: 'notice notes-notice' }, notice));
    const total = notes.sections.reduce((n, s) => n + s.items.length, 0);
    count.textContent = String(total);
    const filtered = filterSections(notes, state.filter);
    const query = state.filter.trim();
    // Sections with nothing in them (or nothing matching) are left out; one line names the empty ones.
    const empty: string[] = [];
    for (const section of filtered) {
      const all = notes.sections.find((s) => s.id === section.id)?.items.length ?? 0;
      if (all === 0) empty.push(section.title);
      if (section.items.length === 0) continue;
      const countText = query ? `${section.items.length} / ${all}` : String(all);
      const ul = h('ul', {});
      for (const item of section.items) ul.append(noteRow(item));
      body.append(h('section', { class: 'notes-section', 'data-section': section.id },
        h('h2', {}, section.title, h('vscode-badge', { variant: 'counter', class: 'section-count' }, countText)), ul));
    }
    if (total === 0) body.append(h('p', { class: 'empty', id: 'notes-empty' }, 'No commits, pull requests, issues or images are recorded for this release.'));
    else if (query && !filtered.some((s) => s.items.length > 0)) body.append(h('p', { class: 'empty', id: 'notes-empty' }, `No release note matches “${query}”.`));
    if (total > 0 && empty.length) body.append(h('p', { class: 'empty', id: 'notes-none' }, `Nothing in this release under ${empty.join(', ')}.`));
  }

  /** One item: its key (a commit's opens the commit), title, author, date and the rest. */
  function noteRow(item: NoteItemView): HTMLElement {
    let key: HTMLElement | string;
    if (item.sha) {
      const sha = item.sha;
      key = h('button', { type: 'button', class: 'commit-link', title: item.url ? `Open commit ${sha.slice(0, 7)} (its changes, or ${item.url})` : `Open the changes of commit ${sha.slice(0, 7)}`, 'data-sha': sha }, item.key);
      key.addEventListener('click', (ev) => {
        ev.preventDefault();
        post({ type: 'openCommit', sha, ...(item.url ? { url: item.url } : {}) });
      });
    } else {
      key = link(item.key, item.url);
    }
    return h('li', { class: item.local ? 'note-item local' : 'note-item' },
      h('span', { class: 'note-key' }, key),
      h('span', { class: 'note-title' }, item.title),
      item.author ? h('span', { class: 'meta note-author' }, ` · ${item.author}`) : null,
      item.date ? h('span', { class: 'meta note-date' }, ' · ', timeEl(item.date)) : null,
      item.detail ? h('span', { class: 'meta' }, ` · ${item.detail}`) : null,
      ...(item.links ?? []).map((l) => h('span', { class: 'meta note-link' }, ' · ', link(l.label, l.url))),
      item.local ? h('span', { class: 'local-tag', title: 'Computed from the local Git repository' }, 'local git') : null);
  }

  // vscode-textfield is a custom element: its value is a property the DOM typings do not know.
  const field = filterField as unknown as { value: string };
  filterField.addEventListener('input', () => {
    state.filter = field.value ?? '';
    save();
    render();
  });
  copyButton.addEventListener('click', () => {
    const model = state.model;
    if (!model?.notes) return;
    post({ type: 'copyMarkdown', markdown: notesToMarkdown(model.notes, model.release, state.filter) });
  });

  return {
    render,
    showFilter() {
      field.value = state.filter;
    },
  };
}

// DOM helpers for the panel. Text only, never HTML: every string from the API or Git reaches the DOM through
// text nodes and attribute setters.

import { STATUS_LABELS, type StatusKind } from '../src/core/status';
import { STATUS_ICONS, statusClass } from './flowchart';
import { isHttpUrl, isInventedHostUrl, type StatusView } from './protocol';
import { post } from './state';

type Child = Node | string | undefined | null | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string> | undefined, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, v);
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/** A link the host opens (after validating it); nothing at all when the URL is not http(s). */
export function link(text: string, url: string | undefined, cls = ''): HTMLElement | string {
  if (!isHttpUrl(url) || isInventedHostUrl(url)) return text;
  const a = h('a', { href: url, title: url, ...(cls ? { class: cls } : {}) }, text);
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    post({ type: 'openLink', url });
  });
  return a;
}

export function statusEl(s: StatusView | StatusKind, extra = ''): HTMLElement {
  const kind = typeof s === 'string' ? s : s.kind;
  const label = typeof s === 'string' ? STATUS_LABELS[s] : s.label;
  return h('span', { class: `status-text ${statusClass(kind)} ${extra}`.trim(), 'data-status': kind }, `${STATUS_ICONS[kind]} ${label}`);
}

// One formatter for the whole panel: Date#toLocaleString builds a new one per call, which shows on big releases.
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function fmtDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/** A date as the user reads it (local, medium), with the exact local time and the ISO value in its tooltip. */
export function timeEl(iso: string): HTMLElement {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return h('span', { class: 'meta' }, iso);
  return h('time', { datetime: d.toISOString(), title: `${exactFormat.format(d)} (${d.toISOString()})` }, dateFormat.format(d));
}

export function append(parent: Element, ...children: Child[]): void {
  for (const c of children) if (c !== undefined && c !== null && c !== false) parent.append(c);
}

/** A definition list of the pairs whose value is not empty. */
export function kv(pairs: [string, Child][]): HTMLElement {
  const dl = h('dl', { class: 'kv' });
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === false || v === '') continue;
    dl.append(h('dt', {}, k), h('dd', {}, v));
  }
  return dl;
}

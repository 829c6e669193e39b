// The release panel's front end: header, Flow tab (Mermaid graph with pan/zoom, legend and a details pane) and
// Release notes tab (sections, counts, filter, copy as Markdown). It renders the view model the host posts
// (webview/protocol.ts) and posts typed messages back; links are opened by the host, never by the webview.
//
// Safety: every string from the API or Git reaches the DOM through textContent / attribute setters, never HTML;
// graph labels go through `mermaidLabel` (webview/flowchart.ts); Mermaid runs with securityLevel 'strict' and
// htmlLabels off. CSP (set by the host): default-src 'none'; script-src and style-src by nonce and the extension's
// own resource origin only.
//
// Mermaid and the CSP: Mermaid writes `style="…"` attributes and a <style> element into the SVG, both refused by a
// nonce-only style-src. We keep the CSP strict and adapt Mermaid instead (see `renderMermaid`): during a render the
// <style> elements it creates get the page nonce, and style attributes it sets are parked in `data-mmd-style`; when
// the finished SVG is inserted, its <style> text goes into a constructable stylesheet (document.adoptedStyleSheets,
// which CSP does not govern) and the parked declarations are applied through CSSOM (`element.style.cssText`), which
// CSP also allows. No 'unsafe-inline' anywhere. What remains are report-only violations from Mermaid's own
// DOMPurify pass, which re-parses the SVG text (with its <style> and marker style attributes) in an inert document:
// nothing there is ever applied or rendered, the browser just reports that it would have refused it.

import './styles.css';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import mermaid from 'mermaid';
import { STATUS_LABELS, STATUS_KINDS, type StatusKind } from '../src/core/status';
import {
  type EnvironmentView,
  type HostMessage,
  isHttpUrl,
  isInventedHostUrl,
  type NotesView,
  type PanelModel,
  type PanelTab,
  type PanelWarning,
  type PersistedState,
  type ReleaseView,
  type StatusView,
  type Viewport,
  type WebviewMessage,
  type WorkflowView,
} from './protocol';
import { buildFlowchart, COMPACT_ABOVE, nodeIdOf, STATUS_ICONS, statusClass } from './flowchart';
import { filterSections, notesToMarkdown } from './notes';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscodeApi = acquireVsCodeApi();
const NONCE = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

function post(message: WebviewMessage): void {
  vscodeApi.postMessage(message);
}

// ---------------------------------------------------------------------------------------------------------------
// State

function readPersisted(): Partial<PersistedState> {
  const s = vscodeApi.getState();
  return s && typeof s === 'object' ? (s as Partial<PersistedState>) : {};
}

const persisted = readPersisted();
const state: PersistedState = {
  productName: persisted.productName ?? '',
  releaseId: persisted.releaseId ?? '',
  tab: persisted.tab === 'notes' ? 'notes' : 'flow',
  selection: typeof persisted.selection === 'string' ? persisted.selection : undefined,
  filter: typeof persisted.filter === 'string' ? persisted.filter : '',
  viewport: persisted.viewport,
  model: persisted.model,
};

let saveTimer: ReturnType<typeof setTimeout> | undefined;

function save(): void {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  vscodeApi.setState(state);
}

/** For high-frequency changes (pan, zoom): the state holds the whole model, so write it at most every 200 ms. */
function saveSoon(): void {
  saveTimer ??= setTimeout(save, 200);
}

// ---------------------------------------------------------------------------------------------------------------
// DOM helpers (text only, never HTML)

type Child = Node | string | undefined | null | false;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: Child[]): HTMLElementTagNameMap[K];
function h(tag: string, attrs?: Record<string, string>, ...children: Child[]): HTMLElement;
function h(tag: string, attrs: Record<string, string> | undefined, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, v);
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/** A link the host opens (after validating it); nothing at all when the URL is not http(s). */
function link(text: string, url: string | undefined, cls = ''): HTMLElement | string {
  if (!isHttpUrl(url) || isInventedHostUrl(url)) return text;
  const a = h('a', { href: url, title: url, ...(cls ? { class: cls } : {}) }, text);
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    post({ type: 'openLink', url });
  });
  return a;
}

function statusEl(s: StatusView | StatusKind, extra = ''): HTMLElement {
  const kind = typeof s === 'string' ? s : s.kind;
  const label = typeof s === 'string' ? STATUS_LABELS[s] : s.label;
  return h('span', { class: `status-text ${statusClass(kind)} ${extra}`.trim(), 'data-status': kind }, `${STATUS_ICONS[kind]} ${label}`);
}

// One formatter for the whole panel: Date#toLocaleString builds a new one per call, which shows on big releases.
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function fmtDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

function append(parent: Element, ...children: Child[]): void {
  for (const c of children) if (c !== undefined && c !== null && c !== false) parent.append(c);
}

function kv(pairs: [string, Child][]): HTMLElement {
  const dl = h('dl', { class: 'kv' });
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === false || v === '') continue;
    dl.append(h('dt', {}, k), h('dd', {}, v));
  }
  return dl;
}

// ---------------------------------------------------------------------------------------------------------------
// Layout

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
const header = h('header', { class: 'release-header' });
const notice = h('div', { class: 'notice', role: 'status' });
const banners = h('div', { id: 'banners' });
const tabs = h('vscode-tabs', { 'selected-index': state.tab === 'notes' ? '1' : '0' });
const flowTabHeader = h('vscode-tab-header', { slot: 'header', 'data-tab': 'flow' }, 'Flow');
const notesCount = h('vscode-badge', { variant: 'counter', slot: 'content-after', id: 'notes-count' }, '0');
const notesTabHeader = h('vscode-tab-header', { slot: 'header', 'data-tab': 'notes' }, 'Release notes', notesCount);
const flowPanel = h('vscode-tab-panel', { 'data-tab': 'flow' });
const notesPanel = h('vscode-tab-panel', { 'data-tab': 'notes' });
tabs.append(flowTabHeader, flowPanel, notesTabHeader, notesPanel);

// Flow tab
const viewportEl = h('div', { id: 'flow-viewport', tabindex: '0', 'aria-label': 'Promotion flow graph' });
const canvas = h('div', { id: 'flow-canvas' });
const scratch = h('div', { id: 'flow-scratch', 'aria-hidden': 'true' });
viewportEl.append(canvas);
const details = h('aside', { class: 'details', id: 'details', 'aria-live': 'polite' });
const legend = h('div', { class: 'legend', id: 'legend' });
for (const kind of STATUS_KINDS) {
  legend.append(h('span', { class: statusClass(kind) }, h('span', { class: 'swatch' }), `${STATUS_ICONS[kind]} ${STATUS_LABELS[kind]}`));
}
legend.append(h('span', {}, '⚡ trigger'), h('span', {}, '⚑ failing step'));
const zoomIn = h('vscode-button', { secondary: '', id: 'zoom-in', title: 'Zoom in' }, '+');
const zoomOut = h('vscode-button', { secondary: '', id: 'zoom-out', title: 'Zoom out' }, '−');
const zoomFit = h('vscode-button', { secondary: '', id: 'zoom-fit', title: 'Fit to view' }, 'Fit');
const toolbar = h('div', { class: 'toolbar' }, zoomIn, zoomOut, zoomFit, legend);
flowPanel.append(h('div', { class: 'flow-layout' }, h('div', { class: 'flow-main' }, toolbar, viewportEl), details));
document.body.append(scratch);

// Notes tab
const filterField = h('vscode-textfield', { id: 'notes-filter', placeholder: 'Filter release notes', 'aria-label': 'Filter release notes' });
const copyButton = h('vscode-button', { id: 'copy-markdown' }, 'Copy as Markdown');
const notesBody = h('div', { id: 'notes-body' });
notesPanel.append(h('div', { class: 'notes-toolbar' }, filterField, copyButton), notesBody);

app.append(header, banners, notice, tabs);
// Above everything else, while the demo backend is in use: the release shown is made up.
const demoNotice = h('div', { class: 'demo-notice', id: 'demo-notice', role: 'note' });
demoNotice.hidden = true;
app.insertBefore(demoNotice, header);

// ---------------------------------------------------------------------------------------------------------------
// Header

function renderHeader(release: ReleaseView | undefined): void {
  header.replaceChildren();
  if (!release) {
    header.append(h('h1', {}, state.releaseId ? `Release ${state.releaseId}` : 'Release'));
    return;
  }
  append(header,
    h('h1', { id: 'release-title' }, `${release.productName} · ${release.version ?? release.id}`),
    h('span', { class: `status-pill ${statusClass(release.status.kind)}`, id: 'release-status', 'data-status': release.status.kind }, `${STATUS_ICONS[release.status.kind]} ${release.status.label}`),
    h('span', { class: 'meta' }, release.flowName ? `flow ${release.flowName}` : release.flowName === null ? 'manual promotion' : 'flow not known'),
    h('span', { class: 'meta' }, `created ${fmtDate(release.createdAt)}${release.initiator ? ` by ${release.initiator}` : ''}`),
    release.triggerCommit ? h('span', { class: 'meta' }, `commit ${release.triggerCommit.shortSha}${release.triggerCommit.message ? ` ${release.triggerCommit.message.split('\n', 1)[0]}` : ''}`) : null,
    h('span', { class: 'spacer' }),
  );
  const refresh = h('vscode-button', { secondary: '', id: 'refresh' }, 'Refresh');
  refresh.addEventListener('click', () => post({ type: 'refresh' }));
  header.append(refresh);
  const f = release.failure;
  if (f) {
    const where = `${f.environment} › ${f.phase}-action ${f.workflowTemplate}${f.stepName ? ` › step ${f.stepName}` : ''}`;
    const button = h('vscode-button', { id: 'failure-open' }, 'Show failing step');
    button.addEventListener('click', () => {
      select(f.workflowId || f.environmentId);
      setTab('flow');
    });
    header.append(
      h('div', { class: 'failure-banner', id: 'failure-banner', role: 'alert' },
        statusEl(f.kind),
        h('span', {}, `at ${where}${f.applicationName ? ` (application ${f.applicationName})` : ''}${f.total > 1 ? ` — ${f.total} failing steps` : ''}`),
        button,
        f.logsUrl ? link('Open logs', f.logsUrl, 'logs-link') : null),
    );
  } else if (release.error) {
    header.append(h('div', { class: 'failure-banner', id: 'failure-banner', role: 'alert' }, release.error));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Warnings: what the host could only partly load (the message may quote server text: text nodes only)

const WARNING_TITLES: Record<PanelWarning['kind'], string> = {
  'details-unavailable': 'Details unavailable',
  'backend-notes-unavailable': 'Backend release notes unavailable',
};

function warningBanner(w: PanelWarning): HTMLElement {
  return h('div', { class: 'warning-banner', id: w.kind, role: 'status', 'data-warning': w.kind },
    h('span', { class: 'warning-title' }, `⚠ ${WARNING_TITLES[w.kind] ?? 'Warning'}`),
    ' ',
    h('span', { class: 'warning-message' }, w.message));
}

/** Above the tabs: what the whole release view lacks. The notes' own warning shows in the notes tab. */
function renderBanners(model: PanelModel): void {
  banners.replaceChildren(...(model.warnings ?? []).filter((w) => w.kind === 'details-unavailable').map(warningBanner));
}

// ---------------------------------------------------------------------------------------------------------------
// Details pane

function findItem(release: ReleaseView, id: string): { env: EnvironmentView; workflow?: WorkflowView } | undefined {
  for (const env of release.environments) {
    if (env.id === id || `${env.id}.hooks` === id) return { env };
    const workflow = env.workflows.find((w) => w.id === id);
    if (workflow) return { env, workflow };
  }
  return undefined;
}

function workflowDetails(wf: WorkflowView, release: ReleaseView): HTMLElement {
  const box = h('div', { class: 'workflow-details', 'data-id': wf.id });
  box.append(h('h3', {}, `${wf.phase === 'pre' ? 'Pre-action' : 'Post-action'} workflow ${wf.templateName}`, ' ', statusEl(wf.status)));
  const list = h('ul', {});
  for (const s of wf.steps) {
    const isFailure = release.failure?.stepId === s.id;
    const li = h('li', { 'data-step': s.id, ...(s.failing ? { class: 'failing' } : {}) },
      `${s.failing ? '⚑ ' : ''}${s.name}`, ' ', statusEl(s.status),
      s.startedAt ? h('span', { class: 'meta' }, ` ${fmtDate(s.startedAt)}${s.finishedAt ? ` → ${fmtDate(s.finishedAt)}` : ''}`) : null);
    if (isFailure && release.failure?.logsUrl) li.append(' ', link('Logs of the failing step', release.failure.logsUrl, 'logs-link'));
    if (s.runs.length) {
      const runs = h('ul', {});
      for (const r of s.runs) {
        runs.append(h('li', {}, `${r.applicationName}: ${r.workflowName} `, statusEl(r.status), r.url ? ' ' : null, r.url ? link('logs', r.url) : null));
      }
      li.append(runs);
    }
    list.append(li);
  }
  box.append(list);
  return box;
}

function environmentDetails(env: EnvironmentView, release: ReleaseView, focus?: WorkflowView): HTMLElement[] {
  const out: HTMLElement[] = [];
  out.push(h('h2', {}, focus ? `${env.name} › ${focus.phase === 'pre' ? 'pre-action' : 'post-action'}` : env.name));
  out.push(kv([
    ['Status', statusEl(env.status)],
    ['API status', env.status.raw],
    ['Trigger', env.isTrigger ? 'yes' : ''],
    ['Kind', env.kind ?? ''],
    ['Blocked', env.blockedByUpstream ? 'an upstream environment failed' : ''],
    ['Started', fmtDate(env.startedAt)],
    ['Updated', fmtDate(env.updatedAt)],
    ['Promotion', env.policyAction ?? ''],
    ['Depends on', env.dependsOn.map((d) => release.environments.find((e) => e.id === d)?.name ?? d).join(', ')],
  ]));
  const workflows = focus ? [focus, ...env.workflows.filter((w) => w !== focus)] : env.workflows;
  for (const wf of workflows) out.push(workflowDetails(wf, release));
  if (env.applications.length) {
    out.push(h('h3', {}, `Applications (${env.applications.length})`));
    const ul = h('ul', {});
    for (const a of env.applications) {
      ul.append(h('li', {}, `${a.name} `, statusEl(a.status), h('span', { class: 'meta' }, ` ${a.runtime}/${a.namespace}`),
        a.commitSha ? h('div', { class: 'meta' }, `GitOps commit ${a.commitSha.slice(0, 7)}`) : null,
        a.pr ? h('div', {}, link(`${a.pr.key} ${a.pr.title}`, a.pr.url), h('span', { class: 'meta' }, ` ${a.pr.author} · ${a.pr.merged ? 'merged' : a.pr.state}`)) : null));
    }
    out.push(ul);
  }
  if (env.issues.length) {
    out.push(h('h3', {}, `Issues (${env.issues.length})`));
    const ul = h('ul', {});
    for (const i of env.issues) {
      ul.append(h('li', {}, `${i.level} ${i.type}: ${i.message}`, h('span', { class: 'meta' }, ` ${fmtDate(i.date)}${i.applicationName ? ` · ${i.applicationName}` : ''}`)));
    }
    out.push(ul);
  }
  if (env.hooks.length) {
    out.push(h('h3', {}, 'Hooks'));
    const ul = h('ul', {});
    for (const hk of env.hooks) ul.append(h('li', {}, `${hk.event}: ${hk.templateName} `, statusEl(hk.status), hk.error ? h('div', { class: 'meta' }, hk.error) : null));
    out.push(ul);
  }
  return out;
}

function renderDetails(): void {
  const release = state.model?.release;
  details.replaceChildren();
  const item = release && state.selection ? findItem(release, state.selection) : undefined;
  if (!release || !item) {
    details.append(h('p', { class: 'empty' }, 'Select an environment or workflow to see its details.'));
    if (release?.hooks.length) {
      details.append(h('h3', {}, 'Release hooks'));
      const ul = h('ul', {});
      for (const hk of release.hooks) ul.append(h('li', {}, `${hk.event}: ${hk.templateName} `, statusEl(hk.status), hk.error ? h('div', { class: 'meta' }, hk.error) : null));
      details.append(ul);
    }
    return;
  }
  details.append(...environmentDetails(item.env, release, item.workflow));
}

// ---------------------------------------------------------------------------------------------------------------
// Flow graph: Mermaid render under the strict CSP

let themeSignature = '';

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

function configureMermaid(): string {
  const cls = document.body.classList;
  const dark = cls.contains('vscode-dark') || (cls.contains('vscode-high-contrast') && !cls.contains('vscode-high-contrast-light'));
  const vars = {
    background: cssVar('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    primaryColor: cssVar('--vscode-editorWidget-background', dark ? '#252526' : '#f3f3f3'),
    primaryTextColor: cssVar('--vscode-editor-foreground', dark ? '#cccccc' : '#1f1f1f'),
    primaryBorderColor: cssVar('--vscode-widget-border', dark ? '#454545' : '#c8c8c8'),
    lineColor: cssVar('--vscode-editor-foreground', dark ? '#cccccc' : '#616161'),
    clusterBkg: 'transparent',
    clusterBorder: cssVar('--vscode-panel-border', dark ? '#454545' : '#c8c8c8'),
    fontFamily: cssVar('--vscode-font-family', 'sans-serif'),
    fontSize: '13px',
  };
  const signature = JSON.stringify([document.body.className, vars]);
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    htmlLabels: false,
    look: 'classic',
    theme: 'base',
    themeVariables: vars,
    flowchart: { htmlLabels: false, useMaxWidth: false, nodeSpacing: 30, rankSpacing: 50, padding: 8 },
    // Labels are short and break lines explicitly; measuring every word for automatic wrapping is the single
    // biggest cost of drawing a large flow.
    markdownAutoWrap: false,
    maxTextSize: 500_000,
    maxEdges: 2_000,
    suppressErrorRendering: true,
    // Nothing in the graph text may change the configuration (directives are escaped anyway).
    secure: ['secure', 'securityLevel', 'startOnLoad', 'maxTextSize', 'maxEdges', 'htmlLabels', 'flowchart', 'themeVariables', 'theme', 'themeCSS', 'fontFamily', 'look'],
  });
  return signature;
}

/** Runs `fn` with Mermaid's inline styles routed through CSP-safe channels (see the header comment). */
async function withCspSafeStyles<T>(fn: () => Promise<T>): Promise<T> {
  const origSetAttribute = Element.prototype.setAttribute;
  const origCreateElement = Document.prototype.createElement;
  Element.prototype.setAttribute = function (this: Element, name: string, value: string): void {
    // Only Mermaid's elements (being built, or in the scratch area): the rest of the panel is left alone.
    if (name.toLowerCase() === 'style' && (!this.isConnected || scratch.contains(this))) {
      origSetAttribute.call(this, 'data-mmd-style', value);
      return;
    }
    origSetAttribute.call(this, name, value);
  };
  Document.prototype.createElement = function (this: Document, tagName: string, options?: ElementCreationOptions): HTMLElement {
    const el = origCreateElement.call(this, tagName, options);
    if (tagName.toLowerCase() === 'style' && NONCE) el.nonce = NONCE;
    return el;
  } as typeof Document.prototype.createElement;
  try {
    return await fn();
  } finally {
    Element.prototype.setAttribute = origSetAttribute;
    Document.prototype.createElement = origCreateElement;
  }
}

const mermaidSheet = new CSSStyleSheet();
document.adoptedStyleSheets = [...document.adoptedStyleSheets, mermaidSheet];

/** Turns Mermaid's SVG text into a live, inert SVG element with its styles applied the CSP-safe way. */
function importSvg(svgText: string): SVGSVGElement | undefined {
  let css = '';
  const cleaned = svgText
    .replace(/<style[^>]*>([\s\S]*?)<\/style>/g, (_m, c: string) => {
      css += c;
      return '';
    })
    .replace(/(<[^>]*?\s)style="/g, '$1data-mmd-style="');
  const doc = new DOMParser().parseFromString(`<!doctype html><html><body>${cleaned}</body></html>`, 'text/html');
  const parsed = doc.body.querySelector('svg');
  if (!parsed) return undefined;
  // Defence in depth: Mermaid (strict) already sanitised this, and labels are escaped; still, nothing active
  // may survive into the live document.
  for (const el of Array.from(parsed.querySelectorAll('script, foreignObject, iframe, object, embed, a, image, use[href^="http"], style'))) el.remove();
  for (const el of Array.from(parsed.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const n = attr.name.toLowerCase();
      if (n.startsWith('on')) el.removeAttribute(attr.name);
      else if ((n === 'href' || n === 'xlink:href') && !attr.value.startsWith('#')) el.removeAttribute(attr.name);
    }
  }
  const svg = document.importNode(parsed, true) as unknown as SVGSVGElement;
  for (const el of Array.from(svg.querySelectorAll<SVGElement>('[data-mmd-style]'))) {
    el.style.cssText = el.getAttribute('data-mmd-style') ?? '';
    el.removeAttribute('data-mmd-style');
  }
  svg.removeAttribute('data-mmd-style');
  mermaidSheet.replaceSync(css);
  return svg;
}

let renderSeq = 0;
let warming: Promise<void> | undefined;

/** Mermaid's first render pays for lazy initialisation; pay it while the host is still fetching the data. */
function warmUp(): void {
  warming = (async () => {
    try {
      configureMermaid();
      // The same shapes, edges and classes a real flow uses, so their code paths are compiled too.
      const text = [
        'flowchart LR',
        '  subgraph c_a [" "]',
        '    a_pre["✓ Pre-action: t<br>✓ s"]',
        '    a(["⚡ a<br>✓ Succeeded · trigger"])',
        '    a_pre -.- a',
        '  end',
        '  b["b<br>○ Pending<br>pre ○ · post ○"]',
        '  c["c<br>⟳ Running"]',
        '  a ==> b',
        '  a ==> c',
        '  class a env',
        '  class a st-succeeded',
        '  class b env',
        '',
      ].join('\n');
      await withCspSafeStyles(() => mermaid.render('flow-warmup', text, scratch));
    } catch {
      // Warm-up is best effort; the real render reports its own errors.
    } finally {
      scratch.replaceChildren();
      warming = undefined;
      canvas.dataset.warm = '1';
    }
  })();
}
let renderedText = '';
let renderedTheme = '';
let rendering: Promise<void> | undefined;
let renderQueued = false;

async function renderFlow(force = false): Promise<void> {
  if (rendering) {
    renderQueued = true;
    if (force) renderedText = '';
    return rendering;
  }
  rendering = (async () => {
    if (warming) await warming;
    do {
      renderQueued = false;
      const release = state.model?.release;
      if (!release) break;
      if (release.environments.length === 0) {
        canvas.replaceChildren(h('p', { class: 'notice', id: 'flow-empty' }, 'This release has no environments to show.'));
        renderedText = '';
        break;
      }
      const t0 = performance.now();
      themeSignature = configureMermaid();
      const text = buildFlowchart(release);
      if (!force && text === renderedText && themeSignature === renderedTheme) {
        applySelection();
        break;
      }
      force = false;
      const id = `flow-svg-${++renderSeq}`;
      try {
        const tm = performance.now();
        const { svg } = await withCspSafeStyles(() => mermaid.render(id, text, scratch));
        canvas.dataset.mermaidMs = (performance.now() - tm).toFixed(1);
        const el = importSvg(svg);
        if (!el) throw new Error('Mermaid produced no SVG');
        el.removeAttribute('style');
        const vb = el.viewBox.baseVal;
        if (vb && vb.width > 0) {
          el.setAttribute('width', String(Math.ceil(vb.width)));
          el.setAttribute('height', String(Math.ceil(vb.height)));
        }
        canvas.replaceChildren(el);
        renderedText = text;
        renderedTheme = themeSignature;
        const firstRender = !state.viewport;
        // First view: the whole flow when it is small; for large (compact) flows not so small that labels cannot
        // be read (pan for the rest).
        if (firstRender) fitToView(release.environments.length > COMPACT_ABOVE ? 0.6 : 0.35, true);
        else applyViewport();
        applySelection();
        canvas.dataset.renderMs = (performance.now() - t0).toFixed(1);
        canvas.dataset.renderCount = String(renderSeq);
        canvas.dataset.environments = String(release.environments.length);
        canvas.dataset.envNodes = String(el.querySelectorAll('g.node.env').length);
      } catch (e) {
        canvas.replaceChildren(h('p', { class: 'notice error', id: 'flow-error' }, `Could not draw the flow: ${e instanceof Error ? e.message : String(e)}`));
      } finally {
        scratch.replaceChildren();
      }
    } while (renderQueued);
  })();
  try {
    await rendering;
  } finally {
    rendering = undefined;
  }
}

/** Mermaid node id → view-model id, from the model (ids are generated, never API text). */
function viewIdOfNode(g: Element): string | undefined {
  const release = state.model?.release;
  if (!release) return undefined;
  const m = /flowchart-([A-Za-z0-9_]+)-\d+$/.exec(g.id);
  const cluster = /^c_([A-Za-z0-9_]+)$/.exec(g.id) ?? /c_([A-Za-z0-9_]+)$/.exec(g.getAttribute('data-id') ?? '');
  const nodeId = m?.[1] ?? cluster?.[1];
  if (!nodeId) return undefined;
  for (const env of release.environments) {
    if (nodeIdOf(env.id) === nodeId || `${nodeIdOf(env.id)}_hooks` === nodeId) return env.id;
    for (const wf of env.workflows) if (nodeIdOf(wf.id) === nodeId) return wf.id;
  }
  return undefined;
}

function applySelection(): void {
  for (const g of Array.from(canvas.querySelectorAll('g.node'))) {
    const id = viewIdOfNode(g);
    g.classList.toggle('selected', id !== undefined && id === state.selection && (g.id.includes(`flowchart-${nodeIdOf(id)}-`)));
    if (id) g.setAttribute('data-view-id', id);
  }
}

function select(id: string | undefined): void {
  state.selection = id;
  save();
  applySelection();
  renderDetails();
}

// ---------------------------------------------------------------------------------------------------------------
// Pan and zoom (a CSS transform on the canvas; survives re-renders because it lives outside the SVG)

function currentViewport(): Viewport {
  return state.viewport ?? { x: 0, y: 0, scale: 1 };
}

function applyViewport(): void {
  const v = currentViewport();
  canvas.style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.scale})`;
  canvas.dataset.scale = v.scale.toFixed(3);
}

function setViewport(v: Viewport): void {
  state.viewport = { x: v.x, y: v.y, scale: Math.min(4, Math.max(0.1, v.scale)) };
  applyViewport();
  saveSoon();
}

function fitToView(minScale = 0.1, alignTop = false): void {
  const svg = canvas.querySelector('svg');
  const w = Number(svg?.getAttribute('width') ?? 0);
  const hgt = Number(svg?.getAttribute('height') ?? 0);
  const vw = viewportEl.clientWidth || 800;
  const vh = viewportEl.clientHeight || 400;
  if (!w || !hgt) {
    setViewport({ x: 0, y: 0, scale: 1 });
    return;
  }
  const scale = Math.min(1.5, Math.max(minScale, Math.min((vw - 20) / w, (vh - 20) / hgt)));
  setViewport({ x: w * scale <= vw ? (vw - w * scale) / 2 : 10, y: hgt * scale <= vh && !alignTop ? (vh - hgt * scale) / 2 : 10, scale });
}

function zoomAt(factor: number, cx: number, cy: number): void {
  const v = currentViewport();
  const scale = Math.min(4, Math.max(0.1, v.scale * factor));
  const k = scale / v.scale;
  setViewport({ x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k, scale });
}

viewportEl.addEventListener('wheel', (ev) => {
  ev.preventDefault();
  const r = viewportEl.getBoundingClientRect();
  zoomAt(ev.deltaY < 0 ? 1.1 : 1 / 1.1, ev.clientX - r.left, ev.clientY - r.top);
}, { passive: false });

let drag: { x: number; y: number; vx: number; vy: number; moved: boolean } | undefined;
viewportEl.addEventListener('pointerdown', (ev) => {
  const v = currentViewport();
  drag = { x: ev.clientX, y: ev.clientY, vx: v.x, vy: v.y, moved: false };
});
viewportEl.addEventListener('pointermove', (ev) => {
  if (!drag) return;
  const dx = ev.clientX - drag.x;
  const dy = ev.clientY - drag.y;
  if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
  if (!drag.moved) viewportEl.setPointerCapture(ev.pointerId);
  drag.moved = true;
  viewportEl.classList.add('dragging');
  setViewport({ ...currentViewport(), x: drag.vx + dx, y: drag.vy + dy });
});
const endDrag = (ev: PointerEvent) => {
  if (drag?.moved && viewportEl.hasPointerCapture(ev.pointerId)) viewportEl.releasePointerCapture(ev.pointerId);
  viewportEl.classList.remove('dragging');
  setTimeout(() => (drag = undefined), 0);
};
viewportEl.addEventListener('pointerup', endDrag);
viewportEl.addEventListener('pointercancel', endDrag);
viewportEl.addEventListener('click', (ev) => {
  if (drag?.moved) return;
  const target = ev.target instanceof Element ? ev.target.closest('g.node, g.cluster') : null;
  const id = target ? viewIdOfNode(target) : undefined;
  select(id);
});
viewportEl.addEventListener('keydown', (ev) => {
  const r = viewportEl.getBoundingClientRect();
  if (ev.key === '+' || ev.key === '=') zoomAt(1.2, r.width / 2, r.height / 2);
  else if (ev.key === '-') zoomAt(1 / 1.2, r.width / 2, r.height / 2);
  else if (ev.key === '0') fitToView();
  else if (ev.key === 'Escape') select(undefined);
});
zoomIn.addEventListener('click', () => zoomAt(1.2, viewportEl.clientWidth / 2, viewportEl.clientHeight / 2));
zoomOut.addEventListener('click', () => zoomAt(1 / 1.2, viewportEl.clientWidth / 2, viewportEl.clientHeight / 2));
zoomFit.addEventListener('click', () => fitToView());

// A text list of the environments beside the graph, for screen readers (the SVG alone is hard to navigate).
const summary = h('ul', { id: 'flow-summary', class: 'sr-only', 'aria-label': 'Environments and their statuses' });
flowPanel.append(summary);
function renderSummary(release: ReleaseView): void {
  summary.replaceChildren(
    ...release.environments.map((e) =>
      h('li', { class: 'env', 'data-status': e.status.kind }, `${e.name}: ${e.status.label}${e.isTrigger ? ', trigger' : ''}${e.failing ? ', has the failing step' : ''}`),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Release notes

function renderNotes(): void {
  const model = state.model;
  notesBody.replaceChildren();
  if (!model) return;
  if (!model.notes) {
    notesBody.append(h('p', { class: model.notesError ? 'notice error' : 'notice', id: 'notes-status' }, model.notesError ? `Release notes unavailable: ${model.notesError}` : 'Loading release notes…'));
    notesCount.textContent = '0';
    return;
  }
  const notesWarning = model.warnings?.find((w) => w.kind === 'backend-notes-unavailable');
  if (notesWarning) notesBody.append(warningBanner(notesWarning));
  const notes: NotesView = model.notes;
  const total = notes.sections.reduce((n, s) => n + s.items.length, 0);
  notesCount.textContent = String(total);
  const filtered = filterSections(notes, state.filter);
  for (const section of filtered) {
    const all = notes.sections.find((s) => s.id === section.id)?.items.length ?? 0;
    const countText = state.filter.trim() ? `${section.items.length} / ${all}` : String(all);
    const el = h('section', { class: 'notes-section', 'data-section': section.id },
      h('h2', {}, section.title, h('vscode-badge', { variant: 'counter', class: 'section-count' }, countText)));
    if (section.items.length === 0) {
      el.append(h('p', { class: 'empty' }, all === 0 ? 'None.' : 'No match for the filter.'));
    } else {
      const ul = h('ul', {});
      for (const item of section.items) {
        ul.append(h('li', { class: item.local ? 'note-item local' : 'note-item' },
          h('span', { class: 'note-key' }, link(item.key, item.url)),
          h('span', { class: 'note-title' }, item.title),
          item.detail ? h('span', { class: 'meta' }, ` · ${item.detail}`) : null,
          item.local ? h('span', { class: 'local-tag', title: 'Computed from the local Git repository' }, 'local git') : null));
      }
      el.append(ul);
    }
    notesBody.append(el);
  }
}

filterField.addEventListener('input', () => {
  state.filter = (filterField as unknown as { value: string }).value ?? '';
  save();
  renderNotes();
});
copyButton.addEventListener('click', () => {
  const model = state.model;
  if (!model?.notes) return;
  post({ type: 'copyMarkdown', markdown: notesToMarkdown(model.notes, model.release, state.filter) });
});

// ---------------------------------------------------------------------------------------------------------------
// Tabs, messages, theme

function setTab(tab: PanelTab): void {
  state.tab = tab;
  (tabs as unknown as { selectedIndex: number }).selectedIndex = tab === 'notes' ? 1 : 0;
  save();
}
tabs.addEventListener('vsc-tabs-select', (ev) => {
  const idx = (ev as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
  state.tab = idx === 1 ? 'notes' : 'flow';
  save();
});

function showModel(model: PanelModel): void {
  state.model = model;
  state.productName = model.release.productName;
  state.releaseId = model.release.id;
  if (state.selection && !findItem(model.release, state.selection)) state.selection = undefined;
  save();
  notice.textContent = '';
  notice.className = 'notice';
  document.title = `${model.release.productName} ${model.release.version ?? model.release.id}`;
  demoNotice.textContent = model.demoNotice ?? '';
  demoNotice.hidden = !model.demoNotice;
  renderHeader(model.release);
  renderBanners(model);
  renderSummary(model.release);
  renderDetails();
  renderNotes();
  void renderFlow();
}

window.addEventListener('message', (ev: MessageEvent<unknown>) => {
  const msg = ev.data as HostMessage | undefined;
  if (!msg || typeof msg !== 'object' || typeof (msg as { type?: unknown }).type !== 'string') return;
  switch (msg.type) {
    case 'model':
      if (msg.model?.release) showModel(msg.model);
      break;
    case 'loading':
      state.productName = msg.productName;
      state.releaseId = msg.releaseId;
      save();
      if (!state.model) renderHeader(undefined);
      notice.className = 'notice';
      notice.textContent = 'Loading…';
      break;
    case 'error':
      notice.className = 'notice error';
      notice.textContent = msg.message;
      break;
    case 'showTab':
      setTab(msg.tab === 'notes' ? 'notes' : 'flow');
      break;
    case 'copied':
      notice.className = msg.ok ? 'notice' : 'notice error';
      notice.textContent = msg.message;
      break;
  }
});

// Re-render on theme change: VS Code swaps the body class and the CSS variables on <html>.
let themeTimer: ReturnType<typeof setTimeout> | undefined;
const themeObserver = new MutationObserver(() => {
  clearTimeout(themeTimer);
  themeTimer = setTimeout(() => {
    themeSignature = configureMermaid();
    if (themeSignature !== renderedTheme) void renderFlow(true);
  }, 50);
});
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

// Pan/zoom state is written lazily; make sure it is written before VS Code tears the webview down.
window.addEventListener('pagehide', save);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') save();
});

// Boot: paint what we had (hide/show or reload), then ask the host for fresh data.
(filterField as unknown as { value: string }).value = state.filter;
if (state.model) showModel(state.model);
else {
  renderHeader(undefined);
  warmUp();
}
post({ type: 'ready' });

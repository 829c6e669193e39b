// The release panel's front end, bootstrapping and dispatch: it lays out the header, the banners and the two tabs
// (Flow: ./flow; Release notes: ./notesTab), renders the view model the host posts (./protocol) and posts typed
// messages back (./state); links are opened by the host, never by the webview.
//
// Safety: every string from the API or Git reaches the DOM through textContent / attribute setters, never HTML
// (./dom); graph labels are escaped for Mermaid (./flowchart) and Mermaid runs under the strict CSP set by the host
// (./mermaidAdapter): default-src 'none'; script-src and style-src by nonce and the extension's own resource origin.

import './styles.css';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import { findItem } from './details';
import { h } from './dom';
import { createFlowTab } from './flow';
import { renderBanners, renderHeader } from './header';
import { createNotesTab } from './notesTab';
import type { HostMessage, PanelModel, PanelTab, ReleaseView } from './protocol';
import { post, save, state } from './state';

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
const flow = createFlowTab(flowPanel);
const notes = createNotesTab(notesPanel, notesCount);

app.append(header, banners, notice, tabs);
// Above everything else, while the demo backend is in use: the release shown is made up.
const demoNotice = h('div', { class: 'demo-notice', id: 'demo-notice', role: 'note' });
demoNotice.hidden = true;
app.insertBefore(demoNotice, header);

function showHeader(release: ReleaseView | undefined): void {
  renderHeader(header, release, {
    releaseId: state.releaseId,
    showFailure(f) {
      flow.select(f.workflowId || f.environmentId);
      setTab('flow');
    },
    showEnvironment(id) {
      flow.select(id);
      setTab('flow');
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Tabs, messages

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
  showHeader(model.release);
  renderBanners(banners, model);
  flow.renderSide();
  notes.render();
  void flow.render();
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
      if (!state.model) showHeader(undefined);
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

// Pan/zoom state is written lazily; make sure it is written before VS Code tears the webview down.
window.addEventListener('pagehide', save);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') save();
});

// Boot: paint what we had (hide/show or reload), then ask the host for fresh data.
notes.showFilter();
if (state.model) showModel(state.model);
else {
  showHeader(undefined);
  flow.warmUp();
}
post({ type: 'ready' });

// The Flow tab: the promotion flow drawn by Mermaid (./flowchart writes the text, ./mermaidAdapter draws it under
// the CSP), with pan and zoom, the legend, the selection and its details pane, and a text summary for screen
// readers. Redraws only when the graph text or the theme changed; renders never overlap.

import { STATUS_KINDS, STATUS_LABELS } from '../src/core/status';
import { renderDetails } from './details';
import { h } from './dom';
import { buildFlowchart, nodeIdOf, STATUS_ICONS, statusClass } from './flowchart';
import { configureMermaid, importSvg, renderMermaid, warmUpMermaid } from './mermaidAdapter';
import { installPanZoom } from './panZoom';
import type { ReleaseView } from './protocol';
import { post, save, saveSoon, state } from './state';

interface FlowTab {
  /** Draws the release in the state; `force` redraws even when neither the text nor the theme changed. */
  render(force?: boolean): Promise<void>;
  /** Selects a graph item by view-model id (undefined: none) and shows its details. */
  select(id: string | undefined): void;
  /** Redraws the details pane and the screen-reader summary for the model in the state. */
  renderSide(): void;
  /** Pays Mermaid's first-render cost while the host is still fetching the data. */
  warmUp(): void;
}

/** Builds the tab into `panel` and starts following the VS Code theme. */
export function createFlowTab(panel: HTMLElement): FlowTab {
  const viewportEl = h('div', { id: 'flow-viewport', tabindex: '0', 'aria-label': 'Promotion flow graph' });
  const canvas = h('div', { id: 'flow-canvas' });
  const scratch = h('div', { id: 'flow-scratch', 'aria-hidden': 'true' });
  viewportEl.append(canvas);
  const details = h('aside', { class: 'details', id: 'details', 'aria-live': 'polite' });
  const legend = h('div', { class: 'legend', id: 'legend' });
  for (const kind of STATUS_KINDS) {
    legend.append(h('span', { class: `status-text ${statusClass(kind)}`, 'data-status': kind }, h('span', { class: 'swatch' }), `${STATUS_ICONS[kind]} ${STATUS_LABELS[kind]}`));
  }
  legend.append(h('span', {}, '⚡ trigger'), h('span', {}, '⚑ failing step'));
  const zoomIn = h('vscode-button', { secondary: '', id: 'zoom-in', title: 'Zoom in' }, '+');
  const zoomOut = h('vscode-button', { secondary: '', id: 'zoom-out', title: 'Zoom out' }, '−');
  const zoomFit = h('vscode-button', { secondary: '', id: 'zoom-fit', title: 'Fit to view' }, 'Fit');
  const toolbar = h('div', { class: 'toolbar' }, zoomIn, zoomOut, zoomFit, legend);
  panel.append(h('div', { class: 'flow-layout' }, h('div', { class: 'flow-main' }, toolbar, viewportEl), details));
  document.body.append(scratch);

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

  /** The graph's selectable nodes (environments, workflows, hooks), in document order. */
  function selectableNodes(): SVGGElement[] {
    return Array.from(canvas.querySelectorAll<SVGGElement>('g.node[data-view-id]'));
  }

  /** Marks the selected node, and makes the nodes keyboard items: one tab stop, arrows move between them. */
  function applySelection(): void {
    for (const g of Array.from(canvas.querySelectorAll('g.node'))) {
      const id = viewIdOfNode(g);
      const selected = id !== undefined && id === state.selection && g.id.includes(`flowchart-${nodeIdOf(id)}-`);
      g.classList.toggle('selected', selected);
      if (!id) continue;
      g.setAttribute('data-view-id', id);
      g.setAttribute('role', 'button');
      g.setAttribute('aria-pressed', String(selected));
      g.setAttribute('aria-label', (g.textContent ?? '').replace(/\s+/g, ' ').trim());
    }
    const nodes = selectableNodes();
    const current = nodes.find((g) => g === document.activeElement) ?? nodes.find((g) => g.classList.contains('selected')) ?? nodes.find((g) => g.classList.contains('env'));
    for (const g of nodes) g.setAttribute('tabindex', g === current ? '0' : '-1');
  }

  /** The nearest node from `from` in an arrow key's direction, by the centres of their boxes on screen. */
  function nodeToward(from: Element, key: string): SVGGElement | undefined {
    const centre = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    };
    const a = centre(from);
    let best: { g: SVGGElement; cost: number } | undefined;
    for (const g of selectableNodes()) {
      if (g === from) continue;
      const b = centre(g);
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      // Along the key's axis it must move forward; distance off the axis counts double.
      const [along, across] = key === 'ArrowRight' ? [dx, dy] : key === 'ArrowLeft' ? [-dx, dy] : key === 'ArrowDown' ? [dy, dx] : [-dy, dx];
      if (along <= 1) continue;
      const cost = along + 2 * Math.abs(across);
      if (!best || cost < best.cost) best = { g, cost };
    }
    return best?.g;
  }

  function focusNode(g: SVGGElement): void {
    for (const n of selectableNodes()) n.setAttribute('tabindex', n === g ? '0' : '-1');
    g.focus({ preventScroll: true });
    panZoom.reveal(g);
  }

  canvas.addEventListener('keydown', (ev) => {
    const g = ev.target instanceof Element ? ev.target.closest<SVGGElement>('g.node[data-view-id]') : null;
    if (!g) return;
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      select(g.getAttribute('data-view-id') ?? undefined);
      focusNode(g);
    } else if (ev.key.startsWith('Arrow')) {
      ev.preventDefault();
      const next = nodeToward(g, ev.key);
      if (next) focusNode(next);
    }
  });

  function showDetails(): void {
    renderDetails(details, state.model?.release, state.selection);
  }

  function select(id: string | undefined): void {
    state.selection = id;
    save();
    applySelection();
    showDetails();
  }

  const panZoom = installPanZoom({
    viewport: viewportEl,
    canvas,
    zoomIn,
    zoomOut,
    zoomFit,
    get: () => state.viewport,
    set(v) {
      state.viewport = v;
      saveSoon();
    },
    onClick(ev) {
      const target = ev.target instanceof Element ? ev.target.closest('g.node, g.cluster') : null;
      select(target ? viewIdOfNode(target) : undefined);
    },
    onEscape: () => select(undefined),
  });

  // A text list of the environments beside the graph, for screen readers (the SVG alone is hard to navigate).
  const summary = h('ul', { id: 'flow-summary', class: 'sr-only', 'aria-label': 'Environments and their statuses' });
  panel.append(summary);
  function renderSummary(release: ReleaseView): void {
    summary.replaceChildren(
      ...release.environments.map((e) =>
        h('li', { class: 'env', 'data-status': e.status.kind }, `${e.name}: ${e.status.label}${e.isTrigger ? ', trigger' : ''}${e.failing ? ', has the failing step' : ''}`),
      ),
    );
  }

  let themeSignature = '';
  let renderSeq = 0;
  let warming: Promise<void> | undefined;
  let renderedText = '';
  let renderedTheme = '';
  let rendering: Promise<void> | undefined;
  let renderQueued = false;

  function warmUp(): void {
    warming = warmUpMermaid(scratch).finally(() => {
      warming = undefined;
      canvas.dataset.warm = '1';
    });
  }

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
          const svg = await renderMermaid(id, text, scratch);
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
          // First view: readable text (the whole flow when it can be read whole, else its start; pan for the rest).
          if (!state.viewport) panZoom.fitReadable();
          else panZoom.apply();
          applySelection();
          canvas.dataset.renderMs = (performance.now() - t0).toFixed(1);
          canvas.dataset.renderCount = String(renderSeq);
          canvas.dataset.environments = String(release.environments.length);
          canvas.dataset.envNodes = String(el.querySelectorAll('g.node.env').length);
          post({ type: 'graphDrawn', environments: Number(canvas.dataset.envNodes) });
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

  return {
    render: renderFlow,
    select,
    renderSide() {
      const release = state.model?.release;
      if (release) renderSummary(release);
      showDetails();
    },
    warmUp,
  };
}

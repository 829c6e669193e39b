// Pan and zoom of the flow graph: a CSS transform on the canvas, so it survives re-renders (it lives outside the
// SVG). Wheel and +/−/0 keys zoom, dragging pans; a click that was not the end of a drag is handed on.

import type { Viewport } from './protocol';

interface PanZoomOptions {
  /** The scrolling frame that receives the pointer, wheel and key events. */
  viewport: HTMLElement;
  /** The element moved and scaled (the SVG's parent). */
  canvas: HTMLElement;
  zoomIn: HTMLElement;
  zoomOut: HTMLElement;
  zoomFit: HTMLElement;
  /** The viewport to show (undefined: the identity). */
  get(): Viewport | undefined;
  /** Keeps a changed viewport (called on every move: persist it lazily). */
  set(viewport: Viewport): void;
  /** A click on the graph that did not end a drag. */
  onClick(ev: MouseEvent): void;
  onEscape(): void;
}

interface PanZoom {
  /** Shows the current viewport (after the canvas was redrawn). */
  apply(): void;
  /** Fits the graph into the frame, never below `minScale`; `alignTop` keeps a tall graph's top in view. */
  fit(minScale?: number, alignTop?: boolean): void;
}

export function installPanZoom(o: PanZoomOptions): PanZoom {
  const { viewport: viewportEl, canvas } = o;

  function currentViewport(): Viewport {
    return o.get() ?? { x: 0, y: 0, scale: 1 };
  }

  function applyViewport(): void {
    const v = currentViewport();
    canvas.style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.scale})`;
    canvas.dataset.scale = v.scale.toFixed(3);
  }

  function setViewport(v: Viewport): void {
    o.set({ x: v.x, y: v.y, scale: Math.min(4, Math.max(0.1, v.scale)) });
    applyViewport();
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
    o.onClick(ev);
  });
  viewportEl.addEventListener('keydown', (ev) => {
    const r = viewportEl.getBoundingClientRect();
    if (ev.key === '+' || ev.key === '=') zoomAt(1.2, r.width / 2, r.height / 2);
    else if (ev.key === '-') zoomAt(1 / 1.2, r.width / 2, r.height / 2);
    else if (ev.key === '0') fitToView();
    else if (ev.key === 'Escape') o.onEscape();
  });
  o.zoomIn.addEventListener('click', () => zoomAt(1.2, viewportEl.clientWidth / 2, viewportEl.clientHeight / 2));
  o.zoomOut.addEventListener('click', () => zoomAt(1 / 1.2, viewportEl.clientWidth / 2, viewportEl.clientHeight / 2));
  o.zoomFit.addEventListener('click', () => fitToView());

  return { apply: applyViewport, fit: fitToView };
}

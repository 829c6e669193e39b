// Pan and zoom of the flow graph: a CSS transform on the canvas, so it survives re-renders (it lives outside the
// SVG). Wheel zooms about the pointer; "+", "−" and the +/−/0 keys zoom about the middle of the part of the graph in
// view; dragging pans. Whatever the user does, part of the graph stays in the frame. The first view is readable:
// when the whole graph would only fit below a legible text size, it is shown at that size and the rest is panned
// to. When the frame changes size (the panel was resized), a fitted view is fitted again.

import type { Viewport } from './protocol';

interface PanZoomOptions {
  /** The frame that receives the pointer, wheel and key events (its overflow is hidden). */
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
  /** Shows the current viewport (after the canvas was redrawn), kept within the frame. */
  apply(): void;
  /** The first view: the whole graph if its labels stay legible, else the start of it at a legible size. */
  fitReadable(): void;
  /** Pans (never zooms) so that `el`, an element of the graph, is in view. */
  reveal(el: Element): void;
}

const MIN_SCALE = 0.1;
const MAX_SCALE = 4;
/** The smallest label size, in CSS pixels on screen, the first view allows. */
const LEGIBLE_PX = 12;
/** Space kept between the frame's edge and a graph that fits, or the slack past the edge of one that does not. */
const MARGIN = 16;

export function installPanZoom(o: PanZoomOptions): PanZoom {
  const { viewport: viewportEl, canvas } = o;

  function currentViewport(): Viewport {
    return o.get() ?? { x: 0, y: 0, scale: 1 };
  }

  /** The graph's size at scale 1, or undefined when nothing is drawn. */
  function contentSize(): { w: number; h: number } | undefined {
    const svg = canvas.querySelector('svg');
    const w = Number(svg?.getAttribute('width') ?? 0);
    const h = Number(svg?.getAttribute('height') ?? 0);
    return w > 0 && h > 0 ? { w, h } : undefined;
  }

  /** The frame's size; a guess while it is hidden (the notes tab is shown), which a resize corrects on showing it. */
  function frameSize(): { vw: number; vh: number } {
    return { vw: viewportEl.clientWidth || 800, vh: viewportEl.clientHeight || 400 };
  }

  const hidden = () => viewportEl.clientWidth === 0 || viewportEl.clientHeight === 0;

  /** One axis: a graph that fits stays wholly inside; a larger one may not leave a gap wider than the margin. */
  function clampAxis(pos: number, size: number, frame: number): number {
    if (size <= frame) return Math.min(Math.max(pos, 0), frame - size);
    return Math.min(Math.max(pos, frame - size - MARGIN), MARGIN);
  }

  function clamped(v: Viewport): Viewport {
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale));
    const size = contentSize();
    // Hidden, the frame has no size to keep the graph in: the viewport is kept as it is until it is shown.
    if (!size || hidden()) return { ...v, scale };
    const { vw, vh } = frameSize();
    return { ...v, scale, x: clampAxis(v.x, size.w * scale, vw), y: clampAxis(v.y, size.h * scale, vh) };
  }

  function applyViewport(): void {
    const v = currentViewport();
    canvas.style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.scale})`;
    canvas.dataset.scale = v.scale.toFixed(3);
  }

  /** Shows `v`; a viewport the user changed by hand is no longer a fitted one (a resize keeps it). */
  function setViewport(v: Viewport): void {
    const c = clamped(v);
    o.set({ x: c.x, y: c.y, scale: c.scale, ...(c.fit ? { fit: c.fit } : {}) });
    applyViewport();
  }

  /** The label size at scale 1 (Mermaid's font size), read from the drawing. */
  function labelPx(): number {
    const text = canvas.querySelector('svg g.node text');
    const px = text ? Number.parseFloat(getComputedStyle(text).fontSize) : Number.NaN;
    return Number.isFinite(px) && px > 0 ? px : 13;
  }

  function fit(mode: 'all' | 'readable'): void {
    const size = contentSize();
    if (!size) {
      setViewport({ x: 0, y: 0, scale: 1, fit: mode });
      return;
    }
    const { vw, vh } = frameSize();
    const whole = Math.min((vw - 2 * MARGIN) / size.w, (vh - 2 * MARGIN) / size.h);
    let scale = Math.min(1.5, whole);
    if (mode === 'readable') {
      const legible = LEGIBLE_PX / labelPx();
      // Too small to read whole: legible, and as large as the frame's height allows up to the natural size, so a
      // wide flow uses the height it has while the rest is panned to.
      if (scale < legible) scale = Math.max(legible, Math.min(1, (vh - 2 * MARGIN) / size.h));
    }
    const sw = size.w * scale;
    const sh = size.h * scale;
    // A graph that fits is centred; one that does not starts at its beginning (the trigger, on the left) and top.
    setViewport({ x: sw <= vw ? (vw - sw) / 2 : MARGIN, y: sh <= vh ? (vh - sh) / 2 : MARGIN, scale, fit: mode });
  }

  function zoomAt(factor: number, cx: number, cy: number): void {
    const v = currentViewport();
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
    const k = scale / v.scale;
    setViewport({ x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k, scale });
  }

  /** Zoom about the middle of the part of the graph that is in view, so the graph stays where the user looks. */
  function zoomOnContent(factor: number): void {
    const size = contentSize();
    const { vw, vh } = frameSize();
    if (!size) return zoomAt(factor, vw / 2, vh / 2);
    const v = currentViewport();
    const mid = (pos: number, len: number, frame: number) => (Math.max(pos, 0) + Math.min(pos + len, frame)) / 2;
    zoomAt(factor, mid(v.x, size.w * v.scale, vw), mid(v.y, size.h * v.scale, vh));
  }

  function reveal(el: Element): void {
    const r = el.getBoundingClientRect();
    const f = viewportEl.getBoundingClientRect();
    const v = currentViewport();
    const shift = (start: number, end: number, fStart: number, fEnd: number) =>
      start < fStart + MARGIN ? fStart + MARGIN - start : end > fEnd - MARGIN ? Math.max(fEnd - MARGIN - end, fStart + MARGIN - start) : 0;
    const dx = shift(r.left, r.right, f.left, f.right);
    const dy = shift(r.top, r.bottom, f.top, f.bottom);
    if (dx || dy) setViewport({ ...v, x: v.x + dx, y: v.y + dy, ...(v.fit ? { fit: v.fit } : {}) });
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
    setViewport({ ...currentViewport(), x: drag.vx + dx, y: drag.vy + dy, fit: undefined });
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
    if (ev.key === '+' || ev.key === '=') zoomOnContent(1.2);
    else if (ev.key === '-') zoomOnContent(1 / 1.2);
    else if (ev.key === '0') fit('all');
    else if (ev.key === 'Escape') o.onEscape();
  });
  o.zoomIn.addEventListener('click', () => zoomOnContent(1.2));
  o.zoomOut.addEventListener('click', () => zoomOnContent(1 / 1.2));
  o.zoomFit.addEventListener('click', () => fit('all'));

  // A resized frame (panel resized, sidebar toggled): a fitted view is fitted again, a hand-set one kept in the frame.
  let lastFrame = '';
  const frameKey = () => {
    const { vw, vh } = frameSize();
    return `${vw}x${vh}`;
  };
  new ResizeObserver(() => {
    const key = frameKey();
    if (key === lastFrame || !contentSize() || hidden()) return;
    lastFrame = key;
    const v = o.get();
    if (!v || v.fit) fit(v?.fit ?? 'readable');
    else setViewport(v);
  }).observe(viewportEl);

  return {
    apply() {
      const v = o.get();
      // A fitted view is fitted to the new drawing (it may have grown); a hand-set one is kept.
      if (v?.fit) fit(v.fit);
      else if (v) setViewport(v);
      else applyViewport();
      lastFrame = frameKey();
    },
    fitReadable() {
      fit('readable');
      lastFrame = frameKey();
    },
    reveal,
  };
}

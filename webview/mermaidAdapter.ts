// Mermaid under the panel's strict CSP: theme configuration from VS Code's CSS variables, rendering, and the import
// of the finished SVG into the live document.
//
// Mermaid writes `style="…"` attributes and a <style> element into the SVG, both refused by a nonce-only style-src.
// We keep the CSP strict and adapt Mermaid instead: during a render the <style> elements it creates get the page
// nonce, and style attributes it sets are parked in `data-mmd-style`; when the finished SVG is inserted, its <style>
// text goes into a constructable stylesheet (document.adoptedStyleSheets, which CSP does not govern) and the parked
// declarations are applied through CSSOM (`element.style.cssText`), which CSP also allows. No 'unsafe-inline'
// anywhere. What remains are report-only violations from Mermaid's own DOMPurify pass, which re-parses the SVG text
// (with its <style> and marker style attributes) in an inert document: nothing there is ever applied or rendered,
// the browser just reports that it would have refused it.
//
// Mermaid runs with securityLevel 'strict' and htmlLabels off; graph labels are escaped by `mermaidLabel`
// (./flowchart).

import mermaid from 'mermaid';

// Read while the bundle's <script> runs (document.currentScript is only set then).
const NONCE = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * Configures Mermaid for the current VS Code theme; returns a signature of the theme, which changes exactly when the
 * graph must be drawn again to follow it.
 */
export function configureMermaid(): string {
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
async function withCspSafeStyles<T>(scratch: HTMLElement, fn: () => Promise<T>): Promise<T> {
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
export function importSvg(svgText: string): SVGSVGElement | undefined {
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


/** Mermaid's SVG text for the flowchart `text`, measured and laid out in `scratch` (an off-screen element). */
export async function renderMermaid(id: string, text: string, scratch: HTMLElement): Promise<string> {
  const { svg } = await withCspSafeStyles(scratch, () => mermaid.render(id, text, scratch));
  return svg;
}

/** Mermaid's first render pays for lazy initialisation: this pays it up front. Never fails. */
export async function warmUpMermaid(scratch: HTMLElement): Promise<void> {
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
    await renderMermaid('flow-warmup', text, scratch);
  } catch {
    // Warm-up is best effort; the real render reports its own errors.
  } finally {
    scratch.replaceChildren();
  }
}

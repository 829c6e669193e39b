// The release panel's HTML shell and its Content-Security-Policy. Pure (no vscode import) so the Chromium tests load
// the webview bundle under exactly the policy the extension uses.
//
// Policy: default-src 'none'; scripts only by nonce (the one <script> that loads dist/webview.js from the extension's
// own resource root); styles only by nonce (the <link> to dist/webview.css, and the <style> elements Mermaid creates
// while measuring, which the webview tags with the same nonce); images and fonts only from the extension's resource
// origin. No 'unsafe-inline', no 'unsafe-eval', nothing remote. Lit (vscode-elements) and the finished Mermaid SVG
// use constructable stylesheets, which CSP does not govern. No API or Git text is ever put into this HTML: the data
// arrives by postMessage and is rendered as DOM text.

import { randomBytes } from 'node:crypto';

export function createNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''));
}

export interface PanelHtmlOptions {
  /** `webview.cspSource` (the extension's resource origin). */
  cspSource: string;
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)` as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)` as a string. */
  styleUri: string;
  /** Window title placeholder (escaped). */
  title?: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function escapeHtmlAttr(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function panelHtml(o: PanelHtmlOptions): string {
  const n = escapeHtmlAttr(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtmlAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${n}" href="${escapeHtmlAttr(o.styleUri)}">
<title>${escapeHtmlAttr(o.title ?? 'Release')}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${n}" src="${escapeHtmlAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

import assert from 'node:assert/strict';
import { contentSecurityPolicy, createNonce, panelHtml } from '../../../src/vscode/panel/html';
import { linkToOpen, parseRestoredState, parseWebviewMessage } from '../../../src/vscode/panel/messages';

describe('release panel host helpers', () => {
  it('builds a nonce-only CSP with no unsafe sources and no remote origins', () => {
    const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc');
    assert.match(csp, /^default-src 'none'; script-src 'nonce-abc'; style-src 'nonce-abc'; /);
    assert.doesNotMatch(csp, /unsafe|\*|http:|data:/);
    const html = panelHtml({ cspSource: 'vscode-resource:', nonce: 'n1', scriptUri: 'vscode-resource:/dist/webview.js', styleUri: 'vscode-resource:/dist/webview.css' });
    assert.equal((html.match(/<script /g) ?? []).length, 1);
    assert.match(html, /<script nonce="n1" src="vscode-resource:\/dist\/webview\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" nonce="n1" href="vscode-resource:\/dist\/webview\.css">/);
    assert.doesNotMatch(html, /style=/);
    const a = createNonce();
    assert.match(a, /^[A-Za-z0-9_-]{24}$/);
    assert.notEqual(a, createNonce());
  });

  it('accepts only well-formed webview messages and names the bad field', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(parseWebviewMessage({ type: 'openLink', url: 'https://x.test/a' }), { ok: true, message: { type: 'openLink', url: 'https://x.test/a' } });
    const bad = parseWebviewMessage({ type: 'openLink', url: 42 });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.error, /^invalid webview message: message\.url: /);
    assert.equal(parseWebviewMessage({ type: 'runCommand', command: 'x' }).ok, false);
    assert.deepEqual(parseWebviewMessage({ type: 'graphDrawn', environments: 3 }), { ok: true, message: { type: 'graphDrawn', environments: 3 } });
    assert.equal(parseWebviewMessage({ type: 'graphDrawn', environments: -1 }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'graphDrawn' }).ok, false);
    assert.equal(parseWebviewMessage('ready').ok, false);
    assert.equal(parseWebviewMessage({ type: 'copyMarkdown', markdown: 'x'.repeat(2_000_001) }).ok, false);
    const sha = '1111111aaaaaaa';
    assert.deepEqual(parseWebviewMessage({ type: 'openCommit', sha }), { ok: true, message: { type: 'openCommit', sha } });
    // A sha is hex: anything else (a ref name, an option for git) is refused.
    for (const bad of ['--output=/tmp/x', 'HEAD~1', 'main', '', 'a'.repeat(65)]) assert.equal(parseWebviewMessage({ type: 'openCommit', sha: bad }).ok, false, bad);
  });

  it('opens only http(s) links', () => {
    assert.equal(linkToOpen('https://g.codefresh.io/x'), 'https://g.codefresh.io/x');
    assert.equal(linkToOpen('http://localhost:8080/'), 'http://localhost:8080/');
    for (const u of ['javascript:alert(1)', 'command:workbench.action.quit', 'file:///etc/passwd', 'vscode://x', '//evil.test', 'data:text/html,x', '']) {
      assert.equal(linkToOpen(u), undefined, u);
    }
  });

  it('restores a panel only from usable persisted state', () => {
    assert.deepEqual(parseRestoredState({ productName: 'shop', releaseId: 'r1', tab: 'notes', model: {} }), { productName: 'shop', releaseId: 'r1', tab: 'notes' });
    assert.deepEqual(parseRestoredState({ productName: 'shop', releaseId: 'r1', tab: 'bogus' }), undefined);
    assert.deepEqual(parseRestoredState({ productName: 'shop', releaseId: 'r1' }), { productName: 'shop', releaseId: 'r1', tab: 'flow' });
    assert.equal(parseRestoredState(undefined), undefined);
    assert.equal(parseRestoredState({ productName: '', releaseId: 'r1' }), undefined);
  });
});

import assert from 'node:assert/strict';
import { marked } from 'marked';
import { commandLink, escapeMarkdown, shaCode } from '../../../src/present/markdown';

// Render with a real CommonMark/GFM renderer and read back what a user would see.
function render(md: string): string {
  return marked.parse(md, { async: false });
}
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '')
    .trim();
}

const HOSTILE = [
  '<img src=x onerror="alert(1)">',
  '[click me](command:gitopsReleases.signOut)',
  '[x](javascript:alert(1))',
  '**bold** _em_ `code` ~~strike~~',
  '# heading\n- list\n> quote',
  '| a | b |\n|---|---|',
  '![img](https://evil.example/x.png)',
  '&lt;script&gt; &#91;entity&#93;',
  'trailing backslash \\',
  '<https://evil.example>',
  '$(zap) icon syntax',
  // GFM autolinks: copied release notes land on renderers that link bare URLs and addresses.
  'see https://evil.example/x and www.evil.example',
  'mail mallory@evil.example',
];

describe('escapeMarkdown', () => {
  for (const s of HOSTILE) {
    it(`renders literally: ${JSON.stringify(s).slice(0, 40)}`, () => {
      const html = render(escapeMarkdown(s));
      assert.ok(!/<(img|a|strong|em|code|h1|ul|li|blockquote|table|del|script)\b/i.test(html), html);
      assert.equal(textOf(html), s.replace(/[\r\n]+/g, ' '));
    });
  }

  it('keeps the text on one line and drops control characters', () => {
    assert.equal(escapeMarkdown('a\r\nb\u0007c\u202ed'), 'a b' + 'c' + 'd');
  });

  it('caps very long text with an ellipsis', () => {
    const out = escapeMarkdown('x'.repeat(10_000), { maxLength: 100 });
    assert.equal(out.length, 100);
    assert.ok(out.endsWith('…'));
  });

  it('keeps long text whole when the caller lifts the cap (copied release notes)', () => {
    const long = `${'x'.repeat(10_000)} [y](z)`;
    const out = escapeMarkdown(long, { maxLength: Number.POSITIVE_INFINITY });
    assert.equal(textOf(render(out)), long);
  });

  it('turns a multi-line title into one line, so it cannot start a heading or a list in a list item', () => {
    assert.equal(escapeMarkdown('# [x](y)\n*z*'), '\\# \\[x\\]\\(y\\) \\*z\\*');
    const html = render(`- ${escapeMarkdown('fix\n# Heading\n- item')}`);
    assert.ok(!/<(h1|ul[^>]*>\s*<li[^>]*>[^<]*<ul)/.test(html), html);
  });

  it('accepts non-strings without throwing', () => {
    assert.equal(escapeMarkdown(undefined), '');
    assert.equal(escapeMarkdown(null), '');
    assert.equal(escapeMarkdown(42), '42');
  });
});

describe('command links', () => {
  it('encodes arguments so they cannot end the link', () => {
    const link = commandLink('Open', 'gitopsReleases.openRelease', ['prod) [x](command:evil', 'id "q"']);
    const uri = /^\[Open\]\((command:[^)]*)\)$/.exec(link)?.[1] ?? '';
    assert.ok(!/[()\s"[\]]/.test(uri.slice('command:'.length)), uri);
    const args: unknown = JSON.parse(decodeURIComponent(uri.split('?')[1]!));
    assert.deepEqual(args, ['prod) [x](command:evil', 'id "q"']);
  });

  it('renders exactly one link with the escaped label', () => {
    const html = render(commandLink('Open *release* [1]', 'gitopsReleases.openRelease', ['p)', 'r']));
    assert.equal((html.match(/<a /g) ?? []).length, 1);
    assert.match(html, /href="command:gitopsReleases\.openRelease\?/);
    assert.equal(textOf(html), 'Open *release* [1]');
  });

  it('rejects a command id with syntax in it', () => {
    assert.throws(() => commandLink('x', 'x)(y', []));
  });
});

describe('shaCode', () => {
  it('keeps only hex in a sha code span', () => {
    assert.equal(shaCode('abc123`4567890'), '`abc1234`');
    assert.equal(shaCode('`'), '`?`');
  });
});

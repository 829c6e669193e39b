// Every user-facing string of the extension's VS Code layer goes through vscode.l10n.t, so a translation bundle (and
// the pseudo-locale the tests run with) reaches it. This test reads src/vscode with the TypeScript parser and fails on
// an English literal where VS Code shows text: a notification, a quick pick or input box, a progress title, a tree
// item's label/description/tooltip, a view's message/description, a status bar item's text, or an Error that the
// commands show. The scanner is checked on a sample first, so it cannot pass by finding nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** Calls whose string arguments VS Code shows as they are. */
const SHOWN_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'showQuickPick', 'showInputBox', 'setStatusBarMessage', 'TreeItem', 'Error', 'MarkdownString', 'Hover', 'pickOne', 'pickMany', 'input', 'askWarning', 'showInfo', 'showWarning', 'showError', 'withProgress', 'releaseArgs', 'pickRelease', 'trustedMarkdown']);
/** Calls that show only some of their arguments: setState(state id, detail shown in the views). */
const SHOWN_ARGUMENT: Record<string, number> = { setState: 1 };
/** Properties whose string value VS Code shows (quick pick items, input boxes, progress, tree items and views). */
const SHOWN_PROPERTIES = new Set(['title', 'placeholder', 'placeHolder', 'prompt', 'label', 'description', 'detail', 'tooltip', 'message', 'text', 'validationMessage', 'accessibilityLabel', 'name']);
/** Loggers are for the output channel in English (like VS Code's own logs), not for the UI. */
const LOG_RECEIVERS = /(^|\.)(log|logger|this\.log)$/;

/** True when the literal has words in it (a template's fixed parts count; `${a} ${b}` alone does not). */
function hasWords(node: ts.Node): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return /[A-Za-z]{2,}/.test(node.text.replace(/\$\([a-z-~]+\)/g, ''));
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].some((t) => /[A-Za-z]{2,}/.test(t.replace(/\$\([a-z-~]+\)/g, '')));
  return false;
}

/** The literal itself, or the branches of a conditional / the sides of a `??`/`||` that end up shown. */
function shownLiterals(expr: ts.Expression): ts.Expression[] {
  const e = ts.isParenthesizedExpression(expr) ? expr.expression : expr;
  if (ts.isConditionalExpression(e)) return [...shownLiterals(e.whenTrue), ...shownLiterals(e.whenFalse)];
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.PlusToken].includes(e.operatorToken.kind)) return [...shownLiterals(e.left), ...shownLiterals(e.right)];
  return hasWords(e) ? [e] : [];
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const c = call.expression;
  if (ts.isIdentifier(c)) return c.text;
  if (ts.isPropertyAccessExpression(c)) return c.name.text;
  return undefined;
}

function isLogCall(call: ts.CallExpression | ts.NewExpression): boolean {
  const c = call.expression;
  return ts.isPropertyAccessExpression(c) && LOG_RECEIVERS.test(c.expression.getText());
}

interface Bypass {
  file: string;
  line: number;
  text: string;
}

/** The user-facing literals in `source` that do not go through l10n.t. */
function findBypasses(file: string, source: string): Bypass[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Bypass[] = [];
  const lines = source.split('\n');
  const exempt = (line: number) => [lines[line - 1], lines[line - 2]].some((l) => l !== undefined && /\/\/ l10n-exempt: \S/.test(l));
  const report = (n: ts.Node) => {
    const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
    if (!exempt(line)) out.push({ file, line, text: n.getText().slice(0, 100) });
  };
  const visit = (n: ts.Node) => {
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !isLogCall(n)) {
      const name = calleeName(n);
      if (name === 't') return; // l10n.t(...): the message is the key of the bundle
      if (name && SHOWN_CALLS.has(name)) for (const a of n.arguments ?? []) shownLiterals(a).forEach(report);
      const shown = name === undefined ? undefined : SHOWN_ARGUMENT[name];
      const arg = shown === undefined ? undefined : n.arguments?.[shown];
      if (arg) shownLiterals(arg).forEach(report);
    }
    if (ts.isPropertyAssignment(n) && SHOWN_PROPERTIES.has(n.name.getText())) shownLiterals(n.initializer).forEach(report);
    // An input box's validate callback returns the message shown under the box.
    if (ts.isPropertyAssignment(n) && n.name.getText() === 'validate' && ts.isArrowFunction(n.initializer) && !ts.isBlock(n.initializer.body)) shownLiterals(n.initializer.body).forEach(report);
    if (ts.isReturnStatement(n) && n.expression && /\bvalidate\b/.test(enclosingFunctionHead(n))) shownLiterals(n.expression).forEach(report);
    // A constant whose name says it is a button or a message (`const useHttps = 'Use HTTPS'`).
    if (ts.isVariableDeclaration(n) && n.initializer && /(message|label|title|button|text|notice|prompt)$/i.test(n.name.getText())) shownLiterals(n.initializer).forEach(report);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && SHOWN_PROPERTIES.has(n.left.name.text)) shownLiterals(n.right).forEach(report);
    if (ts.isReturnStatement(n) && n.expression && /\b(message|label|title|text|notice|description|provideTextDocumentContent|signOut)\w*\s*\(/i.test(enclosingFunctionHead(n))) shownLiterals(n.expression).forEach(report);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The first line of the function a return belongs to (to treat `function fooMessage(): string` bodies as shown). */
function enclosingFunctionHead(n: ts.Node): string {
  let p: ts.Node | undefined = n.parent;
  while (p && !ts.isFunctionLike(p)) p = p.parent;
  if (!p) return '';
  const head = p.getText().split('\n')[0] ?? '';
  return ts.isPropertyAssignment(p.parent) ? `${p.parent.name.getText()}: ${head}` : head;
}

/**
 * The files that use the VS Code API. The others under src/vscode (pure/, panel/data.ts, deps.ts) are kept free of it
 * so they run in plain Node tests; their few strings count as pure-layer strings (see the README's Localisation).
 */
function vscodeLayerFiles(dir: string): string[] {
  return allTsFiles(dir).filter((f) => /from 'vscode'/.test(fs.readFileSync(f, 'utf8')));
}

function allTsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return allTsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('localisation: user-facing strings go through vscode.l10n.t', () => {
  it('the scanner finds the literals a user would see untranslated, and lets wrapped ones and log lines pass', () => {
    const sample = [
      "import * as vscode from 'vscode';",
      "void vscode.window.showInformationMessage('Signed in.');",
      "void vscode.window.showWarningMessage(vscode.l10n.t('Signed in as {0}.', who));",
      "const item = new vscode.TreeItem(`Release ${id} failed`);",
      "item.tooltip = ok ? 'All good' : vscode.l10n.t('Not good');",
      "const pick = { label: vscode.l10n.t('Cancel'), description: 'finished' };",
      "view.message = `${a} · ${b}`;",
      "log.info('restored the saved answer');",
      "throw new Error(`No commit ${sha}`);",
      "bar.text = '$(rocket) ' + name;",
      "const url = await input({ validate: (v) => (v ? undefined : 'Enter a URL') });",
      '// l10n-exempt: read by tests only',
      "throw new Error('internal');",
    ].join('\n');
    assert.deepEqual(
      findBypasses('sample.ts', sample).map((b) => `${b.line}: ${b.text}`),
      ['2: \'Signed in.\'', '4: `Release ${id} failed`', "5: 'All good'", "6: 'finished'", '9: `No commit ${sha}`', "11: 'Enter a URL'"],
    );
  });

  it('src/vscode shows no literal that bypasses l10n', () => {
    const files = vscodeLayerFiles(path.join(ROOT, 'src/vscode'));
    assert.ok(files.length > 20, `found only ${files.length} files under src/vscode`);
    const bypasses = files.flatMap((f) => findBypasses(path.relative(ROOT, f), fs.readFileSync(f, 'utf8')));
    const list = bypasses.map((b) => `${b.file}:${b.line}: ${b.text}`);
    assert.ok(list.length === 0, `${list.length} user-facing literals bypass vscode.l10n.t:\n${list.join('\n')}`);
  });

  it('the English bundle (l10n/bundle.l10n.json) has every message the code asks for, and the pseudo-locale bundle translates each', () => {
    const files = vscodeLayerFiles(path.join(ROOT, 'src/vscode'));
    const asked = new Set<string>();
    for (const f of files) {
      const sf = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const visit = (n: ts.Node) => {
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 't' && /(^|\.)l10n$/.test(n.expression.expression.getText())) {
          const [first] = n.arguments;
          assert.ok(first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)), `${f}: l10n.t takes a literal message (got ${first?.getText()})`);
          asked.add(first.text);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    assert.ok(asked.size > 50, `only ${asked.size} messages go through l10n.t`);
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const pseudo = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.qps-ploc.json'), 'utf8')) as Record<string, unknown>;
    const missing = [...asked].filter((m) => !(m in bundle));
    assert.deepEqual(missing, [], 'run `npm run l10n` to regenerate the bundles');
    // A message of placeholders only ('{0} {1}…') has nothing to translate.
    const untranslated = [...asked].filter((m) => typeof pseudo[m] !== 'string' || (pseudo[m] === m && /[A-Za-z]/.test(m.replace(/\{\d+\}/g, ''))));
    assert.deepEqual(untranslated, []);
    const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const nlsPseudo = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.qps-ploc.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(nls).filter((k) => !nlsPseudo[k] || nlsPseudo[k] === nls[k]), []);
  });
});

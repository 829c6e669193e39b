// Markdown escaping for every string that comes from an API or from Git and ends up in a hover, a tooltip, a view
// message or the release notes the panel copies as Markdown. The one escaper: nothing in here imports vscode or the
// DOM, so the webview uses it too, and it is unit-tested under plain Node.
//
// Hovers render through VS Code's Markdown renderer; copied notes through whatever the user pastes them into, often
// GitHub-flavoured Markdown, which links bare URLs and addresses. Escaping rules:
// - every ASCII punctuation character that CommonMark treats as syntax gets a backslash (a backslash before any ASCII
//   punctuation is always a literal in CommonMark, so over-escaping is harmless), `:`, `@` and `/` included so no
//   bare URL or address autolinks, and `$` so no `$(icon)` renders;
// - `<`, `>` and `&` become entities (`;` is left alone so the entities stay entities), so no HTML tag or entity survives even if HTML support is on;
// - line breaks collapse to one space (a hover row must stay one row; a newline could start a heading or a list);
// - control characters are dropped and the text is capped so a 10 kB commit message cannot flood a tooltip.

const MD_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~"'$:=?@^,/%]/g;

interface EscapeOptions {
  /** Maximum characters kept (before escaping); an ellipsis marks a cut. Default 500. */
  maxLength?: number;
}

/** Escape untrusted text so Markdown renders it literally, on one line. */
export function escapeMarkdown(text: unknown, options: EscapeOptions = {}): string {
  const max = options.maxLength ?? 500;
  let s = typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text);
  // Control characters (except tab/newline handled below) have no business in a rendered line.
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  if (s.length > max) s = `${s.slice(0, Math.max(0, max - 1))}…`;
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MD_PUNCTUATION, (c) => `\\${c}`);
}

/** Percent-encode a string so it cannot end or break a Markdown link target: `(`, `)`, spaces, quotes are encoded. */
function encodeLinkTarget(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A `command:` URI with JSON arguments, encoded so it is safe inside `[label](…)`. */
function commandUri(command: string, args?: readonly unknown[]): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(command)) throw new Error(`invalid command id: ${command}`);
  return args === undefined ? `command:${command}` : `command:${command}?${encodeLinkTarget(JSON.stringify(args))}`;
}

/** `[label](command:id?args "title")` with the label and title escaped. */
export function commandLink(label: string, command: string, args?: readonly unknown[], title?: string): string {
  const t = title === undefined ? '' : ` "${escapeMarkdown(title, { maxLength: 200 })}"`;
  return `[${escapeMarkdown(label, { maxLength: 200 })}](${commandUri(command, args)}${t})`;
}

/** A short sha in a code span; only hex is kept, so it can never break out of the span. */
export function shaCode(sha: string, length = 7): string {
  const hex = sha.replace(/[^0-9a-fA-F]/g, '').slice(0, length);
  return hex ? `\`${hex}\`` : '`?`';
}

// Mermaid source for a release's promotion flow, and the label escape that keeps API and Git text inert.
// Pure: no DOM, no mermaid import (the webview renders the text; tests check it under plain Node).
//
// Layout: `flowchart LR`; per environment a cluster (subgraph) holding the environment node and, beside it, its
// pre-action workflow (left), post-action workflow (right) and hooks, each listing its steps with their statuses.
// Dependency edges run environment node to environment node. Every id in the text is generated here (`e0`,
// `e0_pre`, ...); no text from the API ever becomes an id, a class name or syntax.

import type { StatusKind } from '../src/core/status';
import type { EnvironmentView, HookView, ReleaseView, WorkflowView } from './protocol';

/** Icon per status, so status is never shown by colour alone. */
export const STATUS_ICONS: Record<StatusKind, string> = {
  succeeded: '✓',
  running: '⟳',
  suspended: '‖',
  queued: '⋯',
  pending: '○',
  failed: '✗',
  error: '⚠',
  terminating: '⊘',
  terminated: '⊘',
  skipped: '↷',
  unknown: '?',
};

// Characters that mean something to Mermaid's parser (quotes, entity codes `#…;`, `%%` directives and comments,
// markdown backticks) or to the HTML sanitiser it runs (`<`, `>`, `&`), mapped to look-alikes that mean nothing.
// The label stays readable; the exact text is always available in the details pane (rendered as DOM text).
const LOOKALIKES: Record<string, string> = {
  '"': '＂',
  '#': '＃',
  '%': '％',
  '&': '＆',
  '<': '‹',
  '>': '›',
  ';': '；',
  '`': 'ˋ',
  '\\': '＼',
};
// ASCII punctuation that is plain text inside a quoted Mermaid label.
const SAFE_ASCII = /[A-Za-z0-9 .,:/()\-_+=!?@'*[\]{}|~^$]/;
// Non-ASCII letters, marks, numbers, symbols and punctuation are kept; controls, format characters (bidi
// overrides, zero-width), surrogates and private use are not.
const SAFE_UNICODE = /[\p{L}\p{M}\p{N}\p{S}\p{P}]/u;

/**
 * Escape one line of text for use inside a double-quoted Mermaid label (`id["…"]`), truncated to `maxChars`
 * characters (with `…`). The result contains no `"`, `#`, `%`, `<`, `>`, `&`, `;`, backtick, backslash, line break
 * or control character, so it can neither end the string, start a directive / comment / entity / link / click,
 * nor carry HTML.
 */
export function mermaidLabel(text: string, maxChars = 48): string {
  let out = '';
  let count = 0;
  for (const ch of String(text)) {
    if (count >= maxChars) {
      out += '…';
      break;
    }
    count++;
    const mapped = LOOKALIKES[ch];
    if (mapped !== undefined) out += mapped;
    else if (ch === '\t' || ch === '\n' || ch === '\r' || /\s/u.test(ch)) out += ' ';
    else if (ch.length === 1 && ch.charCodeAt(0) < 0x80) out += SAFE_ASCII.test(ch) ? ch : '?';
    // Mermaid's own entity placeholders use U+FB02 (ﬂ), ¶ and °: keep them out of labels.
    else if (ch === 'ﬂ') out += 'fl';
    else if (ch === '¶' || ch === '°') out += '·';
    else out += SAFE_UNICODE.test(ch) ? ch : '?';
  }
  return out;
}

/** A node label of several lines (joined with Mermaid's line break); every line escaped. */
function labelLines(lines: string[]): string {
  return lines.join('<br>');
}

function statusText(kind: StatusKind, label: string): string {
  return `${STATUS_ICONS[kind]} ${mermaidLabel(label, 32)}`;
}

export interface FlowchartOptions {
  /** Steps listed per workflow node before "+N more". */
  maxStepsPerWorkflow?: number;
  /**
   * One node per environment with its workflows summarised inside, no clusters: layout cost grows quickly with
   * nodes and clusters, so large flows use it. Default: more than COMPACT_ABOVE environments.
   */
  compact?: boolean;
}

/** Flows with more environments than this are drawn compact (see FlowchartOptions.compact). */
export const COMPACT_ABOVE = 12;

/** Mermaid node id of a view-model id (`e2.pre` → `e2_pre`). View-model ids are generated, never API text. */
export function nodeIdOf(viewId: string): string {
  return viewId.replace(/\./g, '_');
}

function workflowLabel(wf: WorkflowView, maxSteps: number): string {
  const title = wf.shortTitle;
  const lines = [`${STATUS_ICONS[wf.status.kind]} ${title}: ${mermaidLabel(wf.templateName, 36)}`];
  for (const s of wf.steps.slice(0, maxSteps)) {
    lines.push(`${s.failing ? '⚑ ' : ''}${STATUS_ICONS[s.status.kind]} ${mermaidLabel(s.name, 36)}`);
  }
  if (wf.steps.length > maxSteps) lines.push(`+${wf.steps.length - maxSteps} more`);
  return labelLines(lines);
}

function hooksLabel(hooks: HookView[]): string {
  return labelLines([
    'Hooks',
    ...hooks.map((h) => `${STATUS_ICONS[h.status.kind]} ${h.event}: ${mermaidLabel(h.templateName, 32)}`),
  ]);
}

function environmentLabel(env: EnvironmentView, release: ReleaseView, compact: boolean): string {
  const lines = [
    `${env.isTrigger ? '⚡ ' : ''}${mermaidLabel(env.name)}`,
    `${statusText(env.status.kind, env.status.label)}${env.isTrigger ? ' · trigger' : ''}`,
  ];
  if (env.blockedByUpstream) lines.push('blocked by upstream failure');
  const f = release.failure;
  if (f && f.environmentId === env.id) {
    lines.push(`⚑ failed: ${f.phase}-action ${mermaidLabel(f.stepName ?? f.workflowTemplate, 30)}`);
  }
  if (compact && env.workflows.length) {
    // Large flows: the workflows are summarised on the status line (the details pane has the steps); every label
    // line costs a text measurement, which is what large flows pay for most.
    lines[1] += ` · ${env.workflows.map((w) => `${w.phase} ${STATUS_ICONS[w.status.kind]}`).join(' ')}`;
  }
  // Compact (large) flows: one line per node when nothing is flagged; each label line costs a text measurement.
  return compact && lines.length === 2 ? lines.join(' ') : labelLines(lines);
}

/** CSS class names the webview styles by (fixed vocabulary, never API text). */
export function statusClass(kind: StatusKind): string {
  return `st-${kind}`;
}

/** Mermaid source text for the release's flow. */
export function buildFlowchart(release: ReleaseView, options: FlowchartOptions = {}): string {
  const maxSteps = options.maxStepsPerWorkflow ?? 6;
  const compact = options.compact ?? release.environments.length > COMPACT_ABOVE;
  const out: string[] = ['flowchart LR'];
  const classes: string[] = [];
  const addClass = (id: string, ...names: string[]) => {
    for (const n of names) classes.push(`  class ${id} ${n}`);
  };
  for (const env of release.environments) {
    const id = nodeIdOf(env.id);
    if (compact) {
      const shape = env.isTrigger ? `(["${environmentLabel(env, release, true)}"])` : `["${environmentLabel(env, release, true)}"]`;
      out.push(`  ${id}${shape}`);
      addClass(id, 'env', statusClass(env.status.kind), ...(env.isTrigger ? ['trigger'] : []), ...(env.failing ? ['failing'] : []));
      continue;
    }
    out.push(`  subgraph c_${id} [" "]`);
    out.push('    direction LR');
    const pre = env.workflows.find((w) => w.phase === 'pre');
    const post = env.workflows.find((w) => w.phase === 'post');
    if (pre) {
      const wid = nodeIdOf(pre.id);
      out.push(`    ${wid}["${workflowLabel(pre, maxSteps)}"]`);
      addClass(wid, 'wf', statusClass(pre.status.kind), ...(pre.failing ? ['failing'] : []));
    }
    out.push(env.isTrigger ? `    ${id}(["${environmentLabel(env, release, false)}"])` : `    ${id}["${environmentLabel(env, release, false)}"]`);
    addClass(id, 'env', statusClass(env.status.kind), ...(env.isTrigger ? ['trigger'] : []), ...(env.failing ? ['failing'] : []));
    if (post) {
      const wid = nodeIdOf(post.id);
      out.push(`    ${wid}["${workflowLabel(post, maxSteps)}"]`);
      addClass(wid, 'wf', statusClass(post.status.kind), ...(post.failing ? ['failing'] : []));
    }
    if (env.hooks.length) {
      out.push(`    ${id}_hooks["${hooksLabel(env.hooks)}"]`);
      addClass(`${id}_hooks`, 'hooks');
    }
    if (pre) out.push(`    ${nodeIdOf(pre.id)} -.- ${id}`);
    if (post) out.push(`    ${id} -.- ${nodeIdOf(post.id)}`);
    if (env.hooks.length) out.push(`    ${id} -.- ${id}_hooks`);
    out.push('  end');
    addClass(`c_${id}`, 'env-cluster');
  }
  for (const e of release.edges) out.push(`  ${nodeIdOf(e.from)} ==> ${nodeIdOf(e.to)}`);
  out.push(...classes);
  return out.join('\n') + '\n';
}

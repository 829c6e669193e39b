// The comparison of two environments as a read-only Markdown document: what the ahead environment has that the
// behind one does not, pull requests first (each with its commits), then commits in no pull request, the releases
// made in between, and a note when the range is a page of a larger one or may be incomplete. Issue keys link to
// the configured tracker, `#123` references and commits to the remote's web pages. Every Git and API string is
// escaped.

import type { CompareCommit, CompareResult } from '../core/compare';
import { releaseStatus, statusLabel } from '../core/status';
import { escapeMarkdown } from './markdown';
import { safeUrl } from './links';
import { relativeTime } from './time';

export interface CompareMarkdownOptions {
  /** Base URL an issue key is appended to (a Jira `…/browse/`), when configured. */
  issueTrackerUrl?: string;
  demo?: boolean;
  now?: number;
}

function link(text: string, url: string | undefined): string {
  const safe = safeUrl(url);
  // Characters that would end a Markdown link target early are percent-encoded (the URL means the same).
  return safe ? `[${text}](${safe.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})` : text;
}

function issueLink(key: string, base: string | undefined): string {
  return link(escapeMarkdown(key), base ? `${base}${encodeURIComponent(key)}` : undefined);
}

function commitLine(c: CompareCommit, r: Extract<CompareResult, { kind: 'range' }>, o: CompareMarkdownOptions): string {
  const sha = link(`\`${c.sha.slice(0, 7)}\``, r.links ? `${r.links.commit}${c.sha}` : undefined);
  const extra = [
    ...c.issues.map((k) => issueLink(k, o.issueTrackerUrl || undefined)),
    ...c.refs.map((n) => link(`#${n}`, r.links ? `${r.links.issue}${n}` : undefined)),
  ];
  return `- ${sha} ${escapeMarkdown(c.subject, { maxLength: 120 })} — ${escapeMarkdown(c.author, { maxLength: 60 })}, ${escapeMarkdown(relativeTime(c.date, o.now))}${extra.length ? ` · ${extra.join(', ')}` : ''}`;
}

function side(s: { environment: string; release?: { id: string; version?: string } }): string {
  const rel = s.release ? `${s.release.version ? `${s.release.version} (${s.release.id})` : s.release.id}` : 'no live release';
  return `**${escapeMarkdown(s.environment)}** (${escapeMarkdown(rel)})`;
}

export function compareMarkdown(product: string, r: CompareResult, o: CompareMarkdownOptions = {}): string {
  const out: string[] = [`# ${escapeMarkdown(product)}: ${escapeMarkdown(r.to.environment)} compared with ${escapeMarkdown(r.from.environment)}`, ''];
  if (o.demo) out.push('> Demo data: the releases are made up from this repository\'s history.', '');
  out.push(`What ${side(r.to)} has that ${side(r.from)} does not yet, from the local Git history.`, '');
  if (r.kind === 'unavailable') {
    out.push(`**Cannot compare:** ${escapeMarkdown(r.reason)}`);
    return out.join('\n');
  }
  if (r.total === 0) out.push(r.behind > 0 ? `Nothing: ${escapeMarkdown(r.to.environment)} is behind ${escapeMarkdown(r.from.environment)} by ${r.behind} commit(s).` : 'Nothing: both run the same code.', '');
  else {
    const last = Math.min(r.total, r.offset + r.pageSize);
    out.push(`**${r.total} commit(s)**${r.total > r.pageSize ? `, showing ${r.offset + 1}–${last}` : ''}${r.behind > 0 ? `; ${escapeMarkdown(r.from.environment)} also has ${r.behind} commit(s) that ${escapeMarkdown(r.to.environment)} does not (the two have diverged)` : ''}.`, '');
    if (last < r.total) out.push('More: run **GitOps Releases: Compare Environments: Next Page**.', '');
  }
  if (r.caveat) out.push(`> ${escapeMarkdown(r.caveat)}`, '');
  if (r.pullRequests.length) {
    out.push('## Pull requests', '');
    for (const pr of r.pullRequests) {
      out.push(`### ${link(escapeMarkdown(pr.key), pr.url)}${pr.title ? ` ${escapeMarkdown(pr.title, { maxLength: 120 })}` : ''}`, '');
      for (const c of pr.commits) out.push(commitLine(c, r, o));
      out.push('');
    }
  }
  if (r.direct.length) {
    out.push('## Commits in no pull request', '');
    for (const c of r.direct) out.push(commitLine(c, r, o));
    out.push('');
  }
  const issues = [...new Set([...r.pullRequests.flatMap((p) => p.commits), ...r.direct].flatMap((c) => c.issues))];
  if (issues.length) out.push('## Issues', '', issues.map((k) => issueLink(k, o.issueTrackerUrl || undefined)).join(', '), '');
  const authors = [...new Set([...r.pullRequests.flatMap((p) => p.commits), ...r.direct].map((c) => c.author))];
  if (authors.length) out.push('## Authors', '', authors.map((a) => escapeMarkdown(a, { maxLength: 60 })).join(', '), '');
  if (r.releasesBetween.length) {
    out.push('## Releases in between', '');
    for (const rel of r.releasesBetween) out.push(`- ${escapeMarkdown(rel.version ? `${rel.version} (${rel.id})` : rel.id)} — ${escapeMarkdown(statusLabel(releaseStatus(rel.status)))}, ${escapeMarkdown(relativeTime(rel.createdAt, o.now))}`);
    out.push('');
  }
  return out.join('\n');
}

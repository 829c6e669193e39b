// Commit ids in text: the hex token under the cursor, whether it names a commit here, and that commit's summary.

import { gitOrUndefined, gitWithInput } from './exec';
import { FULL_SHA } from './shaFormat';
import { readLog } from './log';

const HEX = /[0-9a-fA-F]/;
const WORD = /[0-9A-Za-z_]/;

/** The 7–40 hex-digit token at `character` (a word of its own), or undefined. Resolve it with resolveCommitish. */
export function findShaToken(lineText: string, character: number): { text: string; start: number; end: number } | undefined {
  if (character < 0 || character > lineText.length) return undefined;
  let start = character;
  let end = character;
  while (start > 0 && HEX.test(lineText[start - 1]!)) start--;
  while (end < lineText.length && HEX.test(lineText[end]!)) end++;
  const len = end - start;
  if (len < 7 || len > 40) return undefined;
  // Part of a longer word (e.g. an identifier or a 64-hex digest): not a commit id.
  if ((start > 0 && WORD.test(lineText[start - 1]!)) || (end < lineText.length && WORD.test(lineText[end]!))) return undefined;
  const text = lineText.slice(start, end);
  // All digits is more likely a number than a sha.
  if (/^[0-9]+$/.test(text)) return undefined;
  return { text, start, end };
}

/** The full sha of a commit-ish (sha prefix, branch, tag, HEAD~2 ...) in this repository, or undefined. */
export async function resolveCommitish(repoRoot: string, text: string): Promise<string | undefined> {
  const t = text.trim();
  if (!acceptableCommitish(t)) return undefined;
  const out = (await gitOrUndefined(repoRoot, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${t}^{commit}`]))?.trim();
  return out && FULL_SHA.test(out) ? out : undefined;
}

/** A commit-ish git could read as an option, or holding whitespace or control characters, is refused unasked. */
function acceptableCommitish(t: string): boolean {
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  return !!t && !t.startsWith('-') && !/[\s\0-\x1f]/.test(t) && t.length <= 256;
}

/**
 * Full shas of many commit-ishes in one git process (`cat-file --batch-check`, one line in and one out per name);
 * undefined for a name that is not a commit here (unknown, ambiguous, or refused as above). Same order as `texts`.
 */
export async function resolveCommitishes(repoRoot: string, texts: readonly string[]): Promise<(string | undefined)[]> {
  const asked = texts.map((t) => t.trim()).map((t) => (acceptableCommitish(t) ? t : undefined));
  const names = asked.filter((t): t is string => t !== undefined);
  if (names.length === 0) return asked.map(() => undefined);
  const out = await gitWithInput(repoRoot, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], names.map((t) => `${t}^{commit}\n`).join(''));
  const lines = out.split('\n');
  let k = 0;
  return asked.map((t) => {
    if (t === undefined) return undefined;
    const [sha, type] = (lines[k++] ?? '').split(' ');
    return type === 'commit' && sha && FULL_SHA.test(sha) ? sha : undefined;
  });
}

/** What an abbreviated sha names in a repository. */
export type PrefixLookup =
  | { kind: 'commit'; sha: string }
  /** More than one commit starts so: each with `YYYY-MM-DD subject`. */
  | { kind: 'ambiguous'; candidates: { sha: string; summary: string }[] }
  | { kind: 'missing' };

const PREFIX = /^[0-9a-f]{4,40}$/;
/** At most this many candidates are described (a 4-digit prefix in a big repository matches many objects). */
const MAX_CANDIDATES = 10;

/**
 * The commit a sha prefix (4–40 hex digits) names here; the candidates when several commits start so (git's own
 * disambiguation prefers a commit over trees and blobs of the same prefix).
 */
export async function lookupCommitPrefix(repoRoot: string, prefix: string): Promise<PrefixLookup> {
  const p = prefix.trim().toLowerCase();
  if (!PREFIX.test(p)) return { kind: 'missing' };
  const unique = await resolveCommitish(repoRoot, p);
  if (unique && unique.startsWith(p)) return { kind: 'commit', sha: unique };
  // Every object with this prefix, then the commits among them.
  const objects = ((await gitOrUndefined(repoRoot, ['rev-parse', `--disambiguate=${p}`])) ?? '').split('\n').filter((l) => FULL_SHA.test(l));
  const commits: string[] = [];
  for (const o of objects) {
    if (commits.length > MAX_CANDIDATES) break;
    if ((await gitOrUndefined(repoRoot, ['cat-file', '-t', o]))?.trim() === 'commit') commits.push(o);
  }
  if (commits.length === 0) return { kind: 'missing' };
  if (commits.length === 1) return { kind: 'commit', sha: commits[0]! };
  const listed = await readLog(repoRoot, ['--no-walk', ...commits]).catch(() => undefined);
  // The committer's own calendar day (the offset in the ISO date is theirs), then the subject.
  const summaries = new Map((listed?.commits ?? []).map((c) => [c.sha, `${c.committerDate.slice(0, 10)} ${c.subject}`]));
  return { kind: 'ambiguous', candidates: commits.map((sha) => ({ sha, summary: summaries.get(sha) ?? '' })) };
}

export interface CommitInfo {
  sha: string;
  author: string;
  authorEmail?: string;
  date: string;
  summary: string;
}

/** Author, date (ISO) and subject of a commit, or undefined when it is not in the repository. */
export async function commitInfo(repoRoot: string, sha: string): Promise<CommitInfo | undefined> {
  if (!/^[0-9a-fA-F]{4,40}$/.test(sha)) return undefined;
  const c = (await readLog(repoRoot, ['--no-walk', '--max-count=1', sha]).catch(() => undefined))?.commits[0];
  if (!c || !FULL_SHA.test(c.sha)) return undefined;
  // Same form as blame's dates: UTC ISO with milliseconds.
  const t = Date.parse(c.date);
  return { sha: c.sha, author: c.author, authorEmail: c.authorEmail || undefined, date: Number.isFinite(t) ? new Date(t).toISOString() : '', summary: c.subject };
}

/** A commit the user may pick by name: a recent commit, a branch or a tag, with the subject of the commit. */
export interface NamedCommit {
  kind: 'commit' | 'branch' | 'tag';
  /** The ref's short name; for a recent commit its short sha. */
  name: string;
  sha: string;
  subject: string;
  /** ISO committer date, when known. */
  date?: string;
}

const REF_FIELD = '\x1f';

/**
 * What "Show Where Commit Is Deployed" offers: the newest commits of HEAD, then branches and tags, newest first
 * (`count` of each). Annotated tags are peeled to their commit; refs to anything but a commit are left out.
 */
export async function namedCommits(repoRoot: string, count = 20): Promise<NamedCommit[]> {
  const [log, refs] = await Promise.all([
    readLog(repoRoot, [`--max-count=${count}`, 'HEAD']).catch(() => undefined),
    gitOrUndefined(repoRoot, [
      'for-each-ref',
      '--sort=-committerdate',
      `--format=%(refname)${REF_FIELD}%(refname:short)${REF_FIELD}%(objecttype)${REF_FIELD}%(objectname)${REF_FIELD}%(*objectname)${REF_FIELD}%(committerdate:iso-strict)${REF_FIELD}%(*committerdate:iso-strict)${REF_FIELD}%(contents:subject)`,
      'refs/heads',
      'refs/tags',
    ]),
  ]);
  const out: NamedCommit[] = (log?.commits ?? []).map((c) => ({ kind: 'commit', name: c.sha.slice(0, 7), sha: c.sha, subject: c.subject, date: c.committerDate }));
  const subjects = new Map(out.map((c) => [c.sha, c.subject]));
  const byKind = { branch: 0, tag: 0 };
  for (const line of (refs ?? '').split('\n')) {
    const [ref = '', name = '', type = '', object = '', peeled = '', date = '', peeledDate = '', subject = ''] = line.split(REF_FIELD);
    const kind = ref.startsWith('refs/tags/') ? 'tag' : ref.startsWith('refs/heads/') ? 'branch' : undefined;
    if (!kind || byKind[kind] >= count) continue;
    const sha = type === 'commit' ? object : type === 'tag' ? peeled : '';
    if (!FULL_SHA.test(sha)) continue;
    byKind[kind]++;
    // An annotated tag's subject is its own message: the commit's, when listed above, says more.
    out.push({ kind, name, sha, subject: subjects.get(sha) ?? subject, date: (type === 'tag' ? peeledDate : date) || undefined });
  }
  return out;
}

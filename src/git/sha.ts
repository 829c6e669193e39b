// Commit ids in text: the hex token under the cursor, whether it names a commit here, and that commit's summary.

import { FULL_SHA, gitOrUndefined } from './exec';

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
  // Refuse anything that git could read as an option, or that holds whitespace / control characters.
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (!t || t.startsWith('-') || /[\s\0-\x1f]/.test(t) || t.length > 256) return undefined;
  const out = (await gitOrUndefined(repoRoot, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${t}^{commit}`]))?.trim();
  return out && FULL_SHA.test(out) ? out : undefined;
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
  const out = await gitOrUndefined(repoRoot, ['show', '-s', '--no-color', '--format=%H%x00%an%x00%ae%x00%aI%x00%s', sha, '--']);
  if (!out) return undefined;
  const [full, author, email, date, summary] = out.replace(/\n$/, '').split('\0');
  if (!full || !FULL_SHA.test(full)) return undefined;
  // Same form as blame's dates: UTC ISO with milliseconds.
  const t = Date.parse(date ?? '');
  return { sha: full, author: author ?? '', authorEmail: email || undefined, date: Number.isFinite(t) ? new Date(t).toISOString() : '', summary: summary ?? '' };
}

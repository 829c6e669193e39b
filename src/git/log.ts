// Commit ranges for release notes: the commits a release brought compared with the previous one.

import { FULL_SHA, git } from './exec';

export interface LogCommit {
  sha: string;
  parents: string[];
  author: string;
  authorEmail: string;
  date: string;
  subject: string;
  body: string;
}

const SEP = '\x1e'; // record separator between commits
const FS = '\x1f'; // field separator

/**
 * Commits reachable from `to` but not from `from` (`from..to`), newest first, at most `maxCount`. With no `from`,
 * the history of `to` (capped). Both must be full shas already known to exist.
 */
export async function commitRange(
  repoRoot: string,
  from: string | undefined,
  to: string,
  options: { maxCount?: number } = {},
): Promise<{ commits: LogCommit[]; truncated: boolean }> {
  if (!FULL_SHA.test(to) || (from !== undefined && !FULL_SHA.test(from))) throw new Error('commitRange needs full shas');
  const max = options.maxCount ?? 500;
  const range = from ? [`${from}..${to}`] : [to];
  const out = await git(repoRoot, [
    'log',
    '--no-color',
    `--max-count=${max + 1}`,
    `--format=${SEP}%H${FS}%P${FS}%an${FS}%ae${FS}%aI${FS}%s${FS}%b`,
    ...range,
    '--',
  ]);
  const commits: LogCommit[] = [];
  for (const rec of out.split(SEP)) {
    if (!rec.trim()) continue;
    const [sha, parents, author, email, date, subject, body] = rec.split(FS);
    if (!sha || !FULL_SHA.test(sha)) continue;
    commits.push({
      sha,
      parents: (parents ?? '').split(' ').filter((p) => FULL_SHA.test(p)),
      author: author ?? '',
      authorEmail: email ?? '',
      date: date ?? '',
      subject: subject ?? '',
      body: (body ?? '').trim(),
    });
  }
  const truncated = commits.length > max;
  return { commits: commits.slice(0, max), truncated };
}

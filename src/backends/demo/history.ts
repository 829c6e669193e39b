// Reads the real history the demo data is seeded from: the first-parent history of HEAD of a local Git repository,
// oldest to newest, plus the remote URL and branch that go into `triggerCommit.repoURL` / `.revision`.
// Git output is untrusted input: every record is checked and a malformed one is a clear error, never a crash.

import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { z } from 'zod';

export interface HistoryCommit {
  sha: string;
  authorName: string;
  authorEmail: string;
  /** Author date, ISO. */
  authorDate: string;
  committerName: string;
  committerEmail: string;
  /** Committer date, ISO (what releases are timed from). */
  committerDate: string;
  /** Full message (subject + body), trailing whitespace removed. */
  message: string;
}

export interface RepoHistory {
  /** Oldest first. */
  commits: HistoryCommit[];
  repoURL: string;
  branch: string;
  /** The repository's folder name (used in the fallback repo URL). */
  name: string;
}

const FIELD = '\x1f';
const RECORD = '\x1e';
const FORMAT = ['%H', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x1f') + '%x1e';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
const commitSchema = z.object({
  sha: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'not a full commit id'),
  authorName: z.string(),
  authorEmail: z.string(),
  authorDate: isoDate,
  committerName: z.string(),
  committerEmail: z.string(),
  committerDate: isoDate,
  message: z.string(),
});

export class DemoSeedError extends Error {
  override readonly name = 'DemoSeedError';
}

/** Parse `git log` output in FORMAT (exported for tests). */
export function parseLog(text: string): HistoryCommit[] {
  const out: HistoryCommit[] = [];
  for (const raw of text.split(RECORD)) {
    const rec = raw.replace(/^\s+/, '');
    if (rec === '') continue;
    const f = rec.split(FIELD);
    if (f.length !== 8) throw new DemoSeedError(`git log record ${out.length}: expected 8 fields, got ${f.length}`);
    const parsed = commitSchema.safeParse({
      sha: f[0],
      authorName: f[1],
      authorEmail: f[2],
      authorDate: f[3],
      committerName: f[4],
      committerEmail: f[5],
      committerDate: f[6],
      message: (f[7] ?? '').trimEnd(),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DemoSeedError(`git log record ${out.length}: field ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
    }
    out.push(parsed.data);
  }
  return out;
}

/** Turn a remote URL into the https form Codefresh shows (ssh `git@host:o/r.git` becomes `https://host/o/r.git`). */
export function httpsRemote(url: string): string {
  const scp = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+)$/.exec(url.trim());
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  return url.trim().replace(/^(https?:\/\/)[^@/]+@/, '$1'); // drop credentials embedded in the URL
}

export async function readHistory(repoPath: string, maxCommits: number): Promise<RepoHistory> {
  const git = simpleGit({ baseDir: repoPath, maxConcurrentProcesses: 2 });
  let isRepo: boolean;
  try {
    isRepo = await git.checkIsRepo();
  } catch (e) {
    throw new DemoSeedError(`cannot read ${repoPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRepo) throw new DemoSeedError(`not a Git repository: ${repoPath}`);

  let commits: HistoryCommit[] = [];
  const hasHead = await git
    .raw(['rev-parse', '--verify', '--quiet', 'HEAD'])
    .then((s) => s.trim() !== '')
    .catch(() => false);
  if (hasHead) {
    const text = await git.raw(['log', '--first-parent', `--max-count=${maxCommits}`, `--format=${FORMAT}`, 'HEAD']);
    commits = parseLog(text).reverse();
  }

  let repoURL = '';
  try {
    repoURL = httpsRemote(await git.raw(['remote', 'get-url', 'origin']));
  } catch {
    repoURL = '';
  }
  const name = path.basename(path.resolve(repoPath));
  if (!repoURL) repoURL = `https://github.com/demo-org/${name}.git`;

  let branch = 'main';
  try {
    const b = (await git.raw(['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim();
    if (b) branch = b;
  } catch {
    branch = 'main';
  }
  return { commits, repoURL, branch, name };
}

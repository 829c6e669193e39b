// Reads the real history the demo data is seeded from: the first-parent history of HEAD of a local Git repository,
// oldest to newest, plus the remote URL and branch that go into `triggerCommit.repoURL` / `.revision`.
// Git output is untrusted input: every record is checked and a malformed one is a clear error, never a crash.

import * as path from 'node:path';
import { gitOrUndefined } from '../git/exec';
import { readLog, type LogCommit } from '../git/log';
import { parseRemoteUrl } from '../git/remote';

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

export class DemoSeedError extends Error {
  override readonly name = 'DemoSeedError';
}

function historyCommit(c: LogCommit): HistoryCommit {
  return {
    sha: c.sha,
    authorName: c.author,
    authorEmail: c.authorEmail,
    authorDate: c.date,
    committerName: c.committer,
    committerEmail: c.committerEmail,
    committerDate: c.committerDate,
    message: c.message,
  };
}

export async function readHistory(repoPath: string, maxCommits: number): Promise<RepoHistory> {
  // Through the one git wrapper: its time limit and environment apply here too.
  const inside = await gitOrUndefined(repoPath, ['rev-parse', '--is-inside-work-tree']);
  if (inside?.trim() !== 'true') throw new DemoSeedError(`not a Git repository: ${repoPath}`);

  let commits: HistoryCommit[] = [];
  if ((await gitOrUndefined(repoPath, ['rev-parse', '--verify', '--quiet', 'HEAD']))?.trim()) {
    const log = await readLog(repoPath, ['--first-parent', `--max-count=${maxCommits}`, 'HEAD']);
    // The history is our own repository's: a record git printed that does not read as a commit is a clear error.
    if (log.problems.length) throw new DemoSeedError(log.problems[0]!);
    commits = log.commits.map(historyCommit).reverse();
  }

  const name = path.basename(path.resolve(repoPath));
  const origin = (await gitOrUndefined(repoPath, ['remote', 'get-url', 'origin']))?.trim();
  const repoURL = parseRemoteUrl(origin)?.https ?? `https://github.com/demo-org/${name}.git`;
  const branch = (await gitOrUndefined(repoPath, ['symbolic-ref', '--quiet', '--short', 'HEAD']))?.trim() || 'main';
  return { commits, repoURL, branch, name };
}

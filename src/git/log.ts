// The one reader of `git log`: commits with their parents, author, committer and message, in a format of our own
// (fields and records split by control characters), parsed and checked record by record. Release notes read
// commit ranges with it; the demo backend reads the history it makes releases up from.

import { git, gitOrUndefined } from './exec';
import { FULL_SHA } from './shaFormat';

export interface LogCommit {
  sha: string;
  parents: string[];
  author: string;
  authorEmail: string;
  /** Author date, ISO. */
  date: string;
  committer: string;
  committerEmail: string;
  /** Committer date, ISO. */
  committerDate: string;
  subject: string;
  body: string;
  /** The full message (subject and body), trailing whitespace removed. */
  message: string;
}

const RECORD = '\x1e';
const FIELD = '\x1f';
const FIELDS = ['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%s', '%b', '%B'];
const FORMAT = `--format=${RECORD}${FIELDS.join('%x1f')}`;
/** SHA-1 ids, or SHA-256 ones in repositories that use them. */
const COMMIT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export interface ParsedLog {
  commits: LogCommit[];
  /** One line per record left out because it did not read as a commit (which record, which field, why). */
  problems: string[];
}

function isDate(s: string): boolean {
  return !Number.isNaN(Date.parse(s));
}

/** Parse `git log` output in this module's format. A malformed record is left out and named in `problems`. */
export function parseLog(text: string): ParsedLog {
  const commits: LogCommit[] = [];
  const problems: string[] = [];
  const records = text.split(RECORD);
  // Everything before the first separator is not a record (git prints nothing there).
  for (let i = 1; i < records.length; i++) {
    const f = records[i]!.split(FIELD);
    const n = i - 1;
    if (f.length !== FIELDS.length) {
      problems.push(`git log record ${n}: expected ${FIELDS.length} fields, got ${f.length}`);
      continue;
    }
    const [sha = '', parents = '', author = '', authorEmail = '', date = '', committer = '', committerEmail = '', committerDate = '', subject = '', body = '', message = ''] = f;
    const bad = !COMMIT_ID.test(sha)
      ? 'field sha: not a full commit id'
      : !isDate(date)
        ? 'field date: not a date'
        : !isDate(committerDate)
          ? 'field committerDate: not a date'
          : undefined;
    if (bad) {
      problems.push(`git log record ${n}: ${bad}`);
      continue;
    }
    commits.push({
      sha,
      parents: parents.split(' ').filter((p) => COMMIT_ID.test(p)),
      author,
      authorEmail,
      date,
      committer,
      committerEmail,
      committerDate,
      subject,
      body: body.trim(),
      message: message.trimEnd(),
    });
  }
  return { commits, problems };
}

/** `git log <args>` (revisions and limits, e.g. `--first-parent`, `--max-count=N`, `a..b`), parsed. */
export async function readLog(repoRoot: string, args: readonly string[]): Promise<ParsedLog> {
  return parseLog(await git(repoRoot, ['log', '--no-color', FORMAT, ...args, '--']));
}

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
  const { commits } = await readLog(repoRoot, [`--max-count=${max + 1}`, from ? `${from}..${to}` : to]);
  return { commits: commits.slice(0, max), truncated: commits.length > max };
}

/**
 * The user's own recent commits on HEAD: authored with the repository's `user.email` within the last `days` days,
 * newest first, at most `maxCount`. Empty when no email is configured.
 */
export async function ownRecentCommits(repoRoot: string, days: number, maxCount = 50): Promise<LogCommit[]> {
  const email = (await gitOrUndefined(repoRoot, ['config', 'user.email']))?.trim();
  if (!email) return [];
  // A repository without commits yet has nothing of anyone's.
  if (!(await gitOrUndefined(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD']))) return [];
  // --author is a basic regular expression (git's default): escape its special characters to match the address
  // literally, between the angle brackets git prints (`+`, `?`, `(` and `|` are plain characters there).
  const literal = email.replace(/[\\^$.*[\]]/g, '\\$&');
  const { commits } = await readLog(repoRoot, [`--author=<${literal}>`, `--since=${Math.max(1, Math.floor(days))}.days.ago`, `--max-count=${maxCount}`, 'HEAD']);
  return commits;
}

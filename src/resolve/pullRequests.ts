// The pull requests of a release from the backend. The local history names pull requests only through merge and
// squash messages (./notes); a backend that knows pull requests (GitHub) is asked which ones contain the commits of
// the range the notes computed locally, and its answer is merged in: one entry per number, the backend's title,
// link, author, state and merge time winning over what a message said, the local commits of both kept.

import type { CommitPullRequests, NotePullRequest, ReleaseNotes } from '../core/model';
import type { LogCommit } from '../git/log';

/** At most this many commits of a range are asked about (the newest ones); the notes say when the range was longer. */
export const MAX_PULL_REQUEST_COMMITS = 100;

/** Asks the backend for the pull requests of commits of the release's repository. */
export type PullRequestLookup = (shas: readonly string[]) => Promise<CommitPullRequests>;

/** The entry of `list` that stands for the same pull request as `pr`: the same number under a GitHub-style key. */
function sameNumber(list: readonly NotePullRequest[], pr: NotePullRequest): NotePullRequest | undefined {
  if (pr.number === undefined) return list.find((p) => p.key === pr.key);
  const key = `#${pr.number}`;
  return list.find((p) => p.key === key || (p.number === pr.number && p.key.endsWith(key)));
}

/**
 * `known` with the backend's pull requests merged in: a pull request already listed (same number) takes the
 * backend's title, link, author, merge time and state, keeps its commits and gains the backend's, and counts as the
 * backend's; the others are appended in the backend's order. Pull requests only the local history names are kept.
 */
export function mergePullRequests(known: readonly NotePullRequest[], fromBackend: readonly NotePullRequest[]): NotePullRequest[] {
  const out = known.map((p) => ({ ...p, ...(p.commits ? { commits: [...p.commits] } : {}) }));
  for (const pr of fromBackend) {
    const existing = sameNumber(out, pr);
    if (!existing) {
      out.push({ ...pr, ...(pr.commits ? { commits: [...pr.commits] } : {}) });
      continue;
    }
    if (pr.title) existing.title = pr.title;
    if (pr.url) existing.url = pr.url;
    if (pr.author) existing.author = pr.author;
    if (pr.mergedAt) existing.mergedAt = pr.mergedAt;
    if (pr.state) existing.state = pr.state;
    existing.number ??= pr.number;
    existing.source = 'backend';
    const commits = existing.commits ?? [];
    for (const c of pr.commits ?? []) if (!commits.some((x) => x.sha === c.sha)) commits.push(c);
    existing.commits = commits;
  }
  return out;
}

function failureText(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).trim() || 'unknown error';
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}

function isCancellation(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || (e as { kind?: unknown }).kind === 'cancelled');
}

export interface BackendPullRequestsInput {
  /** The range's commits, newest first, as the notes listed them from local Git. */
  range: readonly LogCommit[];
  /** The range was longer than `range` (the local cap cut it). */
  truncated: boolean;
  lookup: PullRequestLookup;
  /** Cap on the commits asked about (default MAX_PULL_REQUEST_COMMITS). */
  maxCommits?: number;
  /** The web link of a commit, when the remote has one. */
  commitUrl?: (sha: string) => string;
}

/**
 * Asks the backend for the pull requests of the range's newest commits and merges them into `notes` (in place).
 * A failed lookup does not fail the notes: the locally named pull requests stay, and a notice says why the
 * backend's are missing. A cancelled one is passed on.
 */
export async function addBackendPullRequests(notes: ReleaseNotes, input: BackendPullRequestsInput): Promise<void> {
  const max = Math.max(1, input.maxCommits ?? MAX_PULL_REQUEST_COMMITS);
  if (input.range.length === 0) return;
  const asked = input.range.slice(0, max);
  const notices = notes.notices ?? [];
  let answer: CommitPullRequests;
  try {
    answer = await input.lookup(asked.map((c) => c.sha));
  } catch (e) {
    if (isCancellation(e)) throw e;
    notices.push(`The backend's pull requests of these commits could not be loaded: ${failureText(e)} Pull requests are named from merge and squash messages only.`);
    notes.notices = notices;
    return;
  }
  const bySha = new Map(asked.map((c) => [c.sha, c]));
  const filled = answer.pullRequests.map((pr) => ({
    ...pr,
    commits: (pr.commits ?? []).map((c) => {
      const local = bySha.get(c.sha);
      const message = c.message ?? local?.subject;
      const url = c.url ?? input.commitUrl?.(c.sha);
      const author = c.author ?? local?.author;
      return { sha: c.sha, ...(message ? { message } : {}), ...(url ? { url } : {}), ...(author ? { author } : {}) };
    }),
  }));
  notes.pullRequests = mergePullRequests(notes.pullRequests, filled);
  if (input.range.length > asked.length || input.truncated) {
    const total = input.truncated ? `more than ${input.range.length}` : String(input.range.length);
    notices.push(`Pull requests were looked up for the newest ${asked.length} of ${total} commits of this release; those of older commits are named from merge and squash messages only.`);
  }
  if (answer.skipped?.count) {
    const n = answer.skipped.count;
    notices.push(`${n} pull request${n === 1 ? '' : 's'} the backend sent could not be read and ${n === 1 ? 'is' : 'are'} left out: ${answer.skipped.reasons.slice(0, 3).join('; ')}`);
  }
  for (const w of answer.warnings ?? []) notices.push(`The backend warned while looking up pull requests: ${w}`);
  if (notices.length) notes.notices = notices;
}

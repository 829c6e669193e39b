// Release notes: the backend's notes merged with what the local Git history says about the release. Local items
// (source 'local-git') are the commits in previous..this, the PRs named by merge ("Merge pull request #N") and
// squash ("Title (#N)") messages, Jira-style issue keys, and links built from the remote URL. A backend that knows
// pull requests is then asked for those of the range's commits (./pullRequests).

import {
  emptyNotes,
  type NoteCommit,
  type NoteIssue,
  type NotePullRequest,
  type ReleaseDetail,
  type ReleaseNotes,
  type ReleaseSummary,
} from '../core/model';
import { environmentStatus } from '../core/status';
import { commitRange, type LogCommit } from '../git/log';
import { mergedSide, prFromMessage } from '../git/pullRequestMessages';
import { parseRemoteUrl, remoteUrl as readRemoteUrl } from '../git/remote';
import { resolveCommitish } from '../git/sha';
import { addBackendPullRequests, type PullRequestLookup } from './pullRequests';

type Release = ReleaseSummary | ReleaseDetail;

export type RemoteStyle = 'github' | 'gitlab' | 'bitbucket';

export interface RemoteLinks {
  style: RemoteStyle;
  /** https://host/owner/repo (no .git, no credentials). */
  web: string;
  commit(sha: string): string;
  pullRequest(n: number): string;
}

/** Web links for a remote URL (https, ssh `git@host:path`, or ssh://), or undefined when it is not a web host. */
export function remoteLinks(url: string | undefined): RemoteLinks | undefined {
  const remote = parseRemoteUrl(url);
  if (!remote) return undefined;
  // Path segments only: nothing that could break out of a URL.
  if (!/^[\w.~-]+(\/[\w.~-]+)+$/.test(remote.path) || !/^[\w.-]+$/.test(remote.host)) return undefined;
  const { host, web } = remote;
  const style: RemoteStyle = /gitlab/i.test(host) ? 'gitlab' : /bitbucket/i.test(host) ? 'bitbucket' : 'github';
  switch (style) {
    case 'gitlab':
      return { style, web, commit: (s) => `${web}/-/commit/${s}`, pullRequest: (n) => `${web}/-/merge_requests/${n}` };
    case 'bitbucket':
      return { style, web, commit: (s) => `${web}/commits/${s}`, pullRequest: (n) => `${web}/pull-requests/${n}` };
    default:
      return { style, web, commit: (s) => `${web}/commit/${s}`, pullRequest: (n) => `${web}/pull/${n}` };
  }
}

// Project keys that look like Jira keys but are standards and encodings.
const NOT_ISSUE_KEYS = new Set(['UTF', 'ISO', 'SHA', 'RFC', 'CVE', 'HTTP', 'TLS', 'SSL', 'MD', 'AES', 'GMT', 'UTC', 'X', 'PR']);

/** Jira-style keys (`AP-45834`) in a text, in order of first appearance. */
export function issueKeys(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\w-])([A-Z][A-Z0-9]{1,9})-(\d{1,7})(?![\w-])/g)) {
    if (NOT_ISSUE_KEYS.has(m[1]!)) continue;
    const key = `${m[1]}-${m[2]}`;
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

/** The newest release older than `release` that succeeded in `environment` (default: the trigger environment). */
export function findPreviousRelease(releases: readonly Release[], release: Release, environment?: string): Release | undefined {
  const env = environment ?? release.triggerEnvironment ?? release.environments[0]?.name;
  const t = Date.parse(release.createdAt);
  let best: Release | undefined;
  for (const r of releases) {
    if (r.id === release.id || !(Date.parse(r.createdAt) < t)) continue;
    const st = r.environments.find((e) => e.name === env)?.status;
    if (environmentStatus(st).kind !== 'succeeded') continue;
    if (!best || Date.parse(r.createdAt) > Date.parse(best.createdAt)) best = r;
  }
  return best;
}

export interface AssembleInput {
  release: Release;
  backendNotes?: ReleaseNotes;
  /** The previous live release in the environment of interest: the range starts after its commit. */
  previous?: ReleaseSummary;
  repoRoot?: string;
  /** Remote URL for links; read from the repository's origin when absent. */
  remoteUrl?: string;
  /** Cap on local commits (default 250). */
  maxCommits?: number;
  /** Base URL an issue key is appended to for the link of a key found in local Git (e.g. a Jira `…/browse/`). */
  issueTrackerUrl?: string;
  /** The backend's pull requests of the range's commits (GitHub), merged with those merge and squash messages name. */
  pullRequestsOf?: PullRequestLookup;
  /** Cap on the commits `pullRequestsOf` is asked about (default MAX_PULL_REQUEST_COMMITS, the newest ones). */
  maxPullRequestCommits?: number;
}

/** The link of an issue key under a tracker base URL; undefined unless the base is an http(s) URL. */
function issueUrl(base: string | undefined, key: string): string | undefined {
  return base && /^https?:\/\/[^\s]+$/i.test(base) ? `${base}${encodeURIComponent(key)}` : undefined;
}

function samePrefix(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.length >= 7 && y.length >= 7 && (x.startsWith(y) || y.startsWith(x));
}

/** Merge backend notes with notes from the local history; backend items first, local ones fill the gaps. */
export async function assembleReleaseNotes(input: AssembleInput): Promise<ReleaseNotes> {
  const { release } = input;
  const notes: ReleaseNotes = input.backendNotes ? structuredClone(input.backendNotes) : emptyNotes(release.id);
  notes.releaseId = release.id;
  if (!input.repoRoot) return notes;
  const repoRoot = input.repoRoot;
  const links = remoteLinks(input.remoteUrl ?? (await readRemoteUrl(repoRoot)));

  const to = release.triggerCommit?.sha ? await resolveCommitish(repoRoot, release.triggerCommit.sha) : undefined;
  if (!to) return notes; // the release's commit is not in this clone: nothing local to add
  const fromRaw = input.previous?.triggerCommit?.sha;
  const from = fromRaw ? await resolveCommitish(repoRoot, fromRaw) : undefined;
  if (from === to) return notes;
  const { commits, truncated } = await commitRange(repoRoot, from, to, { maxCount: input.maxCommits ?? 250 });

  // Commits: code commits (merges are represented by their PR, not listed as commits).
  for (const c of commits) {
    if (c.parents.length > 1) continue;
    const existing = notes.commits.find((n) => samePrefix(n.sha, c.sha));
    if (existing) {
      existing.url ??= links?.commit(c.sha);
      existing.author ??= c.author;
      existing.date ??= c.date;
      continue;
    }
    notes.commits.push(localCommit(c, links));
  }

  // Pull requests from merge and squash messages.
  const prs = new Map<string, NotePullRequest>();
  for (const c of commits) {
    const m = prFromMessage(c.subject, c.body);
    if (!m) continue;
    const key = m.gitlab ? `!${m.number}` : `#${m.number}`;
    const existing = notes.pullRequests.find((p) => p.number === m.number || p.key === key || p.key.endsWith(key));
    const commitsOfPr = m.via === 'merge' ? mergedSide(c, commits) : [c];
    if (existing) {
      existing.url ??= links?.pullRequest(m.number);
      existing.title ??= m.title;
      continue;
    }
    const pr: NotePullRequest = prs.get(key) ?? {
      key,
      number: m.number,
      title: m.title,
      url: links?.pullRequest(m.number),
      author: m.via === 'squash' ? c.author : undefined,
      commits: [],
      source: 'local-git',
    };
    for (const x of commitsOfPr) {
      if (!pr.commits!.some((y) => y.sha === x.sha)) pr.commits!.push({ sha: x.sha, message: x.subject, url: links?.commit(x.sha), author: x.author });
    }
    if (!pr.author && commitsOfPr[0]) pr.author = commitsOfPr[0].author;
    prs.set(key, pr);
  }
  // One at a time: a spread into call arguments overflows the stack on a very large range.
  for (const pr of prs.values()) notes.pullRequests.push(pr);
  if (input.pullRequestsOf) {
    await addBackendPullRequests(notes, { range: commits, truncated, lookup: input.pullRequestsOf, maxCommits: input.maxPullRequestCommits, commitUrl: links?.commit });
  }

  // Issue keys from every message in the range (and the PR titles).
  const seen = new Set(notes.issues.map((i) => i.key));
  for (const c of commits) {
    for (const key of issueKeys(`${c.subject}\n${c.body}`)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const url = issueUrl(input.issueTrackerUrl, key);
      notes.issues.push({ key, title: c.subject, ...(url ? { url } : {}), source: 'local-git' } satisfies NoteIssue);
    }
  }
  return notes;
}

function localCommit(c: LogCommit, links: RemoteLinks | undefined): NoteCommit {
  return {
    sha: c.sha,
    message: c.subject,
    author: c.authorEmail ? `${c.author} <${c.authorEmail}>` : c.author,
    date: c.date,
    url: links?.commit(c.sha),
    source: 'local-git',
  };
}

// What commit messages say about pull requests: the conventions GitHub, GitLab and Bitbucket write into merge and
// squash commits ("Merge pull request #N from …", "Title (#N)", "See merge request group/project!N"), and which
// commits a merge brought in. Release notes and comparisons read them from the local history; the GitHub test engine
// makes its pull requests up from the same history by the same rules, so the two always agree.

import type { LogCommit } from './log';

export interface PrMention {
  number: number;
  /** 'merge' (a merge commit of the PR) or 'squash' (a squash/rebase commit naming it). */
  via: 'merge' | 'squash';
  title?: string;
  /** GitLab merge requests are `!N`. */
  gitlab?: boolean;
}

/** PR numbers a commit message names: GitHub merges and squashes, GitLab merge requests, Bitbucket merges. */
export function prFromMessage(subject: string, body = ''): PrMention | undefined {
  let m = /^Merge pull request #(\d+) from \S+/.exec(subject);
  if (m) return { number: Number(m[1]), via: 'merge', title: body.split('\n')[0]?.trim() || undefined };
  m = /^Merged in \S+ \(pull request #(\d+)\)/.exec(subject);
  if (m) return { number: Number(m[1]), via: 'merge', title: body.split('\n')[0]?.trim() || undefined };
  const gl = /See merge request [\w./-]*!(\d+)/.exec(body);
  if (gl) return { number: Number(gl[1]), via: 'merge', title: subject.replace(/^Merge branch '[^']*' into '[^']*'$/, '').trim() || undefined, gitlab: true };
  m = /^(.*\S)\s+\(#(\d+)\)$/.exec(subject);
  if (m) return { number: Number(m[2]), via: 'squash', title: m[1] };
  return undefined;
}

/**
 * Commits a merge brought in: reachable from its second parent within the range but not from its first parent.
 * Walks the already-listed range only (no git process).
 */
export function mergedSide(merge: LogCommit, range: readonly LogCommit[]): LogCommit[] {
  const bySha = new Map(range.map((x) => [x.sha, x]));
  const reach = (start: string | undefined): Set<string> => {
    const out = new Set<string>();
    const stack = start ? [start] : [];
    while (stack.length) {
      const s = stack.pop()!;
      if (out.has(s)) continue;
      const node = bySha.get(s);
      if (!node) continue;
      out.add(s);
      stack.push(...node.parents);
    }
    return out;
  };
  const second = reach(merge.parents[1]);
  const first = reach(merge.parents[0]);
  return range.filter((x) => second.has(x.sha) && !first.has(x.sha));
}

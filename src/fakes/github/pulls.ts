// The test engine's made-up pull requests, derived from the local history by the rules the local release notes read
// it with (src/git/pullRequestMessages.ts): a commit whose message says "Merge pull request #N from …" merged pull
// request N, and the commits that merge brought in (its second parent's side) are that pull request's too; a commit
// whose subject ends in "(#N)" is pull request N squashed. The title is the one the message gives, the author the
// login made from the name of who wrote its first commit, the merge time the merging commit's. Made-up data: the
// engine is only ever used as the `github-demo` backend, which labels everything it shows as demo data.

import type { LogCommit } from '../../git/log';
import { mergedSide, prFromMessage } from '../../git/pullRequestMessages';

export interface FakePullRequest {
  number: number;
  title: string;
  author: string;
  mergedAt: string;
  /** Its commits (the merging commit included). */
  commits: ReadonlySet<string>;
}

/** A login as GitHub allows them (letters, digits, single hyphens) made from a person's name. */
export function loginOf(name: string): string {
  const login = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 39);
  return login || 'octo-demo';
}

/** The pull requests the history's merge and squash messages name; the newest mention of a number wins. */
export function fakePullRequests(history: readonly LogCommit[]): FakePullRequest[] {
  const out = new Map<number, FakePullRequest>();
  for (const c of history) {
    const m = prFromMessage(c.subject, c.body);
    if (!m || m.gitlab || out.has(m.number)) continue;
    const side = m.via === 'merge' ? mergedSide(c, history) : [];
    const first = side.at(-1) ?? c;
    out.set(m.number, {
      number: m.number,
      title: m.title ?? c.subject,
      author: loginOf(first.author),
      mergedAt: new Date(c.committerDate).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      commits: new Set([c.sha, ...side.map((x) => x.sha)]),
    });
  }
  return [...out.values()];
}

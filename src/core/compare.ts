// "What is in staging that is not in prod yet?": the commits between the releases live in two environments of a
// product, as local Git sees them, grouped by pull request, with issue keys and authors, and the releases made in
// between. Computed in src/resolve/compare.ts, rendered by src/present/compareMarkdown.ts.

import type { ReleaseSummary } from './model';

export interface CompareCommit {
  sha: string;
  subject: string;
  author: string;
  date: string;
  /** Jira-style keys its message names. */
  issues: string[];
  /** `#123` / `!123` references its message names (issues or pull requests of the remote). */
  refs: number[];
}

export interface ComparePullRequest {
  /** `#123`, or `!123` for a GitLab merge request. */
  key: string;
  number: number;
  title?: string;
  url?: string;
  /** How the range shows it: a merge commit, or a squashed commit naming it. */
  via: 'merge' | 'squash';
  commits: CompareCommit[];
}

export interface CompareSide {
  environment: string;
  release?: ReleaseSummary;
}

export type CompareResult =
  | { kind: 'unavailable'; from: CompareSide; to: CompareSide; reason: string }
  | {
      kind: 'range';
      product: string;
      from: CompareSide;
      to: CompareSide;
      /** Commits in `to` that `from` does not have (all of the range, not only this page). */
      total: number;
      /** The page shown: commits offset..offset+count of the range, newest first. */
      offset: number;
      pageSize: number;
      pullRequests: ComparePullRequest[];
      /** Commits of this page in no pull request. */
      direct: CompareCommit[];
      /** Commits `from` has that `to` does not (the two have diverged when > 0). */
      behind: number;
      /** Releases of the product made after `from`'s live release, up to `to`'s, newest first. */
      releasesBetween: ReleaseSummary[];
      /** Why the range may be incomplete (a shallow clone's cut-off inside it). */
      caveat?: string;
      /** URL prefixes of the remote's commit, issue and pull request pages (the id is appended), when it is a web host. */
      links?: { commit: string; issue: string; pullRequest: string };
    };

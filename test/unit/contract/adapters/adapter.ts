// What a backend's adapter to the scenario table does: tell a story in its vendor's own objects, served by the
// backend's test engine, and read it back through the backend's real client and mapping.

import type { HistoryCommit } from '../../../../src/fakes/history';
import type { ProductReleases } from '../../../../src/core/model';
import type { CommitLabel, ReleaseKey, Scenario, ScenarioName } from '../scenarios';

/** The story's repository: a real Git repository with the commits c1 ← c2 ← c3, and a sha it does not have. */
export interface StoryRepo {
  dir: string;
  commits: Record<Exclude<CommitLabel, 'missing'>, HistoryCommit>;
  /** A well-formed sha of no commit of the repository. */
  missing: string;
  /** When the story starts, in ms since the epoch (after every commit). */
  start: number;
}

export interface Served {
  /** The product as the backend's client read it, with its releases. */
  data: ProductReleases[];
  /** Release key of the story → the release id the backend gives it. */
  ids: Partial<Record<ReleaseKey, string>>;
  close(): Promise<void>;
}

export interface Adapter {
  backend: string;
  /** Scenarios this backend's vendor cannot express, each with why (shown in the table and the README). */
  cannot: Partial<Record<ScenarioName, string>>;
  serve(scenario: Scenario, repo: StoryRepo): Promise<Served>;
}

/** The sha a story commit stands for. */
export function shaOf(repo: StoryRepo, c: CommitLabel): string {
  return c === 'missing' ? repo.missing : repo.commits[c].sha;
}

/** A story commit as a history entry (a made-up one, dated at the story's start, for `missing`). */
export function historyOf(repo: StoryRepo, c: CommitLabel): HistoryCommit {
  if (c !== 'missing') return repo.commits[c];
  const at = new Date(repo.start).toISOString();
  return { ...repo.commits.c1, sha: repo.missing, message: 'a commit this clone does not have', authorDate: at, committerDate: at };
}

/** ISO time, seconds precision (as Kubernetes and GitHub write it), `minutes` after the story's start. */
export function isoAt(repo: StoryRepo, minutes: number): string {
  return new Date(repo.start + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

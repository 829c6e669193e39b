// The one meaning of "where is it deployed", as a table of named situations every backend must answer alike.
//
// Each scenario is a short story told in neutral terms (releases, oldest first, each carrying one commit of a small
// real repository, and what happened to it in the two environments `dev` → `prod`), the question (which commit, in
// which environment), and the expected answer written once: the state, the release it names, which time it shows,
// and words the user reads in the hover and in Commit Deployments. An adapter per backend (./adapters) tells each
// story in its vendor's own objects, served by that backend's test engine, and the answer is read back through the
// real client, mapping and resolver. A story a backend cannot tell is listed by its adapter with the reason.

import type { DeploymentState } from '../../../src/core/deployment';

export const ENVIRONMENTS = ['dev', 'prod'] as const;
export type Env = (typeof ENVIRONMENTS)[number];

/** The repository's commits, oldest first (c1 ← c2 ← c3 on one line); `missing` is a commit this clone lacks. */
export type CommitLabel = 'c1' | 'c2' | 'c3' | 'missing';
export type ReleaseKey = 'r1' | 'r2' | 'r3';

/**
 * What happened to a release in one environment, in neutral terms:
 * - live: it was deployed there and succeeded (later releases may have replaced it);
 * - running: its deployment there is in progress; queued: it waits for its turn behind another;
 * - approval: it waits for a person's approval there;
 * - failed / errored / aborted: its deployment there failed, errored, or was stopped by hand;
 * - verify-failed: it was deployed there, then its verification failed;
 * - taken-down: it was live there and was taken down, with nothing put in its place;
 * - abandoned: its deployment never reported back and was given up on by the vendor;
 * - odd: the vendor reports a state this version does not know.
 * An environment a release has no outcome in is one it was never sent to.
 */
export type Outcome =
  | 'live'
  | 'running'
  | 'queued'
  | 'approval'
  | 'failed'
  | 'errored'
  | 'aborted'
  | 'verify-failed'
  | 'taken-down'
  | 'abandoned'
  | 'odd';

export interface StoryRelease {
  key: ReleaseKey;
  commit: CommitLabel;
  /** Minutes after the story's start when the release was made (the order releases are listed in). */
  at: number;
  envs: Partial<Record<Env, Outcome>>;
}

/** Which time the answer shows: when a release reached the environment, or when it was taken down there. */
export type ShownTime = { reached: ReleaseKey } | { takenDown: ReleaseKey };

export interface Expected {
  state: DeploymentState;
  /** The release the answer names. */
  release?: ReleaseKey;
  /** deployed: the release that brought the commit; no-longer-deployed: the live release. */
  other?: ReleaseKey;
  time?: ShownTime;
  /** Words the user reads, in the hover's line for the product and in the Commit Deployments row (label first). */
  words: string[];
}

export const SCENARIO_NAMES = [
  'deployed',
  'superseded by a newer release with the change',
  'rolled back to a release without it',
  'taken down',
  'never promoted past the first environment',
  'promotion running',
  'queued behind another',
  'waiting for approval',
  'promotion failed',
  'promotion errored',
  'promotion aborted / terminated',
  'verification failed after a successful promotion',
  'abandoned',
  'an unknown vendor value',
  "a release whose commit is missing locally",
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Scenario {
  name: ScenarioName;
  releases: StoryRelease[];
  ask: { commit: Exclude<CommitLabel, 'missing'>; env: Env };
  expect: Expected;
}

const both = (o: Outcome): Partial<Record<Env, Outcome>> => ({ dev: 'live', prod: o });
const base: StoryRelease = { key: 'r1', commit: 'c1', at: 0, envs: { dev: 'live', prod: 'live' } };

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'deployed',
    releases: [{ key: 'r1', commit: 'c2', at: 0, envs: both('live') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'deployed', release: 'r1', other: 'r1', time: { reached: 'r1' }, words: ['Deployed'] },
  },
  {
    name: 'superseded by a newer release with the change',
    releases: [
      { key: 'r1', commit: 'c2', at: 0, envs: both('live') },
      { key: 'r2', commit: 'c3', at: 60, envs: both('live') },
    ],
    ask: { commit: 'c2', env: 'prod' },
    // The newer release is live; the answer dates the commit from the release that first brought it.
    expect: { state: 'deployed', release: 'r2', other: 'r1', time: { reached: 'r1' }, words: ['Deployed'] },
  },
  {
    name: 'rolled back to a release without it',
    releases: [base, { key: 'r2', commit: 'c2', at: 60, envs: both('live') }, { key: 'r3', commit: 'c1', at: 120, envs: both('live') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'no-longer-deployed', release: 'r2', other: 'r3', time: { reached: 'r3' }, words: ['No longer deployed', 'replaced by'] },
  },
  {
    name: 'taken down',
    releases: [{ key: 'r1', commit: 'c2', at: 0, envs: both('taken-down') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'taken-down', release: 'r1', time: { takenDown: 'r1' }, words: ['Taken down'] },
  },
  {
    name: 'never promoted past the first environment',
    releases: [{ key: 'r1', commit: 'c2', at: 0, envs: { dev: 'live' } }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'not-yet', words: ['Not yet'] },
  },
  {
    name: 'promotion running',
    releases: [base, { key: 'r2', commit: 'c2', at: 60, envs: both('running') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'on-its-way', release: 'r2', words: ['On its way'] },
  },
  {
    name: 'queued behind another',
    releases: [base, { key: 'r2', commit: 'c2', at: 60, envs: { dev: 'running' } }, { key: 'r3', commit: 'c3', at: 120, envs: { dev: 'queued' } }],
    ask: { commit: 'c3', env: 'dev' },
    expect: { state: 'on-its-way', release: 'r3', words: ['On its way'] },
  },
  {
    name: 'waiting for approval',
    releases: [base, { key: 'r2', commit: 'c2', at: 60, envs: both('approval') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'awaiting-approval', release: 'r2', words: ['Awaiting approval', 'waiting for'] },
  },
  {
    name: 'promotion failed',
    releases: [base, { key: 'r2', commit: 'c2', at: 60, envs: both('failed') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'blocked', release: 'r2', words: ['Blocked'] },
  },
  {
    name: 'promotion errored',
    releases: [base, { key: 'r2', commit: 'c2', at: 60, envs: both('errored') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'blocked', release: 'r2', words: ['Blocked'] },
  },
  {
    name: 'promotion aborted / terminated',
    releases: [base, { key: 'r2', commit: 'c2', at: 60, envs: both('aborted') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'blocked', release: 'r2', words: ['Blocked'] },
  },
  {
    name: 'verification failed after a successful promotion',
    releases: [base, { key: 'r2', commit: 'c2', at: 60, envs: both('verify-failed') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'blocked', release: 'r2', words: ['Blocked'] },
  },
  {
    name: 'abandoned',
    releases: [base, { key: 'r2', commit: 'c2', at: 60, envs: both('abandoned') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'blocked', release: 'r2', words: ['Blocked', 'abandoned'] },
  },
  {
    name: 'an unknown vendor value',
    releases: [base, { key: 'r2', commit: 'c2', at: 60, envs: both('odd') }],
    ask: { commit: 'c2', env: 'prod' },
    expect: { state: 'unknown', release: 'r2', words: ['Unknown'] },
  },
  {
    name: 'a release whose commit is missing locally',
    releases: [
      { key: 'r1', commit: 'c2', at: 0, envs: both('live') },
      { key: 'r2', commit: 'missing', at: 60, envs: both('live') },
    ],
    ask: { commit: 'c2', env: 'prod' },
    // The live release might carry the commit or not: the answer names it and says why it cannot tell.
    expect: { state: 'unknown', release: 'r2', words: ['Unknown', 'not in the local repository'] },
  },
];

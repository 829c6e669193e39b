// Made-up Kargo data for the fake server, seeded from a real repository's first-parent history: one Project with
// one Warehouse and four Stages (dev ← Warehouse; staging and qa ← dev; prod ← staging or qa, labelled PROD), and
// one Freight per few commits carrying those commits (and, for some, the newest among them, only an image whose
// revision annotation names the commit). The newest Freight are caught in every state a release can be in: a promotion running, waiting for
// approval, failed, aborted, verification running, verified, not yet.
//
// The objects are plain JSON in the shapes of Kargo's swagger definitions; the state changes as actions arrive.

import { createHash } from 'node:crypto';
import type { HistoryCommit, RepoHistory } from '../history';

export type Json = Record<string, unknown>;

export const FAKE_PROJECT = 'kargo-demo';
export const FAKE_WAREHOUSE = 'app';

export function hex(...parts: (string | number)[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}

const ADJECTIVES = ['brave', 'calm', 'eager', 'fuzzy', 'gentle', 'happy', 'jolly', 'kind', 'lively', 'merry', 'nimble', 'proud', 'quick', 'silly', 'witty', 'zesty'];
const ANIMALS = ['otter', 'panda', 'lynx', 'heron', 'gecko', 'bison', 'koala', 'lemur', 'moose', 'newt', 'quail', 'raven', 'sloth', 'tapir', 'walrus', 'yak'];

export interface FakeFreight {
  name: string;
  alias: string;
  createdAt: string;
  commits: HistoryCommit[];
  /** Only an image, whose revision annotation names the commit (no commit subscription). */
  imageOnly: boolean;
  tag: string;
  digest: string;
  currentlyIn: Map<string, string>;
  verifiedIn: Map<string, string>;
  approvedFor: Map<string, string>;
}

export interface FakePromotion {
  name: string;
  stage: string;
  freight: string;
  createdAt: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Errored' | 'Aborted' | (string & {});
  /** Index of the step running (or that ended it). */
  currentStep: number;
  message?: string;
  finishedAt?: string;
  resourceVersion: number;
}

export interface FakeVerification {
  id: string;
  freight: string;
  phase: 'Pending' | 'Running' | 'Successful' | 'Failed' | 'Error' | 'Aborted' | 'Inconclusive' | (string & {});
  startTime: string;
  finishTime?: string;
  message?: string;
}

export interface FakeStage {
  name: string;
  direct: boolean;
  upstream: string[];
  prod: boolean;
  steps: { uses: string; as: string }[];
  verification: boolean;
  verifications: FakeVerification[];
  /** Freight names that were in the Stage, oldest first. */
  history: string[];
  resourceVersion: number;
}

export interface FakeData {
  project: string;
  warehouse: string;
  repoURL: string;
  imageRepo: string;
  stages: FakeStage[];
  /** Newest first. */
  freight: FakeFreight[];
  promotions: FakePromotion[];
}

const STEPS = {
  default: [
    { uses: 'git-clone', as: 'clone' },
    { uses: 'kustomize-set-image', as: 'update-image' },
    { uses: 'git-commit', as: 'commit' },
    { uses: 'git-push', as: 'push' },
    { uses: 'argocd-update', as: 'sync' },
  ],
  prod: [
    { uses: 'git-clone', as: 'clone' },
    { uses: 'kustomize-set-image', as: 'update-image' },
    { uses: 'git-open-pr', as: 'open-pr' },
    { uses: 'wait-for-approval', as: 'approval' },
    { uses: 'argocd-update', as: 'sync' },
  ],
};

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Seed the fake from a history (oldest first); `now` places the newest Freight in time. */
export function seedKargo(history: RepoHistory, options: { freightCount?: number; now?: number } = {}): FakeData {
  const commits = history.commits;
  const count = Math.max(1, Math.min(options.freightCount ?? 24, Math.ceil(commits.length / 2)));
  // Groups of commits from the newest back: each Freight carries the commits since the previous one.
  const groups: HistoryCommit[][] = [];
  let end = commits.length;
  for (let i = 0; i < count && end > 0; i++) {
    const size = 1 + (Number.parseInt(hex('group', i).slice(0, 2), 16) % 3);
    groups.push(commits.slice(Math.max(0, end - size), end).reverse());
    end -= size;
  }
  const now = options.now ?? Date.now();
  const freight: FakeFreight[] = groups.map((g, i) => {
    const head = g[0] as HistoryCommit;
    const name = hex('freight', head.sha);
    const n = Number.parseInt(name.slice(0, 4), 16);
    const created = Math.min(Date.parse(head.committerDate) + 600_000, now - i * 60_000);
    return {
      name,
      alias: `${ADJECTIVES[n % ADJECTIVES.length]}-${ANIMALS[(n >> 4) % ANIMALS.length]}`,
      createdAt: iso(created),
      commits: g,
      imageOnly: i % 4 === 0,
      tag: `v0.${Math.floor((groups.length - i) / 10)}.${(groups.length - i) % 10}`,
      digest: `sha256:${createHash('sha256').update(head.sha).digest('hex')}`,
      currentlyIn: new Map(),
      verifiedIn: new Map(),
      approvedFor: new Map(),
    };
  });
  const stage = (name: string, direct: boolean, upstream: string[], prod = false): FakeStage => ({
    name,
    direct,
    upstream,
    prod,
    steps: prod ? STEPS.prod : STEPS.default,
    verification: name !== 'dev',
    verifications: [],
    history: [],
    resourceVersion: 1,
  });
  const stages = [stage('dev', true, []), stage('staging', false, ['dev']), stage('qa', false, ['dev']), stage('prod', false, ['staging', 'qa'], true)];
  const data: FakeData = {
    project: FAKE_PROJECT,
    warehouse: FAKE_WAREHOUSE,
    repoURL: history.repoURL,
    imageRepo: `ghcr.io/example/${history.name}`,
    stages,
    freight,
    promotions: [],
  };
  // Oldest first: each older Freight went everywhere; the newest ones are caught on the way.
  const ordered = [...freight].reverse();
  let seq = 0;
  const promote = (f: FakeFreight, s: FakeStage, phase: FakePromotion['phase'], at: number, message?: string): void => {
    seq++;
    const p: FakePromotion = {
      name: `${s.name}.${f.name.slice(0, 8)}.${seq}`,
      stage: s.name,
      freight: f.name,
      createdAt: iso(at),
      phase,
      currentStep: phase === 'Succeeded' ? s.steps.length - 1 : phase === 'Running' && s.prod ? 3 : Math.min(2, s.steps.length - 1),
      resourceVersion: seq,
      ...(message ? { message } : {}),
      ...(phase !== 'Running' && phase !== 'Pending' ? { finishedAt: iso(at + 90_000) } : {}),
    };
    data.promotions.push(p);
    if (phase === 'Succeeded') {
      for (const other of freight) other.currentlyIn.delete(s.name);
      f.currentlyIn.set(s.name, iso(at + 90_000));
      s.history.push(f.name);
      if (s.verification) s.verifications.push({ id: hex('verification', s.name, f.name), freight: f.name, phase: 'Successful', startTime: iso(at + 100_000), finishTime: iso(at + 200_000) });
      f.verifiedIn.set(s.name, iso(at + (s.verification ? 200_000 : 90_000)));
    }
  };
  const get = (n: string): FakeStage => stages.find((s) => s.name === n) as FakeStage;
  ordered.forEach((f, idx) => {
    const age = ordered.length - 1 - idx; // 0 = newest
    const t = Date.parse(f.createdAt);
    if (age >= 6) {
      promote(f, get('dev'), 'Succeeded', t);
      if (age % 2 === 0) promote(f, get('staging'), 'Succeeded', t + 300_000);
      else promote(f, get('qa'), 'Succeeded', t + 300_000);
      if (age % 3 === 0) promote(f, get('prod'), 'Succeeded', t + 600_000);
      return;
    }
    switch (age) {
      case 5: // everywhere, and now in prod
        promote(f, get('dev'), 'Succeeded', t);
        promote(f, get('staging'), 'Succeeded', t + 300_000);
        promote(f, get('prod'), 'Succeeded', t + 600_000);
        break;
      case 4: // failed in qa, verified in staging, waiting for approval in prod
        promote(f, get('dev'), 'Succeeded', t);
        promote(f, get('staging'), 'Succeeded', t + 300_000);
        promote(f, get('qa'), 'Failed', t + 300_000, 'step "push" failed: remote rejected the push (protected branch)');
        promote(f, get('prod'), 'Running', t + 600_000);
        break;
      case 3: // aborted in qa
        promote(f, get('dev'), 'Succeeded', t);
        promote(f, get('qa'), 'Aborted', t + 300_000, 'aborted by a user');
        break;
      case 2: // in staging, its verification still running
        promote(f, get('dev'), 'Succeeded', t);
        promote(f, get('staging'), 'Succeeded', t + 300_000);
        f.verifiedIn.delete('staging');
        (get('staging').verifications.at(-1) as FakeVerification).phase = 'Running';
        delete (get('staging').verifications.at(-1) as FakeVerification).finishTime;
        break;
      case 1: // verified in dev only: not yet elsewhere
        promote(f, get('dev'), 'Succeeded', t);
        break;
      default: // the newest: its promotion to dev is running
        promote(f, get('dev'), 'Running', t);
    }
  });
  return data;
}

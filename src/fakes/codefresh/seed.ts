// Deterministic demo data seeded from the real history of a local Git repository: products, environments, flows,
// and releases whose trigger commits are real commits in history order. Everything derived from randomness uses a
// hash of stable inputs, so the same repository always gives the same data.
//
// Statuses are not stored: a release has a *scenario* (succeeded, failed at env X step Y, terminated, suspended,
// queued, still moving) and `environmentStatuses()` derives the per-environment statuses from it along the flow's
// dependency graph; the release status is then derived from those with the status rules of src/core/rules.ts.

import { createHash } from 'node:crypto';
import { releaseStatusFromEnvironments } from '../../core/rules';
import {
  environmentStatus,
  type EnvironmentKind,
  type NewEnvironmentStatus,
  type PromotionAction,
  type ReleaseStatus,
  type StatusKind,
} from '../../core/status';
import type { HistoryCommit, RepoHistory } from '../history';

// ---------------------------------------------------------------------------------------------------------------
// Hash helpers

export function hashHex(...parts: (string | number)[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}
/** A 24-hex id (Mongo ObjectId-like, as Codefresh's ids are). */
export function hashId(...parts: (string | number)[]): string {
  return hashHex(...parts).slice(0, 24);
}
export function hashInt(...parts: (string | number)[]): number {
  return parseInt(hashHex(...parts).slice(0, 8), 16);
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration entities

export interface DemoEnvironment {
  id: string;
  name: string;
  kind: EnvironmentKind;
  position: number;
}

export interface DemoHooks {
  onStart?: string;
  onSuccess?: string;
  onFail?: string;
}

export interface DemoPolicy {
  action: PromotionAction;
  preAction?: string;
  postAction?: string;
}

export interface DemoFlowStep {
  environment: string;
  dependsOn: string[];
  policy: DemoPolicy;
  hooks?: DemoHooks;
}

export interface DemoFlow {
  id: string;
  name: string;
  triggerEnvironment: string;
  /** Target environments in dependency order. */
  steps: DemoFlowStep[];
  hooks: DemoHooks;
  selectors: { key: 'commitMessage' | 'gitRevision'; operator: 'In' | 'NotIn'; values: string[] }[];
}

export interface DemoProduct {
  id: string;
  name: string;
  environments: string[];
  flows: DemoFlow[];
  applications: string[];
  concurrency: 'queue' | 'terminate';
}

/** Workflow templates and their steps (shared by all products). */
export const WORKFLOW_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  'smoke-tests': ['wait-healthy', 'smoke'],
  'security-scan': ['scan-image', 'policy-gate'],
  'integration-tests': ['setup', 'run-tests', 'report'],
  'change-approval': ['open-change', 'wait-approval'],
  'slack-notify': ['notify'],
};

export const RUNTIME = 'demo-runtime';
export const ACCOUNT = 'demo-account';
export const ACCOUNT_ID = hashId('account', ACCOUNT);

const ENVIRONMENTS: readonly Omit<DemoEnvironment, 'id'>[] = [
  { name: 'dev', kind: 'NON_PROD', position: 0 },
  { name: 'qa', kind: 'NON_PROD', position: 1 },
  { name: 'staging', kind: 'NON_PROD', position: 2 },
  { name: 'prod', kind: 'PROD', position: 3 },
  { name: 'prod-eu', kind: 'PROD', position: 4 },
  { name: 'prod-us', kind: 'PROD', position: 5 },
];

function policyFor(env: string): DemoPolicy {
  if (env === 'dev') return { action: 'commit', postAction: 'smoke-tests' };
  if (env === 'qa') return { action: 'commit', preAction: 'security-scan', postAction: 'integration-tests' };
  if (env === 'staging') return { action: 'commit', preAction: 'security-scan', postAction: 'smoke-tests' };
  return { action: 'pr', preAction: 'change-approval', postAction: 'slack-notify' };
}

function flow(name: string, trigger: string, steps: [string, string[]][], selectors: DemoFlow['selectors']): DemoFlow {
  return {
    id: hashId('flow', name),
    name,
    triggerEnvironment: trigger,
    steps: steps.map(([environment, dependsOn]) => ({
      environment,
      dependsOn,
      policy: policyFor(environment),
      hooks: environment.startsWith('prod') ? { onFail: 'rollback-prod' } : undefined,
    })),
    hooks: { onStart: 'notify-start', onSuccess: 'notify-success', onFail: 'page-oncall' },
    selectors,
  };
}

const HOTFIX: DemoFlow['selectors'] = [{ key: 'commitMessage', operator: 'In', values: ['*hotfix*'] }];
const NOT_HOTFIX: DemoFlow['selectors'] = [{ key: 'commitMessage', operator: 'NotIn', values: ['*hotfix*'] }];

function product(name: string, environments: string[], flows: DemoFlow[], applications: string[]): DemoProduct {
  return { id: hashId('product', name), name, environments, flows, applications, concurrency: 'queue' };
}

/** The products (2 for small repositories, 3 otherwise). Flows are DAGs, not straight lines. */
function makeProducts(count: number): DemoProduct[] {
  const all = [
    product(
      'storefront',
      ['dev', 'qa', 'staging', 'prod'],
      [
        // dev fans out to qa and staging; prod waits for both.
        flow('storefront-release', 'dev', [['qa', ['dev']], ['staging', ['dev']], ['prod', ['qa', 'staging']]], NOT_HOTFIX),
        flow('storefront-hotfix', 'dev', [['prod', ['dev']]], HOTFIX),
      ],
      ['storefront-web', 'storefront-api', 'storefront-worker'],
    ),
    product(
      'payments',
      ['dev', 'staging', 'prod-eu', 'prod-us'],
      // staging fans out to two production regions.
      [flow('payments-rollout', 'dev', [['staging', ['dev']], ['prod-eu', ['staging']], ['prod-us', ['staging']]], [])],
      ['payments-api', 'payments-ledger'],
    ),
    product(
      'inventory',
      ['dev', 'staging', 'prod'],
      // prod depends on dev and staging (a skip edge).
      [flow('inventory-release', 'dev', [['staging', ['dev']], ['prod', ['dev', 'staging']]], [])],
      ['inventory-api', 'inventory-sync'],
    ),
  ];
  return all.slice(0, count);
}

// ---------------------------------------------------------------------------------------------------------------
// Releases

export type Scenario =
  | { kind: 'succeeded' }
  | { kind: 'failed' | 'terminated'; environment: string; stepIndex: number; appIndex: number; message: string }
  | { kind: 'suspended' }
  | { kind: 'queued' }
  | { kind: 'moving' };

export interface DemoRelease {
  id: string;
  product: DemoProduct;
  flow: DemoFlow;
  /** Position in the product's history, 0 = oldest. */
  index: number;
  /** How `promotions` returns it: the older third predate the platform's new architecture. */
  apiKind: 'ProductRelease' | 'Promotion';
  version: string;
  /** True when the version came from the trigger commit's message. */
  explicitVersion: boolean;
  createdAtMs: number;
  trigger: HistoryCommit;
  /** Commits this release adds over the previous one, oldest first (ends with the trigger commit). */
  commits: HistoryCommit[];
  scenario: Scenario;
}

export interface DemoData {
  environments: DemoEnvironment[];
  products: DemoProduct[];
  flows: DemoFlow[];
  /** Per product name, newest first. */
  releases: Map<string, DemoRelease[]>;
  byId: Map<string, DemoRelease>;
  /** The release that is still moving (at most one), advanced by the clock or `advance()`. */
  moving?: DemoRelease;
  repoURL: string;
  branch: string;
}

export interface SeedOptions {
  /** Releases per product. Default: one every 3-5 commits, at most `defaultCap`. */
  releasesPerProduct?: number;
  /** Cap on the default number of releases per product (default 150). */
  defaultCap?: number;
}

/** Environment names of a flow in dependency order (trigger first). */
export function flowEnvironments(f: DemoFlow): string[] {
  return [f.triggerEnvironment, ...f.steps.map((s) => s.environment)];
}

export function dependsOnOf(f: DemoFlow, env: string): string[] {
  return f.steps.find((s) => s.environment === env)?.dependsOn ?? [];
}

/** Level of each environment in the flow DAG (trigger = 0, otherwise 1 + max level of its dependencies). */
const levelCache = new WeakMap<DemoFlow, Map<string, number>>();
export function flowLevels(f: DemoFlow): Map<string, number> {
  let levels = levelCache.get(f);
  if (!levels) {
    const l = new Map<string, number>([[f.triggerEnvironment, 0]]);
    for (const s of f.steps) l.set(s.environment, 1 + Math.max(0, ...s.dependsOn.map((d) => l.get(d) ?? 0)));
    levels = l;
    levelCache.set(f, levels);
  }
  return levels;
}

export function policyOf(f: DemoFlow, env: string): DemoPolicy {
  return f.steps.find((s) => s.environment === env)?.policy ?? policyFor(env);
}

/** The ordered workflow steps an environment runs: pre-action steps, then post-action steps. */
export interface SequenceItem {
  phase: 'pre' | 'post';
  template: string;
  step: string;
}
const sequenceCache = new WeakMap<DemoFlow, Map<string, readonly SequenceItem[]>>();
export function workflowSequence(f: DemoFlow, env: string): readonly SequenceItem[] {
  let perEnv = sequenceCache.get(f);
  if (!perEnv) {
    perEnv = new Map();
    sequenceCache.set(f, perEnv);
  }
  let seq = perEnv.get(env);
  if (!seq) {
    const p = policyOf(f, env);
    const items: SequenceItem[] = [];
    for (const [phase, template] of [['pre', p.preAction], ['post', p.postAction]] as const) {
      if (!template) continue;
      for (const step of WORKFLOW_TEMPLATES[template] ?? []) items.push({ phase, template, step });
    }
    seq = items;
    perEnv.set(env, seq);
  }
  return seq;
}

const FAILURE_MESSAGES: Readonly<Record<string, string>> = {
  'wait-healthy': 'application did not become Healthy within 300s (Deployment has minimum availability 1/3)',
  smoke: 'GET /healthz returned HTTP 503 after 5 attempts',
  'scan-image': '2 critical vulnerabilities found (CVE-2024-3094, CVE-2023-4863)',
  'policy-gate': 'policy "no-latest-tag" denied the promotion',
  setup: 'failed to create test namespace: quota exceeded',
  'run-tests': '3 of 412 integration tests failed (checkout.spec.ts)',
  report: 'could not upload test report: 403 Forbidden',
  'open-change': 'change management API returned 500',
  'wait-approval': 'change request rejected by release manager',
  notify: 'Slack webhook returned 404 channel_not_found',
};

const VERSION_RE = /\bv?(\d+)\.(\d+)\.(\d+)\b/;

function nextVersion(prev: [number, number, number], commits: HistoryCommit[]): [number, number, number] {
  const text = commits.map((c) => c.message).join('\n');
  if (/BREAKING CHANGE|^[a-z]+(\([^)]*\))?!:/im.test(text)) return [prev[0] + 1, 0, 0];
  if (/^(feat|feature|add)\b/im.test(text)) return [prev[0], prev[1] + 1, 0];
  return [prev[0], prev[1], prev[2] + 1];
}

function forcedScenario(productIndex: number, fromNewest: number, count: number): Scenario['kind'] | undefined {
  if (productIndex === 0) {
    if (fromNewest === 0) return 'moving';
    if (fromNewest === 2) return 'failed';
    if (fromNewest === 4) return 'terminated';
  } else if (productIndex === 1) {
    if (fromNewest === 0) return count >= 2 ? 'queued' : 'suspended';
    if (fromNewest === 1) return 'suspended';
    if (fromNewest === 3) return 'failed';
  } else {
    if (fromNewest === 1) return 'failed';
    if (fromNewest === 2) return 'terminated';
  }
  return undefined;
}

function makeScenario(kind: Scenario['kind'], r: Pick<DemoRelease, 'id' | 'flow' | 'product'>): Scenario {
  if (kind !== 'failed' && kind !== 'terminated') return { kind };
  const targets = r.flow.steps.map((s) => s.environment);
  const environment = targets[hashInt(r.id, 'env') % targets.length] ?? r.flow.triggerEnvironment;
  const seq = workflowSequence(r.flow, environment);
  const stepIndex = hashInt(r.id, 'step') % Math.max(1, seq.length);
  const appIndex = hashInt(r.id, 'app') % r.product.applications.length;
  const step = seq[stepIndex]?.step ?? 'smoke';
  const message =
    kind === 'failed'
      ? (FAILURE_MESSAGES[step] ?? 'step failed')
      : `Stopped with strategy 'Terminate': a newer release of ${r.product.name} was started (concurrency: terminate)`;
  return { kind, environment, stepIndex, appIndex, message };
}

function pickFlow(p: DemoProduct, message: string): DemoFlow {
  const matches = (f: DemoFlow) =>
    f.selectors.every((s) => {
      const hit = s.values.some((v) => new RegExp('^' + v.split('*').map(escapeRe).join('.*') + '$', 'is').test(message));
      return s.operator === 'In' ? hit : !hit;
    });
  return p.flows.find(matches) ?? (p.flows[0] as DemoFlow);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const MINUTE = 60_000;

/** Build the demo data from a repository's history (oldest first). Pure and deterministic. */
export function seedFromHistory(history: RepoHistory, options: SeedOptions = {}): DemoData {
  const commits = history.commits;
  const n = commits.length;
  const products = makeProducts(n >= 12 ? 3 : 2);
  const usedEnvs = new Set(products.flatMap((p) => p.environments));
  const environments = ENVIRONMENTS.filter((e) => usedEnvs.has(e.name)).map((e) => ({ ...e, id: hashId('env', e.name) }));
  const releases = new Map<string, DemoRelease[]>();
  const byId = new Map<string, DemoRelease>();
  let moving: DemoRelease | undefined;
  const spacing = [3, 4, 5];
  const cap = options.defaultCap ?? 150;

  products.forEach((p, pi) => {
    const list: DemoRelease[] = [];
    if (n > 0) {
      const count = options.releasesPerProduct ?? Math.max(1, Math.min(cap, Math.round(n / (spacing[pi] ?? 4))));
      let prevIdx = -1;
      let version: [number, number, number] = [1, 0, 0];
      let prevCreated = 0;
      for (let i = 0; i < count; i++) {
        // Spread the triggers evenly over the history, the newest ending near HEAD; products are offset a little.
        let idx = Math.floor(((i + 1) * n) / count) - 1 - pi;
        idx = Math.min(n - 1, Math.max(0, idx, prevIdx < 0 ? 0 : prevIdx));
        const trigger = commits[idx] as HistoryCommit;
        const range = commits.slice(prevIdx + 1, idx + 1);
        const rangeCommits = range.length > 0 ? range : [trigger];
        const explicit = VERSION_RE.exec(trigger.message.split('\n')[0] ?? '');
        version = explicit ? [Number(explicit[1]), Number(explicit[2]), Number(explicit[3])] : i === 0 ? version : nextVersion(version, rangeCommits);
        const id = hashId('release', p.name, i, trigger.sha);
        const commitMs = Date.parse(trigger.committerDate);
        const createdAtMs = Math.max(commitMs + 90_000 + (hashInt(id, 'ms') % 60_000), prevCreated + MINUTE + (hashInt(id, 'gap') % 997));
        prevCreated = createdAtMs;
        const f = pickFlow(p, trigger.message);
        const r: DemoRelease = {
          id,
          product: p,
          flow: f,
          index: i,
          apiKind: i < Math.floor(count / 3) ? 'ProductRelease' : 'Promotion',
          version: version.join('.'),
          explicitVersion: explicit !== null,
          createdAtMs,
          trigger,
          commits: rangeCommits,
          scenario: { kind: 'succeeded' },
        };
        const fromNewest = count - 1 - i;
        const h = hashInt(id, 'scenario') % 100;
        const kind = forcedScenario(pi, fromNewest, count) ?? (h < 7 ? 'failed' : h < 11 ? 'terminated' : 'succeeded');
        r.scenario = makeScenario(kind, r);
        if (kind === 'moving') moving = r;
        list.push(r);
        byId.set(id, r);
        prevIdx = idx;
      }
    }
    releases.set(p.name, list.reverse());
  });

  const flows = products.flatMap((p) => p.flows);
  return { environments, products, flows, releases, byId, moving, repoURL: history.repoURL, branch: history.branch };
}

// ---------------------------------------------------------------------------------------------------------------
// Statuses

export interface EnvState {
  status: NewEnvironmentStatus;
  /** For RUNNING: index into workflowSequence() of the step that is running. */
  runningIndex?: number;
}

/** Number of stages a moving release goes through (2 per flow level); at this stage it has succeeded. */
export function finalStage(f: DemoFlow): number {
  return 2 * (Math.max(...flowLevels(f).values()) + 1);
}

/**
 * Per-environment statuses of a release, in flow order. `stage` only matters for the moving release: at stage s the
 * environments of level < s/2 succeeded, those of level s/2 run (first or second half of their workflow steps), the
 * rest are pending. Downstream environments of a failed one are SKIPPED, of a terminated one PENDING.
 */
export function environmentStatuses(r: DemoRelease, stage: number): Map<string, EnvState> {
  const f = r.flow;
  const out = new Map<string, EnvState>();
  const levels = flowLevels(f);
  const sc = r.scenario;
  const maxLevel = Math.max(...levels.values());
  for (const env of flowEnvironments(f)) {
    const level = levels.get(env) ?? 0;
    const deps = dependsOnOf(f, env).map((d) => out.get(d)?.status);
    let state: EnvState;
    switch (sc.kind) {
      case 'succeeded':
        state = { status: 'SUCCEEDED' };
        break;
      case 'queued':
        state = { status: 'QUEUED' };
        break;
      case 'suspended': {
        // Waiting for approval of the promotion PR in the first environment of the last level.
        const firstLast = flowEnvironments(f).find((e) => levels.get(e) === maxLevel);
        state = { status: level === maxLevel && env === firstLast ? 'SUSPENDED' : 'SUCCEEDED' };
        break;
      }
      case 'failed':
      case 'terminated': {
        if (deps.some((d) => d === 'FAILED' || d === 'SKIPPED')) state = { status: 'SKIPPED' };
        else if (deps.some((d) => d === 'TERMINATED' || d === 'PENDING')) state = { status: 'PENDING' };
        else if (env === sc.environment) state = { status: sc.kind === 'failed' ? 'FAILED' : 'TERMINATED' };
        else state = { status: 'SUCCEEDED' };
        break;
      }
      case 'moving': {
        const s = Math.max(0, Math.min(stage, finalStage(f)));
        const activeLevel = Math.floor(s / 2);
        if (level < activeLevel) state = { status: 'SUCCEEDED' };
        else if (level > activeLevel) state = { status: 'PENDING' };
        else {
          const seqLen = workflowSequence(f, env).length;
          state = { status: 'RUNNING', runningIndex: s % 2 === 0 ? 0 : Math.min(seqLen - 1, Math.ceil(seqLen / 2)) };
        }
        break;
      }
    }
    out.set(env, state);
  }
  return out;
}

const PUBLIC_STATUS: Record<StatusKind, ReleaseStatus> = {
  succeeded: 'SUCCEEDED',
  running: 'RUNNING',
  suspended: 'SUSPENDED',
  queued: 'QUEUED',
  pending: 'QUEUED',
  failed: 'FAILED',
  error: 'FAILED',
  terminating: 'TERMINATING',
  terminated: 'TERMINATED',
  skipped: 'SUCCEEDED',
  unknown: 'RUNNING',
};

/** The release status, derived from the environment statuses with the status rules of src/core/rules.ts. */
export function releaseStatusOf(envs: ReadonlyMap<string, EnvState>): ReleaseStatus {
  const kinds = [...envs.values()].map((e) => environmentStatus(e.status).kind);
  return PUBLIC_STATUS[releaseStatusFromEnvironments(kinds)];
}

/** Jira-style issue keys in a message (ABC-123). */
export function issueKeys(message: string): string[] {
  return [...new Set([...message.matchAll(/\b([A-Z][A-Z0-9]{1,9}-\d{1,6})\b/g)].map((m) => m[1] as string))];
}

/** The PR number a merge or squash commit message names ("Merge pull request #12 ..." or "... (#12)"). */
export function pullRequestNumber(message: string): number | undefined {
  const subject = message.split('\n')[0] ?? '';
  const m = /^Merge pull request #(\d+)\b/.exec(subject) ?? /\(#(\d+)\)\s*$/.exec(subject) ?? /^Merged? PR #?(\d+)\b/i.exec(subject);
  return m ? Number(m[1]) : undefined;
}

// Watching a commit: "tell me when it gets there". A watch names a commit and where it should get to (one product's
// environment, or every production environment); each time the answer for that commit changes, stepWatch compares
// it with what the watch has already seen and says what to tell the user: the commit reached an environment, or a
// release carrying it failed or was terminated there. Every event has a stable key (commit, release, environment,
// status), so whoever shows it can refuse to show one twice, across restarts and windows. A watch ends by itself
// once every target is reached. Pure: no I/O.

import type { CommitDeployments, EnvironmentDeployment } from './deployment';
import type { FailureLocation } from './rules';

export type WatchTarget = { kind: 'environment'; product: string; environment: string } | { kind: 'prod' };

export interface Watch {
  /** Full sha of the watched commit. */
  sha: string;
  /** The repository the commit is in (its root folder). */
  root: string;
  target: WatchTarget;
  /** The commit's subject line, for notifications. */
  subject?: string;
  createdAt: number;
  /** `product/environment` of every target reached so far. */
  reached: string[];
  /** Started by the "watch my own commits" setting, not by the user. */
  auto?: boolean;
}

export interface WatchEvent {
  /** Stable identity of the event: the same commit, release, environment and status give the same key. */
  key: string;
  kind: 'reached' | 'failed';
  sha: string;
  product: string;
  environment: string;
  releaseId?: string;
  version?: string;
  /** failed: the release's status there (`Failed`, `Terminated`...), the backend's error and the failing step. */
  status?: string;
  error?: string;
  failingStep?: string;
}

export interface WatchInput {
  /** Environment kind by product and environment name (`PROD`, `NON_PROD`), when the product says. */
  environmentKind(product: string, environment: string): string | undefined;
  /** The first failing step of a release in an environment, when its detail is known. */
  failingStep?(releaseId: string, environment: string): FailureLocation | undefined;
}

export interface WatchStep {
  watch: Watch;
  events: WatchEvent[];
  /** Every target is reached: the watch is over. */
  done: boolean;
  /** The environments the watch waits for, as `product/environment` (empty while none is known). */
  targets: string[];
}

const envKey = (product: string, environment: string) => `${product}/${environment}`;

/** The environments of an answer a target covers. */
function covered(target: WatchTarget, d: CommitDeployments, input: WatchInput): { product: string; e: EnvironmentDeployment }[] {
  return d.products.flatMap((p) =>
    p.environments
      .filter((e) => (target.kind === 'prod' ? input.environmentKind(p.product, e.environment)?.toUpperCase() === 'PROD' : target.product === p.product && target.environment === e.environment))
      .map((e) => ({ product: p.product, e })),
  );
}

function stepText(f: FailureLocation): string {
  const where = f.phase === 'pre' ? 'pre-action' : 'post-action';
  const step = f.stepName ? `step "${f.stepName}" of ` : '';
  const app = f.applicationName ? ` (${f.applicationName})` : '';
  return `${step}the ${where} workflow ${f.workflowTemplate}${app}`;
}

/** What a new answer for the watched commit means for the watch. */
export function stepWatch(watch: Watch, d: CommitDeployments | undefined, input: WatchInput): WatchStep {
  if (!d || d.unknown || d.sha !== watch.sha) return { watch, events: [], done: false, targets: [] };
  const envs = covered(watch.target, d, input);
  const reached = new Set(watch.reached);
  const events: WatchEvent[] = [];
  for (const { product, e } of envs) {
    const k = envKey(product, e.environment);
    const release = e.release;
    if (e.state === 'deployed' && !reached.has(k)) {
      reached.add(k);
      events.push({ key: ['reached', watch.sha, product, e.environment].join('|'), kind: 'reached', sha: watch.sha, product, environment: e.environment, releaseId: release?.id, version: release?.version });
    } else if (e.state === 'blocked' && release) {
      const f = input.failingStep?.(release.id, e.environment);
      events.push({
        key: ['failed', watch.sha, release.id, product, e.environment, release.environmentStatus.raw || release.environmentStatus.kind].join('|'),
        kind: 'failed',
        sha: watch.sha,
        product,
        environment: e.environment,
        releaseId: release.id,
        version: release.version,
        status: release.environmentStatus.raw || release.environmentStatus.kind,
        error: e.error,
        failingStep: f ? stepText(f) : undefined,
      });
    }
  }
  const targets = envs.map(({ product, e }) => envKey(product, e.environment));
  const next: Watch = { ...watch, reached: [...reached] };
  return { watch: next, events, done: targets.length > 0 && targets.every((t) => reached.has(t)), targets };
}

/** The sentence a notification says for an event. */
export function watchEventText(ev: WatchEvent, subject?: string): string {
  const what = `Commit ${ev.sha.slice(0, 7)}${subject ? ` "${subject.length > 60 ? `${subject.slice(0, 59)}…` : subject}"` : ''}`;
  const release = ev.releaseId ? `release ${ev.version ? `${ev.version} (${ev.releaseId})` : ev.releaseId}` : undefined;
  if (ev.kind === 'reached') return `${what} reached ${ev.environment} of ${ev.product}${release ? ` with ${release}` : ''}.`;
  const detail = [ev.failingStep ? `failing: ${ev.failingStep}` : '', ev.error ?? ''].filter(Boolean).join('; ');
  const status = String(ev.status || 'failed').toLowerCase();
  return `${what}: ${release ? `${release}, which carries it,` : 'the release carrying it'} stopped in ${ev.environment} of ${ev.product}: ${status}${detail ? ` (${detail})` : ''}.`;
}

/** A short label of a target: `prod of shop`, `every production environment`. */
export function watchTargetLabel(t: WatchTarget): string {
  return t.kind === 'prod' ? 'every production environment' : `${t.environment} of ${t.product}`;
}

// The scenario table told in Kargo's objects: one Project with a Warehouse and two Stages (`dev` takes Freight from
// the Warehouse, `prod` from `dev`, with a verification and an approval step), one Freight per commit, and the
// Promotions and verification runs of the story, served by the fake Kargo held to Kargo's swagger, read by the real
// Kargo client. A release that brings back an older commit is that commit's Freight promoted again (a rollback is
// a Promotion in Kargo, not a new Freight).

import { KargoBackend } from '../../../../src/backends/kargo/backend';
import { FAKE_PROJECT, hex, type FakeFreight, type FakePromotion, type FakeStage } from '../../../../src/fakes/kargo/seed';
import { startFakeKargo } from '../../../../src/fakes/kargo/server';
import { releaseId } from '../../../../src/backends/kargo/mapping';
import { checkRequest, checkResponse } from '../../backends/kargo/contract';
import type { Env, Outcome, ReleaseKey } from '../scenarios';
import { type Adapter, historyOf, isoAt } from './adapter';

const STEPS = {
  dev: [
    { uses: 'git-clone', as: 'clone' },
    { uses: 'git-push', as: 'push' },
    { uses: 'argocd-update', as: 'sync' },
  ],
  prod: [
    { uses: 'git-clone', as: 'clone' },
    { uses: 'wait-for-approval', as: 'approval' },
    { uses: 'argocd-update', as: 'sync' },
  ],
};

/** A Promotion's phase for the outcomes that are a Promotion still on the Stage's books. */
const PHASE: Partial<Record<Outcome, string>> = {
  running: 'Running',
  queued: 'Pending',
  approval: 'Running',
  failed: 'Failed',
  errored: 'Errored',
  aborted: 'Aborted',
  // A phase Kargo's documentation does not list (its swagger types `phase` as a free string).
  odd: 'Paused',
};

export const kargoAdapter: Adapter = {
  backend: 'Kargo',
  cannot: {
    'taken down': 'a Stage keeps the last Freight promoted into it; nothing takes Freight out of a Stage without putting other Freight in',
    abandoned: 'every Promotion ends in one of its phases (Succeeded, Failed, Errored, Aborted); there is no deployment that is given up on unseen',
  },
  async serve(scenario, repo) {
    const fake = await startFakeKargo({ repoPath: repo.dir, check: checkResponse, checkRequest, freightCount: 1, now: () => repo.start + 600 * 60_000 });
    const data = fake.data;
    const stage = (name: Env): FakeStage => ({
      name,
      direct: name === 'dev',
      upstream: name === 'dev' ? [] : ['dev'],
      prod: name === 'prod',
      steps: STEPS[name],
      verification: name === 'prod',
      verifications: [],
      history: [],
      resourceVersion: 1,
    });
    data.stages.splice(0, data.stages.length, stage('dev'), stage('prod'));
    data.freight.splice(0);
    data.promotions.splice(0);
    const ids: Partial<Record<ReleaseKey, string>> = {};
    const byCommit = new Map<string, FakeFreight>();
    for (const r of scenario.releases) {
      const c = historyOf(repo, r.commit);
      let f = byCommit.get(c.sha);
      if (!f) {
        f = {
          name: hex('freight', c.sha),
          alias: `freight-${r.key}`,
          createdAt: isoAt(repo, r.at),
          commits: [c],
          imageOnly: false,
          tag: `v0.0.${r.at}`,
          digest: `sha256:${hex('digest', c.sha)}${hex('digest2', c.sha).slice(0, 24)}`,
          currentlyIn: new Map(),
          verifiedIn: new Map(),
          approvedFor: new Map(),
        };
        byCommit.set(c.sha, f);
        data.freight.unshift(f);
      }
      ids[r.key] = releaseId(FAKE_PROJECT, f.name);
      for (const env of ['dev', 'prod'] as const) {
        const outcome = r.envs[env];
        if (!outcome) continue;
        const st = data.stages.find((s) => s.name === env)!;
        // The step's times: promoted 5 (dev) or 20 (prod) minutes after the release was made, done 4 minutes later.
        const begun = isoAt(repo, r.at + (env === 'dev' ? 5 : 20));
        const done = isoAt(repo, r.at + (env === 'dev' ? 9 : 24));
        const phase = PHASE[outcome];
        if (outcome === 'live' || outcome === 'verify-failed') {
          for (const other of data.freight) other.currentlyIn.delete(env);
          f.currentlyIn.set(env, begun);
          st.history.push(f.name);
          if (outcome === 'live') f.verifiedIn.set(env, done);
          else f.verifiedIn.delete(env);
          if (st.verification)
            st.verifications.push({
              id: hex('verification', env, f.name, r.key),
              freight: f.name,
              phase: outcome === 'live' ? 'Successful' : 'Failed',
              startTime: begun,
              finishTime: done,
              ...(outcome === 'verify-failed' ? { message: 'smoke test: 3 of 10 checks failed' } : {}),
            });
          data.promotions.push(promotion(env, f.name, r.key, 'Succeeded', STEPS[env].length - 1, begun, done));
        } else if (phase) {
          const step = outcome === 'approval' ? 1 : outcome === 'queued' ? 0 : 2;
          const over = !['running', 'queued', 'approval', 'odd'].includes(outcome);
          data.promotions.push(promotion(env, f.name, r.key, phase, step, begun, over ? done : undefined, over ? `step ${step + 1} ${STEPS[env][step]!.as}: ${outcome}` : undefined));
        }
      }
    }
    const backend = new KargoBackend({ baseUrl: fake.url, token: fake.token, watch: false, retries: 0 });
    const [product] = await backend.listProducts();
    const page = await backend.listReleases(product!.name);
    return {
      data: [{ product: product!, releases: page.releases }],
      ids,
      close: async () => {
        await backend.dispose();
        const violations = [...fake.violations];
        await fake.close();
        if (violations.length) throw new Error(`the fake Kargo answered what Kargo could not: ${violations.join('; ')}`);
      },
    };
  },
};

function promotion(stage: Env, freight: string, key: string, phase: string, currentStep: number, createdAt: string, finishedAt?: string, message?: string): FakePromotion {
  return {
    name: `${stage}.${key}.${hex('promotion', stage, freight, phase).slice(0, 8)}`,
    stage,
    freight,
    createdAt,
    phase,
    currentStep,
    ...(finishedAt ? { finishedAt } : {}),
    ...(message ? { message } : {}),
    resourceVersion: 1,
  };
}

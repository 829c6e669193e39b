// The scenario table told in Codefresh's objects: product releases of the demo server's `storefront` product
// through its `storefront-hotfix` flow (dev → prod), each triggered by a commit of the story, served by the demo
// server (graphql-js executing the Codefresh GraphQL contract) and read by the real Codefresh client. What happens
// to a release in an environment is the demo's release scenario: succeeded, failed or terminated at a step, waiting
// (suspended), queued, or the one release still moving through the flow.

import { createCodefreshBackend } from '../../../../src/backends/codefresh';
import { type DemoRelease, type Scenario as DemoScenario, hashId, workflowSequence } from '../../../../src/fakes/codefresh/seed';
import { startDemoServer } from '../../../../src/fakes/codefresh/server';
import type { ReleaseKey, StoryRelease } from '../scenarios';
import { type Adapter, historyOf } from './adapter';

const PRODUCT = 'storefront';
const FLOW = 'storefront-hotfix';

/** The demo's release scenario for a story release, and the stage the moving one is at (flow levels: dev 0, prod 1). */
function demoScenario(r: StoryRelease, flowSteps: () => number): { scenario: DemoScenario; stage?: number } {
  const { dev, prod } = r.envs;
  if (prod === 'running') return { scenario: { kind: 'moving' }, stage: 2 };
  if (dev === 'running') return { scenario: { kind: 'moving' }, stage: 0 };
  if (dev === 'queued') return { scenario: { kind: 'queued' } };
  if (prod === 'failed') return { scenario: { kind: 'failed', environment: 'prod', stepIndex: 0, appIndex: 0, message: 'pre-action failed' } };
  if (prod === 'aborted') return { scenario: { kind: 'terminated', environment: 'prod', stepIndex: 0, appIndex: 0, message: 'terminated by hand' } };
  // The post-action (verification) workflow's last step fails after the promotion itself went through.
  if (prod === 'verify-failed') return { scenario: { kind: 'failed', environment: 'prod', stepIndex: flowSteps() - 1, appIndex: 0, message: 'post-action failed' } };
  if (dev === 'live' && prod === 'live') return { scenario: { kind: 'succeeded' } };
  throw new Error(`the Codefresh adapter cannot tell ${JSON.stringify(r.envs)}`);
}

export const codefreshAdapter: Adapter = {
  backend: 'Codefresh',
  cannot: {
    'taken down': 'an environment keeps the last release promoted into it; Codefresh has no state for a release taken out of an environment with nothing in its place',
    'never promoted past the first environment':
      'a product release runs its whole promotion flow; none stops after its first environment with nothing running, queued or pending downstream (a stopped one is terminated: blocked)',
    'waiting for approval':
      "SUSPENDED does not say what it waits for (a pull request's approval, a workflow's gate) nor who may approve, so Codefresh reads it as on its way",
    'promotion errored': 'an environment of a release has no error state in Codefresh (its EnvironmentStatus has FAILED and TERMINATED only)',
    abandoned: 'every promotion ends in one of its states; there is no attempt given up on unseen',
    'an unknown vendor value':
      "the demo server executes Codefresh's GraphQL schema, whose EnvironmentStatus enum cannot carry a value it lacks; the mapping keeps such a value raw (test/unit/backends/codefresh)",
  },
  async serve(scenario, repo) {
    let stage: number | undefined;
    const ids: Partial<Record<ReleaseKey, string>> = {};
    const server = await startDemoServer({
      repoPath: repo.dir,
      stageMs: 0,
      initialStage: 0,
      edit: (data) => {
        const product = data.products.find((p) => p.name === PRODUCT)!;
        const flow = product.flows.find((f) => f.name === FLOW)!;
        for (const k of data.releases.keys()) data.releases.set(k, []);
        data.byId.clear();
        data.moving = undefined;
        const list: DemoRelease[] = scenario.releases.map((r, index) => {
          const told = demoScenario(r, () => workflowSequence(flow, 'prod').length);
          const trigger = historyOf(repo, r.commit);
          const release: DemoRelease = {
            id: hashId('story', scenario.name, r.key),
            product,
            flow,
            index,
            apiKind: 'Promotion',
            version: `1.0.${index + 1}`,
            explicitVersion: false,
            createdAtMs: repo.start + r.at * 60_000,
            trigger,
            commits: [trigger],
            scenario: told.scenario,
          };
          if (told.stage !== undefined) {
            data.moving = release;
            stage = told.stage;
          }
          ids[r.key] = release.id;
          data.byId.set(release.id, release);
          return release;
        });
        data.releases.set(PRODUCT, list.reverse());
      },
    });
    // The moving release starts at stage 0 (its first environment running) and is moved on to the story's stage.
    while (stage !== undefined && server.stage().stage < stage) server.advance();
    const backend = createCodefreshBackend({ baseUrl: server.url, apiKey: server.apiKey, id: 'demo', retries: 0 });
    const products = await backend.listProducts();
    const product = products.find((p) => p.name === PRODUCT)!;
    const page = await backend.listReleases(PRODUCT);
    return {
      data: [{ product, releases: page.releases }],
      ids,
      close: async () => {
        await backend.dispose?.();
        await server.close();
      },
    };
  },
};

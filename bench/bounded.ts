// What one refresh costs when a server answers with 200,000 items (GitHub deployments, runs, jobs; Kargo Freight,
// Stages, projects), and how many requests a Kargo watch makes in 10 s against streams that end or break at once.
// The server runs in a child process (its own memory and time are not counted); the client's peak RSS and the longest
// event-loop block are measured in this process. `SRC=/path/to/src` measures another checkout's backends (the
// "before" figures).
//
//   npx tsx bench/bounded.ts <scenario>        scenarios: gh-deployments gh-runs gh-bad-runs gh-jobs kargo-freight kargo-stages
//                                              kargo-projects storm-clean storm-cut
//   npx tsx bench/bounded.ts serve <scenario>  (the child)

import { fork } from 'node:child_process';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { GitHubBackend as GitHubBackendType } from '../src/backends/github/backend';
import type { KargoBackend as KargoBackendType } from '../src/backends/kargo/backend';
import type { KargoTransport as KargoTransportType } from '../src/backends/kargo/transport';
import type * as KargoSchemas from '../src/backends/kargo/schemas';
import type { ResourceWatch as ResourceWatchType } from '../src/backends/kargo/watch';
import { deploymentNode, HOSTILE_TOKEN, runJson, startHostileGitHub } from '../test/unit/backends/github/hostile';
import { freightJson, HOSTILE_KARGO_TOKEN, sse, stageJson, startHostileKargo } from '../test/unit/backends/kargo/hostile';

const N = 200_000;
const SRC = process.env.SRC ?? path.join(__dirname, '..', 'src');

async function serve(scenario: string): Promise<string> {
  if (scenario.startsWith('gh-')) {
    const s = await startHostileGitHub();
    if (scenario === 'gh-deployments') s.set({ deployments: Array.from({ length: N }, (_, i) => ({ ...deploymentNode(i + 1, 0), latestStatus: { state: 'SUCCESS', createdAt: '2025-01-01T00:06:00Z' } })) });
    if (scenario === 'gh-runs') s.set({ runs: Array.from({ length: N }, (_, i) => runJson(i + 1)) });
    if (scenario === 'gh-bad-runs') s.set({ runs: Array.from({ length: N }, (_, i) => ({ id: `not a number ${i}` })) });
    if (scenario === 'gh-jobs')
      s.set({
        runs: [runJson(7)],
        deployments: [deploymentNode(1, 7)],
        jobs: Array.from({ length: N }, (_, i) => ({ id: i + 1, run_id: 7, name: `job ${i}`, status: 'completed', conclusion: 'success', html_url: null, started_at: null, completed_at: null })),
      });
    return s.apiUrl;
  }
  const s = await startHostileKargo();
  if (scenario === 'kargo-freight') s.set({ stages: () => ({ items: [stageJson('dev')] }), freight: { groups: { '': { items: Array.from({ length: N }, (_, i) => freightJson(i)) } } } });
  if (scenario === 'kargo-stages') s.set({ stages: () => ({ items: Array.from({ length: N }, (_, i) => stageJson(`s${N - i}`, i < N - 1 ? { from: [`s${N - i - 1}`] } : {})) }) });
  if (scenario === 'kargo-projects') s.set({ projects: { items: Array.from({ length: N }, (_, i) => ({ metadata: { name: `p${i}` } })) }, stages: () => ({ items: [stageJson('dev')] }) });
  if (scenario === 'storm-clean') s.set({ stages: () => ({ items: [stageJson('a')] }), watch: (res, n) => res.end(sse('MODIFIED', stageJson('a', { resourceVersion: String(n + 1) }))) });
  if (scenario === 'storm-cut')
    s.set({
      stages: () => ({ items: [stageJson('a')] }),
      watch: (res, n) => {
        res.write(sse('MODIFIED', stageJson('a', { resourceVersion: String(n + 1) })));
        setImmediate(() => res.socket?.destroy());
      },
    });
  const count = (): void => {
    process.send?.({ requests: s.log.length });
  };
  process.on('message', count);
  return s.url;
}

async function measure(scenario: string): Promise<void> {
  const child = fork(__filename, ['serve', scenario], { execArgv: ['--import', 'tsx', '--max-old-space-size=4096'] });
  const url = await new Promise<string>((resolve) => child.once('message', (m) => resolve((m as { url: string }).url)));
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  histogram.enable();
  const started = performance.now();
  let outcome = '';
  try {
    if (scenario.startsWith('gh-')) {
      const { GitHubBackend } = (await import(path.join(SRC, 'backends/github/backend.ts'))) as { GitHubBackend: typeof GitHubBackendType };
      const b = new GitHubBackend({ apiUrl: url, token: HOSTILE_TOKEN, repositories: () => ['o/r'] });
      const page = await b.listReleases('o/r', { pageSize: 100 });
      outcome = `${page.releases.length} releases`;
      if (scenario === 'gh-jobs') {
        const d = await b.getRelease(page.releases[0]!.id);
        outcome += `, ${d.steps.reduce((n, s) => n + s.preWorkflows.length + s.postWorkflows.length, 0)} job steps`;
      }
      await b.dispose();
    } else if (scenario.startsWith('kargo-')) {
      const { KargoBackend } = (await import(path.join(SRC, 'backends/kargo/backend.ts'))) as { KargoBackend: typeof KargoBackendType };
      const b = new KargoBackend({ baseUrl: url, token: HOSTILE_KARGO_TOKEN, watch: false, retries: 0, timeouts: { totalMs: 600_000 } });
      if (scenario === 'kargo-projects') {
        const products = await Promise.race([b.listProducts(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 60_000).unref())]);
        outcome = products ? `${products.length} products` : `not done after 60 s (${b.transport.requests} requests so far)`;
      } else {
        const page = await b.listReleases('p');
        outcome = `${page.releases.length} releases`;
        if (scenario === 'kargo-stages') outcome = `${(await b.listProducts())[0]!.environments.length} environments`;
      }
      await b.dispose();
    } else {
      const { KargoTransport } = (await import(path.join(SRC, 'backends/kargo/transport.ts'))) as { KargoTransport: typeof KargoTransportType };
      const { ResourceWatch } = (await import(path.join(SRC, 'backends/kargo/watch.ts'))) as { ResourceWatch: typeof ResourceWatchType };
      const { stage } = (await import(path.join(SRC, 'backends/kargo/schemas.ts'))) as typeof KargoSchemas;
      const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
      const transport = new KargoTransport({ baseUrl: url, token: HOSTILE_KARGO_TOKEN, log, retries: 0 });
      const w = new ResourceWatch({ transport, log, path: '/projects/p/stages', schema: stage, kind: 'Stage', what: 'Stages of p', onChange: () => undefined });
      w.start();
      await new Promise((r) => setTimeout(r, 10_000));
      await w.stop();
      await transport.close();
      child.send('count');
      const { requests } = await new Promise<{ requests: number }>((resolve) => child.once('message', (m) => resolve(m as { requests: number })));
      outcome = `${requests} requests in 10 s (${w.connections} streams, ${w.lists} lists)`;
    }
  } catch (e) {
    outcome = `failed: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 120)}` : String(e)}`;
  }
  const ms = performance.now() - started;
  histogram.disable();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const mb = (b: number): string => `${Math.round(b / 1048576)} MB`;
  console.log(`${scenario.padEnd(15)} ${outcome.padEnd(52)} wall ${(ms / 1000).toFixed(1)} s, longest event-loop block ${(histogram.max / 1e9).toFixed(2)} s, peak RSS ${mb(peak)} (start ${mb(rssBefore)})`);
  child.kill();
  process.exit(0);
}

const [mode, scenario] = process.argv.slice(2);
if (mode === 'serve') void serve(scenario ?? '').then((url) => process.send?.({ url }));
else void measure(mode ?? '');

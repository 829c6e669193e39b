// Benchmark of the Codefresh client against the demo server over loopback HTTP (the backends section of
// `npm run bench`; also runs alone: `npx tsx bench/backends.ts`).
//
// Prints:
// - releases fetched per second for 2,000 releases of one product (pages of 50), current and legacy API;
// - what an unchanged incremental refresh costs in HTTP requests (goal: 1 per product).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCodefreshBackend, forgetApiGeneration } from '../src/backends/codefresh';
import { startDemoServer } from '../src/fakes/codefresh/server';
import { isTerminal, releaseStatus } from '../src/core/status';

const RELEASES = 2000;
const RUNS = 3;

/** A throwaway repository with `count` commits (one git fast-import, no process per commit). */
function makeBenchRepo(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-backends-'));
  const repo = path.join(dir, 'shop');
  fs.mkdirSync(repo);
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo, env });
  const base = Date.parse('2024-01-01T00:00:00Z') / 1000;
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const msg = i % 2 === 0 ? `feat: change ${i} (SHOP-${i})\n` : `Merge pull request #${i} from org/f-${i}\n`;
    const content = `v${i}\n`;
    const when = base + i * 3600;
    parts.push(
      `commit refs/heads/main\nmark :${i + 1}\nauthor Bench <bench@example.invalid> ${when} +0000\n` +
        `committer Bench <bench@example.invalid> ${when} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}` +
        (i > 0 ? `from :${i}\n` : '') +
        `M 644 inline f.txt\ndata ${Buffer.byteLength(content)}\n${content}\n`,
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, env, input: parts.join('') });
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: repo, env });
  return repo;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

async function fetchRate(legacy: boolean, repo: string): Promise<{ perSecond: number; ms: number; requests: number; count: number }> {
  const server = await startDemoServer({ repoPath: repo, releasesPerProduct: RELEASES, stageMs: 0, legacy });
  try {
    const product = server.data.products[0]?.name ?? '';
    const times: number[] = [];
    let requests = 0;
    let count = 0;
    for (let run = 0; run < RUNS + 1; run++) {
      forgetApiGeneration(server.url);
      const backend = createCodefreshBackend({ baseUrl: server.url, apiKey: server.apiKey, id: 'demo' });
      const t0 = performance.now();
      const page = await backend.listReleases(product, { limit: RELEASES });
      const ms = performance.now() - t0;
      await backend.dispose();
      if (page.releases.length !== RELEASES) throw new Error(`fetched ${page.releases.length} releases, expected ${RELEASES}`);
      // The first run warms the server's caches and the JIT; it is not counted.
      if (run > 0) times.push(ms);
      requests = page.requests;
      count = page.releases.length;
    }
    const ms = median(times);
    return { perSecond: (count / ms) * 1000, ms, requests, count };
  } finally {
    await server.close();
  }
}

async function refreshCost(repo: string): Promise<{ products: number; requests: number; serverRequests: number; ms: number }> {
  const server = await startDemoServer({ repoPath: repo, releasesPerProduct: RELEASES, stageMs: 0 });
  const backend = createCodefreshBackend({ baseUrl: server.url, apiKey: server.apiKey, id: 'demo' });
  try {
    const known = new Map<string, Set<string>>();
    for (const p of server.data.products) {
      const page = await backend.listReleases(p.name, { limit: RELEASES });
      known.set(p.name, new Set(page.releases.filter((r) => isTerminal(releaseStatus(r.status).kind)).map((r) => r.id)));
    }
    const before = server.requests;
    let requests = 0;
    const t0 = performance.now();
    for (const p of server.data.products) {
      const page = await backend.listReleases(p.name, { knownTerminalIds: known.get(p.name), limit: RELEASES });
      requests += page.requests;
    }
    const ms = performance.now() - t0;
    return { products: server.data.products.length, requests, serverRequests: server.requests - before, ms };
  } finally {
    await backend.dispose();
    await server.close();
  }
}

export async function benchBackends(): Promise<void> {
  console.log('## Backends: Codefresh client against the demo server (loopback HTTP)');
  const repo = makeBenchRepo(600);
  try {
    for (const legacy of [false, true]) {
      const r = await fetchRate(legacy, repo);
      console.log(
        `  fetch ${r.count} releases (${legacy ? 'legacy productReleases' : 'current promotions'}, pages of 50): ` +
          `${Math.round(r.perSecond)} releases/s (median ${r.ms.toFixed(0)} ms of ${RUNS} runs, ${r.requests} requests)`,
      );
    }
    const c = await refreshCost(repo);
    console.log(
      `  unchanged incremental refresh: ${c.requests} requests for ${c.products} products ` +
        `(${(c.requests / c.products).toFixed(2)} per product; goal 1; server counted ${c.serverRequests}; ${c.ms.toFixed(0)} ms)`,
    );
  } finally {
    fs.rmSync(path.dirname(repo), { recursive: true, force: true });
  }
}

if (process.argv[1] && /bench[\\/]backends\.ts$/.test(process.argv[1])) {
  benchBackends().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

// Deterministic benchmark data: a ~20,000-commit history with feature branches and merges (one git fast-import)
// and 2,000 releases over 3 products × 4 environments whose trigger commits walk forward along main.

import type { ProductReleases, ReleaseSummary } from '../src/core/model';
import { buildRepo, rng, type FixtureCommit } from '../test/fixtures/repos/fastImport';

export const ENVS = ['dev', 'qa', 'staging', 'prod'];
export const PRODUCTS = ['storefront', 'payments', 'inventory'];
const LINES = 120;

export interface BenchRepo {
  dir: string;
  shas: string[];
  mainLine: string[];
  blameFile: string;
}

export function generateRepo(dir: string, count: number, seed = 1): BenchRepo {
  const rand = rng(seed);
  const commits: FixtureCommit[] = [];
  const lines = Array.from({ length: LINES }, (_, i) => `line ${i}`);
  const mainLine: string[] = [];
  let main = '';
  const branches: { tip: string; slot: number; n: number }[] = [];
  let slot = 0;
  for (let i = 0; i < count; i++) {
    const label = `c${i}`;
    const r = rand();
    if (i > 0 && branches.length < 8 && r < 0.2) {
      const b = { tip: label, slot: slot++ % 16, n: 0 };
      branches.push(b);
      commits.push({ label, parents: [main], message: `feat: start ${label}`, files: { [`f/b${b.slot}.txt`]: `${label}\n` } });
      continue;
    }
    if (branches.length && r < 0.55) {
      const k = Math.floor(rand() * branches.length);
      const b = branches[k]!;
      if (b.n > 2 && rand() < 0.35) {
        // merge the branch into main (criss-cross now and then: the branch carries on)
        const pr = 1000 + i;
        commits.push({ label, parents: [main, b.tip], message: `Merge pull request #${pr} from acme/${b.tip}\n\nFeature ${b.tip} (AP-${i})` });
        main = label;
        mainLine.push(label);
        if (rand() < 0.2) b.n = 0;
        else branches.splice(k, 1);
        continue;
      }
      b.n++;
      commits.push({ label, parents: [b.tip], message: `work on ${b.tip}`, files: { [`f/b${b.slot}.txt`]: `${label}\n` } });
      b.tip = label;
      continue;
    }
    // a main-line commit that rewrites one line of the long-history file
    const li = Math.floor(rand() * LINES);
    lines[li] = `line ${li} changed in ${label}`;
    commits.push({ label, parents: main ? [main] : [], message: `fix: tweak line ${li} (#${5000 + i})`, files: { 'app.txt': `${lines.join('\n')}\n` } });
    main = label;
    mainLine.push(label);
  }
  const sha = buildRepo(dir, commits, { branches: { main } });
  return { dir, shas: commits.map((c) => sha[c.label]!), mainLine: mainLine.map((l) => sha[l]!), blameFile: 'app.txt' };
}

/** Per-environment statuses of a release that is done, running, failed or terminated, for `n` environments in order. */
function envStatuses(n: number, kind: 'done' | 'running' | 'failed' | 'terminated'): string[] {
  const rest = (first: string[], fill: string) => Array.from({ length: n }, (_, k) => first[k] ?? fill);
  if (kind === 'running') return rest(['SUCCEEDED', 'RUNNING'], 'PENDING');
  if (kind === 'failed') return rest(['SUCCEEDED', 'FAILED'], 'SKIPPED');
  if (kind === 'terminated') return rest(['SUCCEEDED', 'SUCCEEDED', 'TERMINATED'], 'SKIPPED');
  return rest([], 'SUCCEEDED');
}

/** Releases whose trigger commits walk forward along `repo.mainLine`; `envs` in promotion order (default 4). */
export function generateReleases(repo: Pick<BenchRepo, 'mainLine'>, total: number, seed = 2, envs: readonly string[] = ENVS): ProductReleases[] {
  const rand = rng(seed);
  const per = Math.ceil(total / PRODUCTS.length);
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  return PRODUCTS.map((name, pi) => {
    const releases: ReleaseSummary[] = [];
    for (let i = 0; i < per && pi * per + i < total; i++) {
      // walk forward along main, most of the way through history
      const idx = Math.min(repo.mainLine.length - 1, Math.floor(((i + 1) / per) * repo.mainLine.length * 0.98) + Math.floor(rand() * 3));
      const newest = per - i;
      let statuses = envStatuses(envs.length, 'done');
      let status = 'SUCCEEDED';
      const r = rand();
      if (newest <= 2) {
        statuses = envStatuses(envs.length, 'running');
        status = 'RUNNING';
      } else if (r < 0.06) {
        statuses = envStatuses(envs.length, 'failed');
        status = 'FAILED';
      } else if (r < 0.1) {
        statuses = envStatuses(envs.length, 'terminated');
        status = 'TERMINATED';
      }
      const created = t0 + (i * 3 + pi) * 3_600_000;
      releases.push({
        id: `${name}-${i + 1}`,
        source: { backend: 'codefresh', kind: 'product-release' },
        productName: name,
        flowName: `${name}-flow`,
        triggerEnvironment: 'dev',
        status,
        version: `1.${Math.floor(i / 100)}.${i % 100}`,
        createdAt: new Date(created).toISOString(),
        triggerCommit: { sha: repo.mainLine[idx]!, message: 'release', link: 'exact-sha' },
        environments: envs.map((e, k) => ({ name: e, status: statuses[k]!, dependsOn: k ? [envs[k - 1]!] : [], updatedAt: new Date(created + k * 600_000).toISOString() })),
      });
    }
    releases.reverse(); // newest first
    return {
      product: {
        name,
        environments: envs.map((e, k) => ({ name: e, kind: e.startsWith('prod') ? 'PROD' : 'NON_PROD', position: k })),
        flows: [{ name: `${name}-flow`, triggerEnvironment: 'dev', steps: envs.map((e, k) => ({ environment: e, dependsOn: k ? [envs[k - 1]!] : [] })) }],
        flowSource: 'api',
      },
      releases,
    };
  });
}

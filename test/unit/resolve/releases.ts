// Small builders for releases in tests (core model shapes, nothing faked about the resolver).

import type { Product, ProductReleases, ReleaseSummary } from '../../../src/core/model';

export const T0 = Date.parse('2025-06-01T10:00:00.000Z');
export const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

export function product(name: string, envs: string[]): Product {
  return {
    name,
    environments: envs.map((e, i) => ({ name: e, kind: i === envs.length - 1 ? 'PROD' : 'NON_PROD', position: i })),
    flows: [
      {
        name: `${name}-flow`,
        triggerEnvironment: envs[0]!,
        steps: envs.map((e, i) => ({ environment: e, dependsOn: i ? [envs[i - 1]!] : [] })),
      },
    ],
    flowSource: 'api',
  };
}

export function release(
  productName: string,
  id: string,
  minutes: number,
  sha: string | undefined,
  envs: Record<string, string>,
  extra: Partial<ReleaseSummary> = {},
): ReleaseSummary {
  const names = Object.keys(envs);
  return {
    id,
    source: { backend: 'codefresh', kind: 'product-release' },
    productName,
    flowName: `${productName}-flow`,
    triggerEnvironment: names[0],
    status: extra.status ?? 'SUCCEEDED',
    createdAt: at(minutes),
    updatedAt: at(minutes + 30),
    triggerCommit: sha ? { sha, message: `release ${id}`, link: 'exact-sha' } : undefined,
    environments: names.map((name, i) => ({
      name,
      status: envs[name]!,
      dependsOn: i ? [names[i - 1]!] : [],
      startedAt: at(minutes + i * 5),
      updatedAt: at(minutes + i * 5 + 4),
    })),
    ...extra,
  };
}

export function snapshot(p: Product, releases: ReleaseSummary[]): ProductReleases {
  return { product: p, releases };
}

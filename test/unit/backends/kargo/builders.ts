// Small Kargo objects for the mapping tests, in the shapes the schemas read (after parsing).

import type { KargoFreight, KargoPromotion, KargoStage } from '../../../../src/backends/kargo/schemas';

export function stage(name: string, opts: { direct?: boolean; from?: string[]; warehouse?: string; labels?: Record<string, string>; verification?: boolean; history?: KargoStage['status'] } = {}): KargoStage {
  return {
    metadata: { name, ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: {
      requestedFreight: [{ origin: { kind: 'Warehouse', name: opts.warehouse ?? 'app' }, sources: opts.direct ? { direct: true } : { stages: opts.from ?? [] } }],
      promotionTemplate: { spec: { steps: [{ uses: 'git-clone', as: 'clone' }, { uses: 'wait-for-approval', as: 'approval' }, { uses: 'argocd-update' }] } },
      ...(opts.verification ? { verification: { analysisTemplates: [{ name: `${name}-smoke` }] } } : {}),
    },
    ...(opts.history ? { status: opts.history } : {}),
  };
}

export function freight(name: string, opts: { created?: string; commit?: string; revision?: string; currentlyIn?: string[]; verifiedIn?: string[]; approvedFor?: string[]; warehouse?: string } = {}): KargoFreight {
  const rec = <K extends string>(names: string[] | undefined, key: K) => (names ? Object.fromEntries(names.map((n) => [n, { [key]: '2025-01-01T00:00:00Z' }])) : undefined);
  return {
    metadata: { name, creationTimestamp: opts.created ?? '2025-01-01T00:00:00Z' },
    alias: `alias-${name}`,
    origin: { kind: 'Warehouse', name: opts.warehouse ?? 'app' },
    ...(opts.commit ? { commits: [{ id: opts.commit, message: 'feat: a change', author: 'Ada <ada@example.invalid>', repoURL: 'https://example.invalid/app.git' }] } : {}),
    images: [{ repoURL: 'ghcr.io/example/app', tag: 'v1', digest: 'sha256:abc', ...(opts.revision ? { annotations: { 'org.opencontainers.image.revision': opts.revision } } : {}) }],
    charts: [{ name: 'app', version: '1.0.0', repoURL: 'oci://example.invalid/charts' }],
    status: {
      ...(opts.currentlyIn ? { currentlyIn: rec(opts.currentlyIn, 'since') } : {}),
      ...(opts.verifiedIn ? { verifiedIn: rec(opts.verifiedIn, 'verifiedAt') } : {}),
      ...(opts.approvedFor ? { approvedFor: rec(opts.approvedFor, 'approvedAt') } : {}),
    },
  } as KargoFreight;
}

export function promotion(name: string, stageName: string, freightName: string, phase: string | undefined, opts: { currentStep?: number; steps?: string[]; message?: string; created?: string } = {}): KargoPromotion {
  return {
    metadata: { name, creationTimestamp: opts.created ?? '2025-01-01T00:00:00Z' },
    spec: { stage: stageName, freight: freightName, steps: [{ uses: 'git-clone', as: 'clone' }, { uses: 'wait-for-approval', as: 'approval' }, { uses: 'argocd-update' }] },
    status: {
      ...(phase !== undefined ? { phase } : {}),
      ...(opts.currentStep !== undefined ? { currentStep: opts.currentStep } : {}),
      ...(opts.message ? { message: opts.message } : {}),
      startedAt: '2025-01-01T00:01:00Z',
      stepExecutionMetadata: (opts.steps ?? []).map((status, i) => ({ alias: `s${i}`, status, startedAt: '2025-01-01T00:01:00Z' })),
    },
  };
}

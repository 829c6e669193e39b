// zod schemas for what the Kargo client reads from the REST API (`/v1beta1`), named after the definitions of Kargo's
// published swagger.json (https://github.com/akuity/kargo/blob/main/api/swagger.json). Only the fields the mapping
// uses are declared; everything else the server sends is dropped. Status and phase fields accept any string: the
// mapping keeps a value it does not know as raw text instead of failing.
//
// Lists are read item by item (`readItems`): an item that fails its schema is reported by path and left out, the
// rest of the list is kept.

import { z } from 'zod';
import { formatIssues } from '../../core/zodIssues';
import { BackendError } from '../types';

const str = z.string();
const opt = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => v ?? undefined).optional();

export const objectMeta = z.object({
  name: str,
  namespace: opt(str),
  uid: opt(str),
  resourceVersion: opt(str),
  creationTimestamp: opt(str),
  labels: opt(z.record(str, str)),
  annotations: opt(z.record(str, str)),
});

export const freightOrigin = z.object({ kind: str, name: str });

export const gitCommit = z.object({
  repoURL: opt(str),
  id: opt(str),
  branch: opt(str),
  tag: opt(str),
  message: opt(str),
  author: opt(str),
  committer: opt(str),
});

export const image = z.object({
  repoURL: opt(str),
  tag: opt(str),
  digest: opt(str),
  annotations: opt(z.record(str, str)),
});

export const chart = z.object({ repoURL: opt(str), name: opt(str), version: opt(str) });

export const freight = z.object({
  metadata: objectMeta,
  alias: opt(str),
  origin: freightOrigin,
  discoveredAt: opt(str),
  commits: opt(z.array(gitCommit)),
  images: opt(z.array(image)),
  charts: opt(z.array(chart)),
  status: opt(
    z.object({
      currentlyIn: opt(z.record(str, z.object({ since: opt(str) }))),
      verifiedIn: opt(z.record(str, z.object({ verifiedAt: opt(str), longestSoak: opt(str) }))),
      approvedFor: opt(z.record(str, z.object({ approvedAt: opt(str) }))),
    }),
  ),
});
export type KargoFreight = z.infer<typeof freight>;

export const promotionStep = z.object({ uses: opt(str), as: opt(str), task: opt(z.object({ name: str, kind: opt(str) })) });

const freightReference = z.object({ name: opt(str), origin: opt(freightOrigin) });

const verificationInfo = z.object({
  id: opt(str),
  actor: opt(str),
  phase: opt(str),
  message: opt(str),
  startTime: opt(str),
  finishTime: opt(str),
  analysisRun: opt(z.object({ name: str, namespace: opt(str), phase: opt(str) })),
});
export type KargoVerification = z.infer<typeof verificationInfo>;

const promotionReference = z.object({
  name: str,
  freight: opt(freightReference),
  status: opt(z.object({ phase: opt(str) })),
  finishedAt: opt(str),
});

export const stage = z.object({
  metadata: objectMeta,
  spec: z.object({
    requestedFreight: opt(
      z.array(
        z.object({
          origin: freightOrigin,
          sources: opt(z.object({ direct: opt(z.boolean()), stages: opt(z.array(str)) })),
        }),
      ),
    ),
    promotionTemplate: opt(z.object({ spec: opt(z.object({ steps: opt(z.array(promotionStep)) })) })),
    verification: opt(z.object({ analysisTemplates: opt(z.array(z.object({ name: str, kind: opt(str) }))) })),
  }),
  status: opt(
    z.object({
      freightHistory: opt(
        z.array(
          z.object({
            id: opt(str),
            items: opt(z.record(str, freightReference)),
            verificationHistory: opt(z.array(verificationInfo)),
          }),
        ),
      ),
      health: opt(z.object({ status: opt(str), issues: opt(z.array(str)) })),
      /** Whether the ProjectConfig's promotion policies let Kargo promote new Freight into this Stage by itself. */
      autoPromotionEnabled: opt(z.boolean()),
      currentPromotion: opt(promotionReference),
      lastPromotion: opt(promotionReference),
    }),
  ),
});
export type KargoStage = z.infer<typeof stage>;

export const stepExecution = z.object({
  alias: opt(str),
  startedAt: opt(str),
  finishedAt: opt(str),
  errorCount: opt(z.number()),
  status: opt(str),
  message: opt(str),
});

export const promotion = z.object({
  metadata: objectMeta,
  spec: z.object({ stage: str, freight: opt(str), steps: opt(z.array(promotionStep)) }),
  status: opt(
    z.object({
      phase: opt(str),
      message: opt(str),
      currentStep: opt(z.number()),
      startedAt: opt(str),
      finishedAt: opt(str),
      freight: opt(freightReference),
      stepExecutionMetadata: opt(z.array(stepExecution)),
    }),
  ),
});
export type KargoPromotion = z.infer<typeof promotion>;

export const project = z.object({ metadata: objectMeta });

export const versionInfo = z.object({ version: opt(str), gitCommit: opt(str) });

/** `{items: [...]}` with the items still unread, so each is checked on its own. */
const listShape = z.object({ items: opt(z.array(z.unknown())), metadata: opt(z.object({ resourceVersion: opt(str) })) });
/** `QueryFreightsRest`: Freight in groups (one group, `""`, when no grouping is asked for). */
const freightGroups = z.object({
  groups: opt(z.record(str, z.object({ items: opt(z.array(z.unknown())) }))),
  resourceVersion: opt(str),
});

export interface Items<T> {
  items: T[];
  resourceVersion?: string;
  /** Items that failed their schema: how many, and why (a few, by path). */
  skipped: { count: number; reasons: string[] };
}

function payloadError(what: string, issues: z.core.$ZodIssue[], root: string): BackendError {
  return new BackendError('payload', `${what}: ${formatIssues(issues, { root, max: 2 })}`, { path: root });
}

/** Read one object; a payload error names what was read and the field. */
export function readOne<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw payloadError(what, r.error.issues, '');
  return r.data;
}

function readEach<T>(schema: z.ZodType<T>, raw: readonly unknown[], root: string): Items<T> {
  const items: T[] = [];
  const reasons: string[] = [];
  let count = 0;
  raw.forEach((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) items.push(r.data);
    else {
      count++;
      const reason = formatIssues(r.error.issues, { root: `${root}[${i}]` });
      if (reasons.length < 3 && !reasons.includes(reason)) reasons.push(reason);
    }
  });
  return { items, skipped: { count, reasons } };
}

/** Read a Kubernetes-style list (`StageList`, `PromotionList`, `ListProjectsResponse`...) item by item. */
export function readItems<T>(schema: z.ZodType<T>, body: unknown, what: string): Items<T> {
  const list = readOne(listShape, body, what);
  const out = readEach(schema, list.items ?? [], 'items');
  return list.metadata?.resourceVersion ? { ...out, resourceVersion: list.metadata.resourceVersion } : out;
}

/** Read a `QueryFreightsRest` answer: every group's Freight, item by item. */
export function readFreightGroups(body: unknown): Items<KargoFreight> {
  const groups = readOne(freightGroups, body, 'Could not read the Freight list');
  const out: Items<KargoFreight> = { items: [], skipped: { count: 0, reasons: [] } };
  for (const [key, group] of Object.entries(groups.groups ?? {})) {
    const part = readEach(freight, group.items ?? [], `groups[${JSON.stringify(key)}].items`);
    out.items.push(...part.items);
    out.skipped.count += part.skipped.count;
    for (const r of part.skipped.reasons) if (out.skipped.reasons.length < 3) out.skipped.reasons.push(r);
  }
  if (groups.resourceVersion) out.resourceVersion = groups.resourceVersion;
  return out;
}

/**
 * One event of a `?watch=true` stream: `{type, object}` as a Kubernetes watch sends it. `type` is `ADDED`,
 * `MODIFIED` or `DELETED` (anything else is ignored by the caller).
 */
export const watchEvent = z.object({ type: str, object: z.unknown() });

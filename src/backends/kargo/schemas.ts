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
/** `queryFreightsResponse`: Freight in groups (one group, `""`, when no grouping is asked for); each group read on its own. */
const freightGroups = z.object({ groups: opt(z.record(str, z.unknown())), resourceVersion: opt(str) });
/** `freightGroupList`. */
const freightGroup = z.object({ items: opt(z.array(z.unknown())) });

/**
 * Freight read from one answer: the newest this many. Kargo sends every Freight of a Project at once; a Project keeps
 * far fewer (a Warehouse's Freight is garbage-collected beyond a few dozen by default), so more is a server fault.
 */
export const MAX_FREIGHT = 1_000;

export interface Items<T> {
  items: T[];
  resourceVersion?: string;
  /** Items that failed their schema: how many, and why (a few, by path). */
  skipped: { count: number; reasons: string[] };
  /** How many the server sent, when more than were read (the rest were not read: a cap). */
  sent?: number;
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

/** Reasons kept per answer: a few are enough to say what is wrong. */
const MAX_REASONS = 3;

function addReason(skipped: Items<unknown>['skipped'], reason: string): void {
  skipped.count++;
  if (skipped.reasons.length < MAX_REASONS && !skipped.reasons.includes(reason)) skipped.reasons.push(reason);
}

function readEach<T>(schema: z.ZodType<T>, raw: readonly { item: unknown; path: string }[], into: Items<T>): void {
  for (const { item, path } of raw) {
    const r = schema.safeParse(item);
    if (r.success) into.items.push(r.data);
    else addReason(into.skipped, formatIssues(r.error.issues, { root: path }));
  }
}

/**
 * Read a Kubernetes-style list (`StageList`, `PromotionList`, `ListProjectsResponse`...) item by item; at most `max`
 * items are read (the first ones), and `sent` says how many there were when more.
 */
export function readItems<T>(schema: z.ZodType<T>, body: unknown, what: string, max = Number.POSITIVE_INFINITY): Items<T> {
  const list = readOne(listShape, body, what);
  const all = list.items ?? [];
  const out: Items<T> = { items: [], skipped: { count: 0, reasons: [] } };
  const kept = all.length > max ? all.slice(0, max) : all;
  readEach(schema, kept.map((item, i) => ({ item, path: `items[${i}]` })), out);
  if (kept.length < all.length) out.sent = all.length;
  if (list.metadata?.resourceVersion) out.resourceVersion = list.metadata.resourceVersion;
  return out;
}

/** The time a raw Freight item sorts by (newest first), read without its schema: creation, else discovery. */
function rawTime(item: unknown): string {
  if (item === null || typeof item !== 'object') return '';
  const f = item as { metadata?: { creationTimestamp?: unknown }; discoveredAt?: unknown };
  const t = f.metadata && typeof f.metadata === 'object' ? f.metadata.creationTimestamp : undefined;
  return typeof t === 'string' ? t : typeof f.discoveredAt === 'string' ? f.discoveredAt : '';
}

/**
 * Read a `queryFreightsResponse`: group by group and item by item, so a group or an item that cannot be read is
 * reported and left out and the rest kept. At most `max` Freight are read, the newest by creation time.
 */
export function readFreightGroups(body: unknown, max = MAX_FREIGHT): Items<KargoFreight> {
  const groups = readOne(freightGroups, body, 'Could not read the Freight list');
  const out: Items<KargoFreight> = { items: [], skipped: { count: 0, reasons: [] } };
  let raw: { item: unknown; path: string }[] = [];
  for (const [key, value] of Object.entries(groups.groups ?? {})) {
    const root = `groups[${JSON.stringify(key)}]`;
    const group = freightGroup.safeParse(value);
    if (!group.success) {
      addReason(out.skipped, formatIssues(group.error.issues, { root }));
      continue;
    }
    const items = group.data.items ?? [];
    for (let i = 0; i < items.length; i++) raw.push({ item: items[i], path: `${root}.items[${i}]` });
  }
  if (raw.length > max) {
    out.sent = raw.length;
    raw = raw
      .map((r) => ({ ...r, t: rawTime(r.item) }))
      .sort((a, b) => (a.t < b.t ? 1 : a.t > b.t ? -1 : 0))
      .slice(0, max);
  }
  readEach(freight, raw, out);
  if (groups.resourceVersion) out.resourceVersion = groups.resourceVersion;
  return out;
}

/**
 * One event of a `?watch=true` stream: `{type, object}` as a Kubernetes watch sends it. `type` is `ADDED`,
 * `MODIFIED` or `DELETED` (anything else is ignored by the caller).
 */
export const watchEvent = z.object({ type: str, object: z.unknown() });

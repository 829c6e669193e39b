// Fault injection for the demo server. A fault spec is `name`, `name=param` or either with `@count` (only the next
// `count` requests get it; without a count it stays until changed). Specs come from the `x-demo-fault` request
// header (comma-separated; that request only), from `--faults`, or from `setFaults()`.
//
//   http-500 (alias 500)        HTTP 500 with a JSON error body
//   rate-limit (alias 429)      HTTP 429 with `Retry-After: <param or 1>` seconds
//   rate-limit-403 (alias 403)  HTTP 403 "rate limit exceeded" with `Retry-After: <param or 1>`
//   slow                        delay the response by <param or 2000> ms, then answer normally
//   reset                       destroy the connection without answering
//   truncated                   a 200 response whose JSON is cut in half
//   wrong-types                 timestamps become numbers and `hasNextPage` a string in an otherwise valid answer
//   unknown-enum                every `status` value becomes an enum value no schema knows ("WARPING")
//   empty-page                  every slice has no edges and `hasNextPage: false`
//   empty-page-loop             every slice has no edges but claims `hasNextPage: true` with the request's cursor
//   graphql-error               HTTP 200 with `data: null` and an `errors[]` entry (a resolver error)
//   bad-node                    the second node of every page loses its required `status` (one unreadable row)

export const DEMO_FAULTS = [
  'http-500',
  'rate-limit',
  'rate-limit-403',
  'slow',
  'reset',
  'truncated',
  'wrong-types',
  'unknown-enum',
  'empty-page',
  'empty-page-loop',
  'graphql-error',
  'bad-node',
] as const;
export type DemoFaultName = (typeof DEMO_FAULTS)[number];

const ALIASES: Readonly<Record<string, DemoFaultName>> = { '500': 'http-500', '429': 'rate-limit', '403': 'rate-limit-403' };

export interface FaultSpec {
  name: DemoFaultName;
  param?: number;
  /** Requests left before the fault clears itself; undefined = until changed. */
  remaining?: number;
}

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

export function parseFault(text: string): FaultSpec {
  const m = /^\s*([a-z0-9-]+)(?:=(\d+))?(?:@(\d+))?\s*$/i.exec(text);
  const raw = m?.[1]?.toLowerCase() ?? '';
  const name = ALIASES[raw] ?? (DEMO_FAULTS as readonly string[]).find((f) => f === raw);
  if (!m || !name) {
    throw new FaultSpecError(`Unknown demo fault "${text.trim()}"; known: ${DEMO_FAULTS.join(', ')} (aliases 500, 429, 403)`);
  }
  const spec: FaultSpec = { name: name as DemoFaultName };
  if (m[2] !== undefined) spec.param = Number(m[2]);
  if (m[3] !== undefined) spec.remaining = Number(m[3]);
  return spec;
}

export function parseFaultList(list: readonly string[]): FaultSpec[] {
  return list
    .flatMap((s) => s.split(','))
    .filter((s) => s.trim() !== '')
    .map(parseFault);
}

/** The faults that apply to one request, by name (with their parameters). */
export type ActiveFaults = Map<DemoFaultName, FaultSpec>;

/** Mutates the GraphQL response payload for the data-level faults. */
export function applyDataFaults(payload: unknown, faults: ActiveFaults, requestCursor: string | undefined): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.edges) && o.pageInfo && typeof o.pageInfo === 'object') {
      const pi = o.pageInfo as Record<string, unknown>;
      // Only overwrite what the query selected: a fault must not add fields.
      const set = (values: Record<string, unknown>) => {
        for (const [k, val] of Object.entries(values)) if (k in pi) pi[k] = val;
      };
      if (faults.has('bad-node')) {
        const second = (o.edges as unknown[])[1] as { node?: Record<string, unknown> } | undefined;
        if (second?.node && typeof second.node === 'object') delete second.node.status;
      }
      if (faults.has('empty-page')) {
        o.edges = [];
        set({ hasNextPage: false, startCursor: null, endCursor: null });
      } else if (faults.has('empty-page-loop')) {
        o.edges = [];
        set({ hasNextPage: true, startCursor: requestCursor ?? null, endCursor: requestCursor ?? null });
      }
    }
    for (const [k, child] of Object.entries(o)) {
      if (faults.has('wrong-types')) {
        if ((k === 'createdAt' || k === 'updatedAt' || k === 'date' || k === 'commitDate') && typeof child === 'string') {
          o[k] = Date.parse(child);
          continue;
        }
        if (k === 'hasNextPage' && typeof child === 'boolean') {
          o[k] = child ? 'yes' : 'no';
          continue;
        }
      }
      if (faults.has('unknown-enum') && k === 'status' && typeof child === 'string') {
        o[k] = 'WARPING';
        continue;
      }
      walk(child);
    }
  };
  walk(payload);
}

/** The first `after` cursor among the request's variables (for empty-page-loop). */
export function findAfterCursor(variables: unknown): string | undefined {
  if (variables === null || typeof variables !== 'object') return undefined;
  for (const [k, v] of Object.entries(variables as Record<string, unknown>)) {
    if (k === 'after' && typeof v === 'string') return v;
    const inner = findAfterCursor(v);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

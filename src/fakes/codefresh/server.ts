// The built-in demo backend: a local HTTP server that speaks Codefresh's GraphQL contract at POST /2.0/api/graphql,
// executing the SDL of ./schema.ts with graphql-js over data seeded from a real Git repository's history.
//
// It answers the way the real API does as far as public clients and docs show: the key is accepted with or without `Bearer`; a missing or
// wrong key gets 401 `{"error":"Unauthorized: Invalid token.","status":401}`; parse/validation errors (unknown
// fields or arguments, `promotions` on the legacy platform) get HTTP 400 with `errors[]`; resolver errors (e.g.
// `first` > 50) get HTTP 200 with `data` and `errors[]`.

import { timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, type ExecutionResult, GraphQLError, parse, type DocumentNode, validate } from 'graphql';
import { z } from 'zod';
import { type Logger, silentLogger } from '../../core/log';
import { formatIssues } from '../../core/zodIssues';
import { type ActiveFaults, applyDataFaults, findAfterCursor, type FaultSpec, FaultSpecError, parseFaultList } from './faults';
import { readHistory } from '../history';
import { demoSchema, type GuessedRootField } from './schema';
import { finalStage, seedFromHistory, type DemoData } from './seed';
import { DemoStore } from './store';

/** The demo server's key: a public demo value, not a secret. */
export const DEMO_API_KEY = 'demo-key';
export const GRAPHQL_PATH = '/2.0/api/graphql';
export const UNAUTHORIZED_BODY = '{"error":"Unauthorized: Invalid token.","status":401}';

export interface DemoServerOptions {
  /** The Git repository whose first-parent history seeds the data. */
  repoPath: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Default DEMO_API_KEY. */
  apiKey?: string;
  /** Legacy platform: no `promotions` root field. */
  legacy?: boolean;
  /**
   * Root fields with guessed names to leave out of the schema, as a platform without them: a query naming one gets
   * graphql-js's own validation error (`Cannot query field "products" on type "Query".`, HTTP 400).
   */
  without?: readonly GuessedRootField[];
  /** Fault specs active from the start (see faults.ts). */
  faults?: string[];
  /** Milliseconds since the epoch; drives the moving release (default Date.now). */
  clock?: () => number;
  log?: Logger;
  /** Releases per product (default: one every 3-5 commits, at most 150). Use 2000+ for the benchmark. */
  releasesPerProduct?: number;
  /** How many first-parent commits to read (default 2000). */
  maxCommits?: number;
  /** Milliseconds per stage of the moving release (default 20000; 0 = only `advance()` moves it). */
  stageMs?: number;
  /** Stage of the moving release at start (default 1: the trigger environment's post-action is running). */
  initialStage?: number;
  /** Tests: change the seeded data before anything is served from it (e.g. to stage one situation exactly). */
  edit?: (data: DemoData) => void;
}

export interface DemoServer {
  /** Base URL, e.g. http://127.0.0.1:PORT; GraphQL at url + '/2.0/api/graphql'. */
  readonly url: string;
  readonly apiKey: string;
  /** HTTP requests received so far (all paths, all outcomes). */
  readonly requests: number;
  close(): Promise<void>;
  /** Replace the active fault specs (throws FaultSpecError on an unknown name). */
  setFaults(f: string[]): void;
  /** Move the still-running release one stage on (for tests). */
  advance(): void;
  /** The seeded data (read-only use: tests, the benchmark). */
  readonly data: DemoData;
  /** The moving release's current stage and the stage at which it has finished. */
  stage(): { stage: number; final: number };
}

const bodySchema = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

const MAX_BODY = 1024 * 1024;

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

function json(status: number, payload: unknown, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(payload), headers };
}

function errorEntry(e: GraphQLError, fallbackCode: string): Record<string, unknown> {
  const out: Record<string, unknown> = { message: e.message };
  if (e.locations) out.locations = e.locations;
  if (e.path) out.path = e.path;
  const code = typeof e.extensions?.code === 'string' ? e.extensions.code : fallbackCode;
  out.extensions = { ...e.extensions, code };
  return out;
}

function keyMatches(header: string | undefined, key: string): boolean {
  if (!header) return false;
  const given = header.replace(/^Bearer\s+/i, '').trim();
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(key, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const log = options.log ?? silentLogger;
  const apiKey = options.apiKey ?? DEMO_API_KEY;
  const history = await readHistory(options.repoPath, options.maxCommits ?? 2000);
  const data = seedFromHistory(history, { releasesPerProduct: options.releasesPerProduct });
  options.edit?.(data);
  const store = new DemoStore(data, {
    now: options.clock ?? Date.now,
    stageMs: options.stageMs ?? 20_000,
    initialStage: options.initialStage ?? 1,
  });
  const without = options.without ?? [];
  const schema = demoSchema(options.legacy ?? false, without);
  let faults: FaultSpec[] = parseFaultList(options.faults ?? []);
  let requests = 0;
  // Pending `slow` delays: closing the server ends them at once.
  const timers = new Map<NodeJS.Timeout, () => void>();
  const docCache = new Map<string, DocumentNode>();

  const rootValue = {
    me: () => store.me(),
    promotions: (args: Parameters<DemoStore['promotions']>[0]) => store.promotions(args),
    productReleases: (args: Parameters<DemoStore['productReleases']>[0]) => store.productReleases(args),
    productRelease: (args: Parameters<DemoStore['productRelease']>[0]) => store.productRelease(args),
    products: (args: Parameters<DemoStore['products']>[0]) => store.products(args),
    environments: () => store.environments(),
    promotionFlows: (args: Parameters<DemoStore['promotionFlows']>[0]) => store.promotionFlows(args),
  };

  /** Faults for this request: the header's plus the global ones (counted ones are consumed). */
  const faultsFor = (req: http.IncomingMessage): ActiveFaults => {
    const active: ActiveFaults = new Map();
    const header = req.headers['x-demo-fault'];
    const fromHeader = parseFaultList(Array.isArray(header) ? header : header ? [header] : []);
    for (const f of faults) {
      if (f.remaining !== undefined) f.remaining--;
      active.set(f.name, f);
    }
    faults = faults.filter((f) => f.remaining === undefined || f.remaining > 0);
    for (const f of fromHeader) active.set(f.name, f);
    return active;
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.set(t, resolve);
    });

  const readBody = (req: http.IncomingMessage) =>
    new Promise<string | undefined>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          resolve(undefined);
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const runGraphql = (text: string, active: ActiveFaults): Reply => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return json(400, { errors: [{ message: 'POST body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    }
    const body = bodySchema.safeParse(raw);
    if (!body.success) {
      return json(400, {
        errors: [{ message: `Invalid GraphQL request: ${formatIssues(body.error.issues, { root: 'body' })}`, extensions: { code: 'BAD_REQUEST' } }],
      });
    }
    const { query, variables, operationName } = body.data;
    let doc = docCache.get(query);
    if (!doc) {
      try {
        doc = parse(query);
      } catch (e) {
        const err = e instanceof GraphQLError ? e : new GraphQLError(String(e));
        return json(400, { errors: [errorEntry(err, 'GRAPHQL_PARSE_FAILED')] });
      }
      const invalid = validate(schema, doc);
      if (invalid.length > 0) return json(400, { errors: invalid.map((e) => errorEntry(e, 'GRAPHQL_VALIDATION_FAILED')) });
      if (docCache.size > 200) docCache.clear();
      docCache.set(query, doc);
    }
    if (active.has('graphql-error')) {
      return json(200, {
        data: null,
        errors: [{ message: 'Internal error: promotion service unavailable (injected fault)', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
    }
    const result = execute({ schema, document: doc, rootValue, variableValues: variables ?? undefined, operationName }) as ExecutionResult;
    if (!('data' in result) || result.data === undefined) {
      // Request errors (bad variables, unknown operation) never reach execution.
      return json(400, { errors: (result.errors ?? []).map((e) => errorEntry(e, 'BAD_USER_INPUT')) });
    }
    const payload: Record<string, unknown> = { data: result.data };
    if (result.errors && result.errors.length > 0) {
      payload.errors = result.errors.map((e) => errorEntry(e, 'INTERNAL_SERVER_ERROR'));
    }
    applyDataFaults(payload.data, active, findAfterCursor(variables));
    const out = JSON.stringify(payload);
    if (active.has('truncated')) return { status: 200, body: out.slice(0, Math.max(1, Math.floor(out.length / 2))) };
    return { status: 200, body: out };
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    requests++;
    const started = Date.now();
    const send = (r: Reply) => {
      if (res.destroyed) return;
      res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', ...r.headers });
      res.end(r.body);
      log.debug(`demo server: ${req.method ?? '?'} ${req.url ?? '?'} -> ${r.status} in ${Date.now() - started} ms`);
    };
    const urlPath = (req.url ?? '').split('?')[0];
    if (urlPath !== GRAPHQL_PATH) return send(json(404, { error: `Not found: ${urlPath ?? ''}`, status: 404 }));

    let active: ActiveFaults;
    try {
      active = faultsFor(req);
    } catch (e) {
      return send(json(400, { error: e instanceof FaultSpecError ? e.message : String(e), status: 400 }));
    }
    if (active.size > 0) log.debug(`demo server: injecting ${[...active.keys()].join(', ')}`);
    if (active.has('reset')) {
      req.socket.destroy();
      return;
    }
    const slow = active.get('slow');
    if (slow) await sleep(slow.param ?? 2000);
    if (active.has('http-500')) return send(json(500, { error: 'Internal Server Error (injected fault)', status: 500 }));
    const rate = active.get('rate-limit');
    if (rate) return send(json(429, { error: 'Too Many Requests', status: 429 }, { 'retry-after': String(rate.param ?? 1) }));
    const rate403 = active.get('rate-limit-403');
    if (rate403) {
      return send(json(403, { error: 'Forbidden: API rate limit exceeded', status: 403 }, { 'retry-after': String(rate403.param ?? 1) }));
    }

    if (req.method !== 'POST') return send(json(405, { error: 'Method not allowed: use POST', status: 405 }, { allow: 'POST' }));
    if (!keyMatches(req.headers.authorization, apiKey)) {
      return send({ status: 401, body: UNAUTHORIZED_BODY });
    }
    const text = await readBody(req);
    if (text === undefined) return send(json(413, { error: 'Request body too large', status: 413 }));
    send(runGraphql(text, active));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.error(`demo server: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'Internal Server Error', status: 500 }));
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  const releaseCount = [...data.releases.values()].reduce((n, l) => n + l.length, 0);
  log.info(
    `demo server at ${url}${GRAPHQL_PATH}: ${data.products.length} products, ${releaseCount} releases from ` +
      `${history.commits.length} commits of ${history.name}${options.legacy ? ' (legacy platform: no promotions)' : ''}` +
      `${without.length > 0 ? ` (without ${without.join(', ')})` : ''}`,
  );

  let closed: Promise<void> | undefined;
  return {
    url,
    apiKey,
    get requests() {
      return requests;
    },
    data,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const [t, wake] of timers) {
          clearTimeout(t);
          wake();
        }
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
    setFaults(f: string[]) {
      faults = parseFaultList(f);
    },
    advance() {
      store.advance();
    },
    stage() {
      const m = data.moving;
      return { stage: store.stage(), final: m ? finalStage(m.flow) : 0 };
    },
  };
}

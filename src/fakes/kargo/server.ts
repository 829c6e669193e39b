// A loopback fake of Kargo's REST API (`/v1beta1`) over made-up data seeded from a repository (./seed): the routes
// the Kargo client uses, each one a path and method of Kargo's published swagger.json (`FAKE_ROUTES` names their
// operationIds), the `?watch=true` event streams of Stages and Promotions, the actions (promote, approve, abort,
// re-verify) changing the state, and faults on demand (an HTTP status, dropped streams, slow answers).
//
// `check`, when given, sees every answer before it is sent (operationId, status, body; watch events as the object
// they carry); the tests pass a validator built from swagger.json, so an answer the real API could not send fails
// them. A check that throws turns the answer into a 500 that names the problem, and is remembered in `violations`.

import { timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, silentLogger } from '../../core/log';
import { readHistory } from '../history';
import { FAKE_PROJECT, type FakeData, type FakeFreight, type FakePromotion, type FakeStage, hex, type Json, seedKargo } from './seed';
import { PROD_LABEL } from '../../backends/kargo/mapping';

/** The fake's token: a public demo value, not a secret. */
export const FAKE_KARGO_TOKEN = 'kargo-demo-token';

/** Every route the fake answers, by swagger operationId. */
export const FAKE_ROUTES = [
  { operationId: 'GetVersionInfo', method: 'GET', path: '/v1beta1/system/server-version' },
  { operationId: 'ListProjects', method: 'GET', path: '/v1beta1/projects' },
  { operationId: 'GetProject', method: 'GET', path: '/v1beta1/projects/{project}' },
  { operationId: 'ListWarehouses', method: 'GET', path: '/v1beta1/projects/{project}/warehouses' },
  { operationId: 'ListStages', method: 'GET', path: '/v1beta1/projects/{project}/stages' },
  { operationId: 'GetStage', method: 'GET', path: '/v1beta1/projects/{project}/stages/{stage}' },
  { operationId: 'QueryFreightsRest', method: 'GET', path: '/v1beta1/projects/{project}/freight' },
  { operationId: 'GetFreight', method: 'GET', path: '/v1beta1/projects/{project}/freight/{freight-name-or-alias}' },
  { operationId: 'ListPromotions', method: 'GET', path: '/v1beta1/projects/{project}/promotions' },
  { operationId: 'GetPromotion', method: 'GET', path: '/v1beta1/projects/{project}/promotions/{promotion}' },
  { operationId: 'PromoteToStage', method: 'POST', path: '/v1beta1/projects/{project}/stages/{stage}/promotions' },
  { operationId: 'ApproveFreight', method: 'POST', path: '/v1beta1/projects/{project}/freight/{freight-name-or-alias}/approve' },
  { operationId: 'AbortPromotion', method: 'POST', path: '/v1beta1/projects/{project}/promotions/{promotion}/abort' },
  { operationId: 'Reverify', method: 'POST', path: '/v1beta1/projects/{project}/stages/{stage}/verification' },
] as const;
export type FakeOperation = (typeof FAKE_ROUTES)[number]['operationId'];

/** A fault: answer matching requests with an HTTP status (`times` of them, default all), or slow every answer down. */
export type FakeFault =
  | { kind: 'status'; status: 401 | 403 | 404 | 409 | 500; operation?: FakeOperation; times?: number; message?: string }
  | { kind: 'slow'; ms: number }
  /** Refuse watch streams (as a proxy that buffers them would): the client must poll. */
  | { kind: 'no-streams' };

export type ContractCheck = (operationId: FakeOperation | 'WatchEvent:Stage' | 'WatchEvent:Promotion', status: number, body: unknown) => void;

export interface FakeKargoOptions {
  repoPath: string;
  host?: string;
  port?: number;
  token?: string;
  log?: Logger;
  check?: ContractCheck;
  /** Sees every request's operation and query before it is answered; a throw answers 400 and is remembered. */
  checkRequest?: (operationId: FakeOperation, query: URLSearchParams) => void;
  freightCount?: number;
  maxCommits?: number;
  /** Milliseconds per step of a running promotion in the demo (0, the default: only `advance()` moves things). */
  stepMs?: number;
  now?: () => number;
}

export interface FakeKargo {
  readonly url: string;
  readonly token: string;
  readonly data: FakeData;
  /** Requests received (streams included). */
  readonly requests: number;
  /** Answers the contract check refused. */
  readonly violations: string[];
  /** Open watch streams. */
  readonly openStreams: number;
  setFaults(faults: FakeFault[]): void;
  /** Drop every open watch stream (the connection breaks off mid-way). */
  dropStreams(): void;
  /** One step on for every running promotion and verification. */
  advance(): void;
  close(): Promise<void>;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from((m[1] as string).trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface Route {
  op: FakeOperation;
  params: Record<string, string>;
}

function route(method: string, pathname: string): Route | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  for (const r of FAKE_ROUTES) {
    if (r.method !== method) continue;
    const tpl = r.path.split('/').filter(Boolean);
    if (tpl.length !== parts.length) continue;
    const params: Record<string, string> = {};
    if (tpl.every((t, i) => (t.startsWith('{') ? ((params[t.slice(1, -1)] = parts[i] as string), true) : t === parts[i]))) return { op: r.operationId, params };
  }
  return undefined;
}

export async function startFakeKargo(options: FakeKargoOptions): Promise<FakeKargo> {
  const log = options.log ?? silentLogger;
  const token = options.token ?? FAKE_KARGO_TOKEN;
  const now = options.now ?? Date.now;
  const history = await readHistory(options.repoPath, options.maxCommits ?? 2000);
  const data = seedKargo(history, { freightCount: options.freightCount, now: now() });
  let faults: FakeFault[] = [];
  let requests = 0;
  let version = 1000;
  const violations: string[] = [];
  const streams = new Set<{ kind: 'Stage' | 'Promotion'; res: http.ServerResponse }>();
  const timers = new Set<NodeJS.Timeout>();
  const iso = (): string => new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');

  // ---- views in the shapes of swagger.json's definitions
  const meta = (name: string, created: string, rv: number, extra: Json = {}): Json => ({
    name,
    namespace: data.project,
    uid: hex('uid', name),
    resourceVersion: String(rv),
    creationTimestamp: created,
    ...extra,
  });
  const freightByName = (n: string): FakeFreight | undefined => data.freight.find((f) => f.name === n || f.alias === n);
  const freightView = (f: FakeFreight): Json => {
    const revision = f.commits[0]?.sha ?? '';
    const record = (m: Map<string, string>, key: string): Json => Object.fromEntries([...m].map(([s, t]) => [s, { [key]: t }]));
    return {
      apiVersion: 'kargo.akuity.io/v1alpha1',
      kind: 'Freight',
      metadata: meta(f.name, f.createdAt, 1, { labels: { 'kargo.akuity.io/alias': f.alias } }),
      alias: f.alias,
      origin: { kind: 'Warehouse', name: data.warehouse },
      discoveredAt: f.createdAt,
      ...(f.imageOnly
        ? {}
        : {
            commits: f.commits.slice(0, 1).map((c) => ({
              repoURL: data.repoURL,
              id: c.sha,
              branch: 'main',
              message: c.message.split('\n')[0],
              author: `${c.authorName} <${c.authorEmail}>`,
              committer: `${c.committerName} <${c.committerEmail}>`,
            })),
          }),
      images: [
        {
          repoURL: data.imageRepo,
          tag: f.tag,
          digest: f.digest,
          annotations: { 'org.opencontainers.image.revision': revision, 'org.opencontainers.image.source': data.repoURL, 'org.opencontainers.image.version': f.tag },
        },
      ],
      charts: [{ repoURL: 'oci://ghcr.io/example/charts', name: 'app', version: f.tag.replace(/^v/, '') }],
      status: { currentlyIn: record(f.currentlyIn, 'since'), verifiedIn: record(f.verifiedIn, 'verifiedAt'), approvedFor: record(f.approvedFor, 'approvedAt') },
    };
  };
  const promotionRef = (p: FakePromotion): Json => ({
    name: p.name,
    freight: { name: p.freight, origin: { kind: 'Warehouse', name: data.warehouse } },
    status: { phase: p.phase },
    ...(p.finishedAt ? { finishedAt: p.finishedAt } : {}),
  });
  const stageView = (s: FakeStage): Json => {
    const mine = data.promotions.filter((p) => p.stage === s.name);
    const current = mine.find((p) => p.phase === 'Running' || p.phase === 'Pending');
    const last = [...mine].reverse().find((p) => p.phase !== 'Running' && p.phase !== 'Pending');
    return {
      apiVersion: 'kargo.akuity.io/v1alpha1',
      kind: 'Stage',
      metadata: meta(s.name, data.freight.at(-1)?.createdAt ?? iso(), s.resourceVersion, s.prod ? { labels: { [PROD_LABEL]: 'PROD' } } : {}),
      spec: {
        requestedFreight: [{ origin: { kind: 'Warehouse', name: data.warehouse }, sources: s.direct ? { direct: true } : { stages: s.upstream } }],
        promotionTemplate: { spec: { steps: s.steps } },
        ...(s.verification ? { verification: { analysisTemplates: [{ name: `${s.name}-smoke-test` }] } } : {}),
      },
      status: {
        freightHistory: [...s.history].reverse().map((name) => ({
          id: hex('collection', s.name, name),
          items: { [`Warehouse/${data.warehouse}`]: { name, origin: { kind: 'Warehouse', name: data.warehouse } } },
          verificationHistory: s.verifications
            .filter((v) => v.freight === name)
            .map((v) => ({
              id: v.id,
              actor: 'kargo controller',
              phase: v.phase,
              startTime: v.startTime,
              ...(v.finishTime ? { finishTime: v.finishTime } : {}),
              ...(v.message ? { message: v.message } : {}),
              analysisRun: { name: `${s.name}.${v.id.slice(0, 8)}`, namespace: data.project, phase: v.phase },
            })),
        })),
        health: { status: 'Healthy' },
        ...(current ? { currentPromotion: promotionRef(current) } : {}),
        ...(last ? { lastPromotion: promotionRef(last) } : {}),
        freightSummary: `${s.history.length} Freight`,
      },
    };
  };
  const stepStatus = (p: FakePromotion, i: number): string | undefined => {
    if (i < p.currentStep) return 'Succeeded';
    if (i > p.currentStep) return p.phase === 'Succeeded' ? 'Succeeded' : undefined;
    return p.phase === 'Running' || p.phase === 'Pending' ? 'Running' : p.phase === 'Errored' ? 'Errored' : p.phase;
  };
  const promotionView = (p: FakePromotion): Json => {
    const s = data.stages.find((x) => x.name === p.stage) as FakeStage;
    const t0 = Date.parse(p.createdAt);
    const meta2 = s.steps
      .map((step, i) => ({ step, i, status: stepStatus(p, i) }))
      .filter((x) => x.status !== undefined)
      .map(({ step, i, status }) => ({
        alias: step.as,
        startedAt: new Date(t0 + i * 15_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ...(status !== 'Running' ? { finishedAt: new Date(t0 + (i + 1) * 15_000).toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}),
        status,
        errorCount: status === 'Failed' || status === 'Errored' ? 1 : 0,
        ...(i === p.currentStep && p.message ? { message: p.message } : {}),
      }));
    return {
      apiVersion: 'kargo.akuity.io/v1alpha1',
      kind: 'Promotion',
      metadata: meta(p.name, p.createdAt, p.resourceVersion),
      spec: { stage: p.stage, freight: p.freight, steps: s.steps },
      status: {
        phase: p.phase,
        currentStep: p.currentStep,
        startedAt: p.createdAt,
        ...(p.finishedAt ? { finishedAt: p.finishedAt } : {}),
        ...(p.message ? { message: p.message } : {}),
        freight: { name: p.freight, origin: { kind: 'Warehouse', name: data.warehouse } },
        stepExecutionMetadata: meta2,
      },
    };
  };
  const list = (items: Json[]): Json => ({ metadata: { resourceVersion: String(version) }, items });

  // ---- watch streams
  const emit = (kind: 'Stage' | 'Promotion', type: 'ADDED' | 'MODIFIED' | 'DELETED', object: Json): void => {
    try {
      options.check?.(`WatchEvent:${kind}`, 200, object);
    } catch (e) {
      violations.push(`watch event ${kind}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const text = `data: ${JSON.stringify({ type, object })}\n\n`;
    for (const s of streams) if (s.kind === kind) s.res.write(text);
  };
  const touchStage = (s: FakeStage): void => {
    s.resourceVersion = ++version;
    emit('Stage', 'MODIFIED', stageView(s));
  };
  const touchPromotion = (p: FakePromotion, type: 'ADDED' | 'MODIFIED'): void => {
    p.resourceVersion = ++version;
    emit('Promotion', type, promotionView(p));
  };

  // ---- state changes
  const finishPromotion = (p: FakePromotion): void => {
    const s = data.stages.find((x) => x.name === p.stage) as FakeStage;
    const f = freightByName(p.freight) as FakeFreight;
    p.phase = 'Succeeded';
    p.currentStep = s.steps.length - 1;
    p.finishedAt = iso();
    for (const other of data.freight) other.currentlyIn.delete(s.name);
    f.currentlyIn.set(s.name, iso());
    s.history.push(f.name);
    if (s.verification) s.verifications.push({ id: hex('verification', s.name, f.name, version), freight: f.name, phase: 'Running', startTime: iso() });
    else f.verifiedIn.set(s.name, iso());
    touchPromotion(p, 'MODIFIED');
    touchStage(s);
  };
  const advance = (): void => {
    for (const p of data.promotions) {
      if (p.phase !== 'Running' && p.phase !== 'Pending') continue;
      const s = data.stages.find((x) => x.name === p.stage) as FakeStage;
      if (p.phase === 'Pending') p.phase = 'Running';
      else if (p.currentStep + 1 >= s.steps.length) {
        finishPromotion(p);
        continue;
      } else p.currentStep++;
      touchPromotion(p, 'MODIFIED');
      touchStage(s);
    }
    for (const s of data.stages) {
      for (const v of s.verifications) {
        if (v.phase !== 'Running' && v.phase !== 'Pending') continue;
        v.phase = 'Successful';
        v.finishTime = iso();
        freightByName(v.freight)?.verifiedIn.set(s.name, iso());
        touchStage(s);
      }
    }
  };
  let ticker: NodeJS.Timeout | undefined;
  if (options.stepMs && options.stepMs > 0) {
    ticker = setInterval(advance, options.stepMs);
    ticker.unref();
  }

  class ApiError extends Error {
    constructor(
      readonly status: number,
      message: string,
    ) {
      super(message);
    }
  }
  const stageOf = (name: string): FakeStage => {
    const s = data.stages.find((x) => x.name === name);
    if (!s) throw new ApiError(404, `stage "${name}" not found`);
    return s;
  };
  const freightOf = (name: string): FakeFreight => {
    const f = freightByName(name);
    if (!f) throw new ApiError(404, `freight "${name}" not found`);
    return f;
  };
  const availableFor = (f: FakeFreight, s: FakeStage): boolean => s.direct || f.approvedFor.has(s.name) || s.upstream.some((u) => f.verifiedIn.has(u));

  const handle = async (op: FakeOperation, params: Record<string, string>, query: URLSearchParams, body: unknown): Promise<{ status: number; body: unknown }> => {
    if (params.project !== undefined && params.project !== data.project) throw new ApiError(404, `project "${params.project}" not found`);
    switch (op) {
      case 'GetVersionInfo':
        return { status: 200, body: { version: 'v1.11.2', gitCommit: '20c56384', gitTreeDirty: false, platform: 'linux/amd64', goVersion: 'go1.24', compiler: 'gc', buildDate: '2025-01-01T00:00:00Z' } };
      case 'ListProjects':
        return { status: 200, body: { items: [{ apiVersion: 'kargo.akuity.io/v1alpha1', kind: 'Project', metadata: meta(FAKE_PROJECT, data.freight.at(-1)?.createdAt ?? iso(), 1) }], total: 1 } };
      case 'GetProject':
        return { status: 200, body: { apiVersion: 'kargo.akuity.io/v1alpha1', kind: 'Project', metadata: meta(FAKE_PROJECT, data.freight.at(-1)?.createdAt ?? iso(), 1) } };
      case 'ListWarehouses':
        return { status: 200, body: list([{ apiVersion: 'kargo.akuity.io/v1alpha1', kind: 'Warehouse', metadata: meta(data.warehouse, iso(), 1), spec: { subscriptions: [] } }]) };
      case 'ListStages':
        return { status: 200, body: list(data.stages.map(stageView)) };
      case 'GetStage':
        return { status: 200, body: stageView(stageOf(params.stage as string)) };
      case 'QueryFreightsRest': {
        const origins = query.getAll('origins');
        const items = origins.length === 0 || origins.includes(data.warehouse) ? data.freight.map(freightView) : [];
        return { status: 200, body: { groups: { '': { items } }, resourceVersion: String(version) } };
      }
      case 'GetFreight':
        return { status: 200, body: freightView(freightOf(params['freight-name-or-alias'] as string)) };
      case 'ListPromotions': {
        const stage = query.get('stage');
        return { status: 200, body: list(data.promotions.filter((p) => !stage || p.stage === stage).map(promotionView)) };
      }
      case 'GetPromotion': {
        const p = data.promotions.find((x) => x.name === params.promotion);
        if (!p) throw new ApiError(404, `promotion "${params.promotion}" not found`);
        return { status: 200, body: promotionView(p) };
      }
      case 'PromoteToStage': {
        const s = stageOf(params.stage as string);
        const req = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
        const name = typeof req.freight === 'string' ? req.freight : typeof req.freightAlias === 'string' ? req.freightAlias : '';
        if (!name) throw new ApiError(400, 'freight or freightAlias should not be empty');
        const f = freightOf(name);
        if (!availableFor(f, s)) throw new ApiError(409, `Freight "${f.name}" is not available to Stage "${s.name}"`);
        if (data.promotions.some((p) => p.stage === s.name && (p.phase === 'Running' || p.phase === 'Pending')))
          throw new ApiError(409, `a promotion to Stage "${s.name}" is already running`);
        const p: FakePromotion = { name: `${s.name}.${f.name.slice(0, 8)}.${++version}`, stage: s.name, freight: f.name, createdAt: iso(), phase: 'Running', currentStep: 0, resourceVersion: version };
        data.promotions.push(p);
        touchPromotion(p, 'ADDED');
        touchStage(s);
        return { status: 201, body: promotionView(p) };
      }
      case 'ApproveFreight': {
        const stageName = query.get('stage');
        if (!stageName) throw new ApiError(400, 'stage should not be empty');
        const s = stageOf(stageName);
        const f = freightOf(params['freight-name-or-alias'] as string);
        if (f.approvedFor.has(s.name)) throw new ApiError(409, `Freight "${f.name}" is already approved for Stage "${s.name}"`);
        f.approvedFor.set(s.name, iso());
        touchStage(s);
        return { status: 200, body: undefined };
      }
      case 'AbortPromotion': {
        const p = data.promotions.find((x) => x.name === params.promotion);
        if (!p) throw new ApiError(404, `promotion "${params.promotion}" not found`);
        if (p.phase !== 'Running' && p.phase !== 'Pending') throw new ApiError(409, `promotion "${p.name}" is not running (${p.phase})`);
        p.phase = 'Aborted';
        p.finishedAt = iso();
        p.message = 'aborted by a user';
        touchPromotion(p, 'MODIFIED');
        touchStage(stageOf(p.stage));
        return { status: 200, body: undefined };
      }
      case 'Reverify': {
        const s = stageOf(params.stage as string);
        const currentName = s.history.at(-1);
        if (!currentName || !s.verification) throw new ApiError(409, `Stage "${s.name}" has no verification to run`);
        if (s.verifications.some((v) => v.phase === 'Running' || v.phase === 'Pending')) throw new ApiError(409, `a verification of Stage "${s.name}" is already running`);
        s.verifications.push({ id: hex('verification', s.name, currentName, ++version), freight: currentName, phase: 'Running', startTime: iso() });
        freightByName(currentName)?.verifiedIn.delete(s.name);
        touchStage(s);
        return { status: 200, body: undefined };
      }
    }
  };

  const readBody = (req: http.IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  const send = (res: http.ServerResponse, status: number, body: unknown): void => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = http.createServer((req, res) => {
    requests++;
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const r = route(req.method ?? 'GET', url.pathname);
      if (!r) return send(res, 404, { error: `no route ${req.method} ${url.pathname}` });
      if (!tokenMatches(req.headers.authorization, token)) return send(res, 401, { error: 'unauthorized: invalid token' });
      try {
        options.checkRequest?.(r.op, url.searchParams);
      } catch (e) {
        const text = `${r.op} was sent what the API does not take: ${e instanceof Error ? e.message : String(e)}`;
        violations.push(text);
        return send(res, 400, { error: text });
      }
      const slow = faults.find((f): f is Extract<FakeFault, { kind: 'slow' }> => f.kind === 'slow');
      if (slow) await wait(slow.ms);
      const fault = faults.find((f): f is Extract<FakeFault, { kind: 'status' }> => f.kind === 'status' && (f.operation === undefined || f.operation === r.op));
      if (fault) {
        if (fault.times !== undefined && --fault.times <= 0) faults = faults.filter((f) => f !== fault);
        return send(res, fault.status, { error: fault.message ?? http.STATUS_CODES[fault.status]?.toLowerCase() ?? 'error' });
      }
      const watch = url.searchParams.get('watch') === 'true' && (r.op === 'ListStages' || r.op === 'ListPromotions');
      if (watch) {
        if (faults.some((f) => f.kind === 'no-streams')) return send(res, 404, { error: 'watch is not available here' });
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        res.write(': connected\n\n');
        const s = { kind: r.op === 'ListStages' ? ('Stage' as const) : ('Promotion' as const), res };
        streams.add(s);
        req.on('close', () => streams.delete(s));
        return;
      }
      let body: unknown;
      if (req.method === 'POST') {
        const text = await readBody(req);
        try {
          body = text ? (JSON.parse(text) as unknown) : undefined;
        } catch {
          return send(res, 400, { error: 'the request body is not valid JSON' });
        }
      }
      try {
        const out = await handle(r.op, r.params, url.searchParams, body);
        try {
          options.check?.(r.op, out.status, out.body);
        } catch (e) {
          const text = `${r.op} answered what the API could not: ${e instanceof Error ? e.message : String(e)}`;
          violations.push(text);
          log.error(text);
          return send(res, 500, { error: text });
        }
        send(res, out.status, out.body);
      } catch (e) {
        if (e instanceof ApiError) return send(res, e.status, { error: e.message });
        log.error(`fake Kargo: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        send(res, 500, { error: 'internal error' });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  log.info(`fake Kargo for ${options.repoPath} on ${url}`);

  return {
    url,
    token,
    data,
    get requests() {
      return requests;
    },
    violations,
    get openStreams() {
      return streams.size;
    },
    setFaults(f) {
      faults = f.map((x) => ({ ...x }));
    },
    dropStreams() {
      for (const s of streams) s.res.socket?.destroy();
      streams.clear();
    },
    advance,
    async close() {
      if (ticker) clearInterval(ticker);
      for (const t of timers) clearTimeout(t);
      for (const s of streams) s.res.socket?.destroy();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

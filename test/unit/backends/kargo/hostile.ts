// A Kargo API on 127.0.0.1 that answers whatever a test hands it, in the shapes of Kargo's swagger (StageList,
// ListProjectsResponse, queryFreightsResponse) but as large or as odd as a broken or hostile server could make them,
// and whose `?watch=true` streams do what the test scripts (one event then a clean end, a cut socket, an ERROR
// event...). It records every request and when each stream was opened.

import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const HOSTILE_KARGO_TOKEN = 'kargo-hostile-token-0123456789';

export interface HostileKargo {
  url: string;
  /** Requests seen, as `GET /v1beta1/...` (`?watch=true` kept). */
  log: string[];
  /** When each watch stream was opened (ms, performance.now()). */
  streamOpens: number[];
  /** Stages GETs (lists, not streams) in flight now and the most at once. */
  stageReads: { inFlight: number; most: number; total: number };
  set(answers: Partial<HostileKargoAnswers>): void;
  close(): Promise<void>;
}

export interface HostileKargoAnswers {
  projects: unknown;
  /** The list answer of a project's Stages (and Promotions: an empty list unless set). */
  stages: (project: string) => unknown;
  promotions: unknown;
  freight: unknown;
  /** Milliseconds a Stages list is held before it is answered. */
  stagesDelayMs: number;
  /** Called when a server-version read arrives. */
  onVersion: () => void;
  /** What an opened watch stream does; `n` counts the streams opened so far (1 for the first). */
  watch: (res: http.ServerResponse, n: number) => void;
}

/** One Server-Sent Event carrying a watch event. */
export function sse(type: string, object: unknown): string {
  return `data: ${JSON.stringify({ type, object })}\n\n`;
}

export function stageJson(name: string, opts: { from?: string[]; resourceVersion?: string } = {}): Record<string, unknown> {
  return {
    metadata: { name, namespace: 'p', resourceVersion: opts.resourceVersion ?? '1' },
    spec: { requestedFreight: [{ origin: { kind: 'Warehouse', name: 'app' }, sources: opts.from ? { stages: opts.from } : { direct: true } }] },
  };
}

export function freightJson(i: number): Record<string, unknown> {
  const t = new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { metadata: { name: `f${String(i).padStart(7, '0')}`, namespace: 'p', creationTimestamp: t }, alias: `alias-${i}`, origin: { kind: 'Warehouse', name: 'app' } };
}

export async function startHostileKargo(): Promise<HostileKargo> {
  let answers: HostileKargoAnswers = {
    projects: { items: [{ metadata: { name: 'p' } }] },
    stages: () => ({ items: [] }),
    promotions: { items: [] },
    freight: { groups: { '': { items: [] } } },
    stagesDelayMs: 0,
    onVersion: () => undefined,
    watch: () => undefined,
  };
  const log: string[] = [];
  const streamOpens: number[] = [];
  const stageReads = { inFlight: 0, most: 0, total: 0 };
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown): void => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const p = url.pathname;
    if (url.searchParams.get('watch') === 'true') {
      streamOpens.push(performance.now());
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': open\n\n');
      answers.watch(res, streamOpens.length);
      return;
    }
    if (p === '/v1beta1/system/server-version') {
      answers.onVersion();
      return setTimeout(() => send(200, { version: 'v1.11.2' }), 100);
    }
    if (p === '/v1beta1/projects') return send(200, answers.projects);
    const m = /^\/v1beta1\/projects\/([^/]+)(\/[a-z]+)?$/.exec(p);
    if (m && m[2] === undefined) return send(200, { metadata: { name: decodeURIComponent(m[1]!) } });
    if (m && m[2] === '/stages') {
      stageReads.total++;
      stageReads.inFlight++;
      stageReads.most = Math.max(stageReads.most, stageReads.inFlight);
      const answer = (): void => {
        stageReads.inFlight--;
        send(200, answers.stages(decodeURIComponent(m[1]!)));
      };
      if (answers.stagesDelayMs > 0) setTimeout(answer, answers.stagesDelayMs);
      else answer();
      return;
    }
    if (m && m[2] === '/promotions') return send(200, answers.promotions);
    if (m && m[2] === '/freight') return send(200, answers.freight);
    send(404, { error: 'not found' });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    streamOpens,
    stageReads,
    set: (a) => {
      answers = { ...answers, ...a };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

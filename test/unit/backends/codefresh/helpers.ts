// Test helpers for the Codefresh client: a tiny loopback HTTP(S) server with a scripted handler, a capturing logger,
// and small Git repositories with fixed dates to seed the demo server from.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { strict as assert } from 'node:assert';
import type { Logger } from '../../../../src/core/log';
import { forgetApiGeneration, forgetMissingQueries } from '../../../../src/backends/codefresh';
import { type DemoServer, type DemoServerOptions, startDemoServer } from '../../../../src/fakes/codefresh/server';
import { BackendError } from '../../../../src/backends/types';

export interface StubRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { query?: string; variables?: Record<string, unknown> } | undefined;
}

export type StubHandler = (req: StubRequest, res: http.ServerResponse, index: number) => void | Promise<void>;

export interface Stub {
  url: string;
  requests: StubRequest[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** Start a loopback server; the handler sees each request (with its parsed JSON body) and its index. */
export async function startStub(handler: StubHandler, tls?: { key: string; cert: string }): Promise<Stub> {
  const requests: StubRequest[] = [];
  let inFlight = 0;
  const stub: Stub = { url: '', requests, maxInFlight: 0, close: async () => undefined };
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: StubRequest['json'];
      try {
        json = JSON.parse(body) as StubRequest['json'];
      } catch {
        json = undefined;
      }
      const r: StubRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json };
      requests.push(r);
      inFlight++;
      stub.maxInFlight = Math.max(stub.maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      Promise.resolve(handler(r, res, requests.length - 1)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(599);
        res.end(String(e));
      });
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  stub.url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return stub;
}

export function sendJson(res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(payload));
}

/** A logger that keeps every line, for assertions (e.g. that the key never appears). */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

/** A self-signed certificate for 127.0.0.1 (openssl), in a temp folder. */
export function selfSignedCert(): { key: string; cert: string; certFile: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile,
      '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), certFile, dir };
}

/** A repository with `count` commits, one per hour from 2024-03-01, messages with PRs and Jira keys. */
export function makeRepo(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-client-'));
  const repo = path.join(dir, 'shop');
  fs.mkdirSync(repo);
  const base = Date.parse('2024-03-01T09:00:00Z');
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Ada Lovelace',
    GIT_AUTHOR_EMAIL: 'ada@example.invalid',
    GIT_COMMITTER_NAME: 'Ada Lovelace',
    GIT_COMMITTER_EMAIL: 'ada@example.invalid',
  };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo, env });
  // One fast-import stream instead of a process per commit.
  let stream = '';
  for (let i = 0; i < count; i++) {
    const msg = i % 3 === 0 ? `feat: widget ${i} (ABC-${100 + i})\n` : i % 3 === 1 ? `Merge pull request #${200 + i} from org/f-${i}\n` : `fix: cart ${i}\n`;
    const content = `change ${i}\n`;
    const when = Math.floor((base + i * 3_600_000) / 1000);
    stream += `commit refs/heads/main\nmark :${i + 1}\n`;
    stream += `author Ada Lovelace <ada@example.invalid> ${when} +0000\ncommitter Ada Lovelace <ada@example.invalid> ${when} +0000\n`;
    stream += `data ${Buffer.byteLength(msg)}\n${msg}`;
    if (i > 0) stream += `from :${i}\n`;
    stream += `M 644 inline file.txt\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, env, input: stream });
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: repo, env });
  return repo;
}

export function removeRepo(repo: string): void {
  fs.rmSync(path.dirname(repo), { recursive: true, force: true });
}

/** Reject if the promise does not settle within `ms` (each test bounds its own waits). */
export function within<T>(ms: number, p: Promise<T>, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The BackendError a call fails with (fails the test when the call succeeds or throws something else). */
export async function failure(p: Promise<unknown>): Promise<BackendError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BackendError, `expected a BackendError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

/**
 * Demo servers over a repository of 90 commits for one mocha suite, and the backends built on them: each test's
 * servers and backends are closed after it, what the client remembers per URL is forgotten for each new server.
 * Call inside `describe`.
 */
export function useDemoServers(): {
  demo(options?: Partial<DemoServerOptions>): Promise<DemoServer>;
  track<B extends { dispose(): Promise<void> | void }>(backend: B): B;
} {
  let repo = '';
  const servers: DemoServer[] = [];
  const backends: { dispose(): Promise<void> | void }[] = [];
  before(() => {
    repo = makeRepo(90);
  });
  after(() => removeRepo(repo));
  afterEach(async () => {
    for (const b of backends.splice(0)) await b.dispose();
    for (const s of servers.splice(0)) await s.close();
  });
  return {
    async demo(options = {}) {
      const s = await startDemoServer({ repoPath: repo, stageMs: 0, ...options });
      servers.push(s);
      forgetApiGeneration(s.url);
      forgetMissingQueries(s.url);
      return s;
    },
    track(backend) {
      backends.push(backend);
      return backend;
    },
  };
}

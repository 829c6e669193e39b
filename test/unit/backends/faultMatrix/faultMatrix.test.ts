// The fault matrix: every row of ./rows.ts against every backend of ./adapters, each on a fresh hostile loopback
// server with a second loopback origin beside it. Per row and backend it checks what the caller gets, then what
// holds for every row: the token appears in no error message, detail, cause, stack, log line, skip reason or
// warning, and nothing at all reaches the other origin; the requests, the wall time and the heap stay in bounds.
// A cell lists every problem it finds, not only the first, so a failing cell says all that is wrong with it.
//
// FAULT_MATRIX_REPORT=<file> writes each cell's outcome and figures (time, requests, heap, event-loop delay) as JSON.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { inspect } from 'node:util';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { isBackendError, type ReleaseBackend } from '../../../../src/backends/types';
import { captureLogger, startStub, type Stub, within } from '../codefresh/helpers';
import { type Adapter, type CallSpec, type Outcome, send, type Tuning } from './adapter';
import { ADAPTERS } from './adapters';
import { CANCEL_WITHIN_MS, type Row, type RowContext, ROWS } from './rows';

const TUNING: Tuning = { connectMs: 1000, totalMs: 400, retries: 3, backoff: { baseMs: 2, maxMs: 10 } };
const MiB = 1024 * 1024;
/** Requests one call may make to the server in all (the target's and the rest of the API it needs). */
const MAX_REQUESTS = 60;

// A collector run between rows, so the heap figures are what a row holds, not what earlier rows left behind.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface Cell {
  backend: string;
  row: string;
  state?: string;
  problems?: string[];
  ms?: number;
  targets?: number;
  requests?: number;
  peakMiB?: number;
  retainedMiB?: number;
  eventLoopMaxMs?: number;
}
const cells: Cell[] = [];

function targetBound(row: Row): { exact?: number; max: number } {
  if (row.targets === 'every-attempt') return { exact: 1 + (row.tuning?.retries ?? TUNING.retries), max: 1 + (row.tuning?.retries ?? TUNING.retries) };
  if (typeof row.targets === 'number') return { exact: row.targets, max: row.targets };
  return { max: row.targets?.max ?? MAX_REQUESTS };
}

/** Everything reachable from an error that a user or a log could see: message, stack, details, cause (deeply). */
function errorTexts(e: unknown): string[] {
  const texts = [inspect(e, { depth: 12, maxStringLength: Infinity, maxArrayLength: 200, breakLength: Infinity })];
  if (e instanceof Error) texts.push(e.message, e.stack ?? '');
  if (isBackendError(e)) {
    try {
      texts.push(JSON.stringify(e.details ?? null) ?? '');
    } catch {
      // a cycle in details: inspect above has walked it
    }
  }
  return texts;
}

function describeCell(a: Adapter, row: Row, call: CallSpec, title: string, cell: Cell): void {
  it(title, async function () {
    const problems: string[] = [];
    cell.problems = problems;
    const tuning = { ...TUNING, ...row.tuning };
    const stubs: Stub[] = [];
    let backend: ReleaseBackend | undefined;
    const controller = new AbortController();
    let closed = false;
    /** Dispose the backend, bounded (a client stuck on a held request must not hang the matrix), then the servers. */
    const shutDown = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      // Whatever the client still waits on (a retry timer, a held request) is given up, as a caller would.
      controller.abort();
      const disposing = Promise.resolve(backend?.dispose?.());
      const inTime = await within(2000, disposing.then(() => true), 'dispose').catch(() => false);
      if (!inTime) problems.push('dispose did not finish within 2 s of the call');
      for (const s of stubs) await s.close();
      await within(5000, disposing, 'dispose after the servers closed').catch(() => problems.push('dispose did not finish even after the servers closed'));
    };
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      row.prepare?.(a);
      const log = captureLogger();
      let cancelledAt: number | undefined;
      let targets = 0;
      // Filled in once both servers are up; the handlers only run after that.
      const ctx = {} as RowContext;
      // The other origin answers as the real server would (a followed redirect or link would yield data, not hang).
      const other = await startStub((req, res) => send(res, call.good(req, 2, 'none')));
      stubs.push(other);
      const server = await startStub((req, res) => {
        if (!call.isTarget(req)) return a.serve(req, res, row.call);
        return row.target(req, res, targets++, ctx);
      });
      stubs.push(server);
      Object.assign(ctx, {
        a,
        call,
        other,
        logLines: log.lines,
        cancel: () => {
          cancelledAt ??= Date.now();
          controller.abort();
        },
      } satisfies RowContext);
      backend = await a.create({ url: server.url, log, tuning });

      gc();
      const base = process.memoryUsage();
      const baseBytes = base.heapUsed + base.external;
      let peak = baseBytes;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.heapUsed + m.external);
      }, 5);
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const started = Date.now();
      let outcome: Outcome | undefined;
      let error: unknown;
      try {
        // Past its bound the row has failed; waiting longer would only slow the matrix down.
        outcome = await within((row.maxMs ?? 3000) + 1000, call.run(backend, controller.signal, row.pageSize ?? 50), `${a.name}: ${row.name}`);
      } catch (e) {
        error = e;
      }
      const settled = Date.now();
      loop.disable();
      clearInterval(sampler);
      const end = process.memoryUsage();
      peak = Math.max(peak, end.heapUsed + end.external);
      // What the row leaves behind once the backend is disposed and the servers are gone.
      await shutDown();
      gc();
      // Array buffers are swept after the collection; a turn of the event loop and a second pass settle them.
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      const held = process.memoryUsage();
      cell.ms = settled - started;
      cell.targets = targets;
      cell.requests = server.requests.length;
      cell.peakMiB = Math.round((peak - baseBytes) / MiB);
      cell.retainedMiB = Math.round((held.heapUsed - base.heapUsed) / MiB);
      cell.eventLoopMaxMs = Math.round(loop.max / 1e6);

      // --- what the caller gets ---
      const expected = row.expect(a, ctx);
      const got = (): string => (error ? `${isBackendError(error) ? `${error.kind}: ` : ''}${inspect(error, { depth: 1 }).slice(0, 400)}` : `data ${inspect(outcome?.items).slice(0, 300)}`);
      const texts: string[] = [...log.lines];
      if (error) texts.push(...errorTexts(error));
      if (outcome) texts.push(...(outcome.skipped?.reasons ?? []), ...(outcome.warnings ?? []));
      if ('error' in expected) {
        const kinds: readonly string[] = typeof expected.error.kind === 'string' ? [expected.error.kind] : expected.error.kind;
        if (!isBackendError(error)) problems.push(`expected a ${kinds.join(' or ')} BackendError, got ${got()}`);
        else {
          if (!kinds.includes(error.kind)) problems.push(`expected kind ${kinds.join(' or ')}, got ${error.kind}: ${error.message.slice(0, 300)}`);
          if (!expected.error.message.test(error.message)) problems.push(`message ${JSON.stringify(error.message.slice(0, 300))} does not match ${String(expected.error.message)}`);
        }
      } else if ('cancelled' in expected) {
        if (!isBackendError(error) || error.kind !== 'cancelled') problems.push(`expected cancelled, got ${got()}`);
        if (cancelledAt === undefined) problems.push('the row never cancelled (the request it waits for did not come)');
        else if (settled - cancelledAt > CANCEL_WITHIN_MS) problems.push(`settled ${settled - cancelledAt} ms after the cancel (bound ${CANCEL_WITHIN_MS} ms)`);
      } else if ('settles' in expected) {
        if (error && !(isBackendError(error) && expected.settles.includes(error.kind))) problems.push(`expected data or ${expected.settles.join('/')}, got ${got()}`);
      } else {
        const want = expected.data;
        if (error || !outcome) problems.push(`expected data, got ${got()}`);
        else {
          if (want.items) {
            const same = outcome.items.length === want.items.length && outcome.items.every((x, i) => x === want.items?.[i]);
            if (!same) problems.push(`items ${inspect(outcome.items.slice(0, 8))}${outcome.items.length > 8 ? ` (${outcome.items.length})` : ''}, expected ${inspect(want.items)}`);
          }
          if (want.atMost !== undefined && outcome.items.length > want.atMost) problems.push(`${outcome.items.length} items kept, at most ${want.atMost} asked`);
          if (want.skipped) {
            const n = outcome.skipped?.count ?? 0;
            if (want.skipped.count === 'some' ? n < 1 : n !== want.skipped.count) problems.push(`skipped ${String(outcome.skipped?.count)}, expected ${want.skipped.count}`);
            const reasons = (outcome.skipped?.reasons ?? []).join('\n');
            if (want.skipped.reasons && !want.skipped.reasons.test(reasons)) problems.push(`skip reasons ${JSON.stringify(reasons.slice(0, 300))} do not match ${String(want.skipped.reasons)}`);
          } else if (outcome.skipped && outcome.skipped.count > 0) problems.push(`unexpected skipped items: ${inspect(outcome.skipped).slice(0, 300)}`);
          if (want.warnings && !want.warnings.test((outcome.warnings ?? []).join('\n')))
            problems.push(`warnings ${inspect(outcome.warnings).slice(0, 300)} do not match ${String(want.warnings)}`);
          try {
            want.check?.(outcome);
          } catch (e) {
            problems.push(e instanceof Error ? e.message : String(e));
          }
        }
      }

      // --- the token: in nothing the caller or a log sees, and never sent anywhere but its own server ---
      const leaked = texts.filter((t) => t.includes(a.token));
      if (leaked.length) problems.push(`the token leaked: ${leaked.map((t) => t.slice(Math.max(0, t.indexOf(a.token) - 150), t.indexOf(a.token) + 60)).join(' | ')}`);
      const toOther = other.requests.filter((r) => JSON.stringify(r).includes(a.token));
      if (toOther.length) problems.push(`the token went to the other origin (${toOther.map((r) => `${r.method} ${r.url}`).join(', ')})`);
      if (other.requests.length) problems.push(`the other origin got ${other.requests.length} request(s): ${other.requests.map((r) => `${r.method} ${r.url}`).join(', ')}`);
      const bare = server.requests.filter((r) => !a.carriesToken(r));
      if (bare.length) problems.push(`${bare.length} request(s) without the token in its header: ${bare.map((r) => `${r.method} ${r.url}`).join(', ')}`);
      if (row.logMustNot) {
        const bad = log.lines.filter((l) => row.logMustNot?.test(l));
        if (bad.length) problems.push(`log lines that must not be: ${bad.join(' | ').slice(0, 300)}`);
      }

      // --- bounds ---
      const bound = targetBound(row);
      if (bound.exact !== undefined && targets !== bound.exact) problems.push(`the server saw ${targets} target request(s), expected ${bound.exact}`);
      else if (targets > bound.max) problems.push(`the server saw ${targets} target request(s), at most ${bound.max} allowed`);
      if (row.call === 'write' && targets > 1) problems.push(`the write went out ${targets} times`);
      if (server.requests.length > MAX_REQUESTS) problems.push(`${server.requests.length} requests in all (bound ${MAX_REQUESTS})`);
      const maxMs = row.maxMs ?? 3000;
      if (cell.ms > maxMs) problems.push(`took ${cell.ms} ms (bound ${maxMs} ms)`);
      if (row.minMs !== undefined && cell.ms < row.minMs) problems.push(`took ${cell.ms} ms: the ${row.minMs} ms the server asked for were not waited`);
      const peakBound = row.peakMiB ?? 128;
      if (cell.peakMiB > peakBound) problems.push(`heap peak +${cell.peakMiB} MiB (bound ${peakBound} MiB)`);
      const retainedBound = row.retainedMiB ?? 32;
      if (cell.retainedMiB > retainedBound) problems.push(`heap held after the call +${cell.retainedMiB} MiB (bound ${retainedBound} MiB)`);
      const piled = warnings.filter((w) => w.name === 'MaxListenersExceededWarning');
      if (piled.length) problems.push(`Node warned: ${piled[0]?.message}`);

      assert.ok(problems.length === 0, problems.join('\n'));
    } finally {
      process.off('warning', onWarning);
      await shutDown();
    }
  });
}

describe('fault matrix: every backend against a hostile loopback server', function () {
  // Per cell; the bounds each row sets are checked inside it.
  this.timeout(40_000);

  afterEach(function () {
    const cell = cells.find((c) => `${c.backend}: ${c.row}` === this.currentTest?.title);
    if (cell) cell.state = this.currentTest?.state ?? 'pending';
  });
  after(() => {
    const file = process.env.FAULT_MATRIX_REPORT;
    if (file) fs.writeFileSync(file, `${JSON.stringify(cells, null, 1)}\n`);
  });

  for (const a of ADAPTERS) {
    describe(a.name, () => {
      for (const row of ROWS) {
        const call = a[row.call];
        const notApplicable = !call ? a.missing[row.call] ?? `no ${row.call} call` : row.needs && !a.features.includes(row.needs) ? a.missing[row.needs] ?? `no ${row.needs}` : undefined;
        const cell: Cell = { backend: a.name, row: row.name };
        cells.push(cell);
        if (notApplicable || !call) {
          cell.state = `n/a: ${notApplicable ?? ''}`;
          // Pending, so the table shows the row and why it does not apply.
          it(`${a.name}: ${row.name} (n/a: ${notApplicable ?? ''})`);
          continue;
        }
        describeCell(a, row, call, `${a.name}: ${row.name}`, cell);
      }
    });
  }
});

// Small shared helpers for the harness scripts (test-vscode, test-electron, demo): logging with elapsed time,
// command lookup, child-process helpers. Node >= 20, no dependencies.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const T0 = Date.now();

/** Seconds since the script started, for log prefixes and timings. */
export const elapsed = () => (Date.now() - T0) / 1000;

/** Creates a logger that prefixes every line with a tag and the elapsed time. */
export function makeLog(tag) {
  const fmt = (args) => `[${tag} +${elapsed().toFixed(1)}s] ${args.join(' ')}`;
  const log = (...args) => console.log(fmt(args));
  log.error = (...args) => console.error(fmt(args));
  return log;
}

/** Error that the scripts turn into a clean message and a given exit code (no stack trace). */
export class HarnessError extends Error {
  constructor(message, exitCode = 3) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Absolute path of an executable on PATH, or undefined. */
export function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs a command to completion with inherited output; throws HarnessError on failure. */
export function runInherit(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.error) throw new HarnessError(`${cmd} could not be started: ${r.error.message}`);
  if (r.status !== 0) throw new HarnessError(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** Runs a command asynchronously (so the event loop keeps serving, e.g. the demo server). */
export function runAsync(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    child.once('error', (e) => reject(new HarnessError(`${cmd} could not be started: ${e.message}`)));
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new HarnessError(`${cmd} ${args.join(' ')} failed (exit ${code ?? signal})`)),
    );
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Creates (or empties, if it was created by us before) an artifacts folder, marked so we never wipe others. */
export function freshArtifactsDir(dir) {
  const marker = path.join(dir, '.harness-artifacts');
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    if (!fs.existsSync(marker)) throw new HarnessError(`${dir} is not empty and was not created by the harness; not wiping it`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(marker, '');
  return dir;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Runs `fn` while holding a lock directory (atomic mkdir), so concurrent harness runs on one checkout take turns
 * instead of overwriting each other's install or artifacts. A lock whose owner process died is taken over.
 */
export async function withLock(lockDir, log, what, maxWaitMs, fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + maxWaitMs;
  for (let announced = false; ; ) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner;
      try {
        owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8')) || undefined;
      } catch {
        owner = undefined; // being created this instant
      }
      if (owner && !pidAlive(owner)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new HarnessError(`gave up waiting for ${lockDir} (held by pid ${owner ?? '?'}) after ${maxWaitMs / 1000} s`);
      if (!announced) log(`another harness run (pid ${owner ?? '?'}) is ${what}; waiting for it`);
      announced = true;
      await sleep(1000);
    }
  }
  const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
  process.once('exit', release); // also when a signal handler exits the process
  try {
    return await fn();
  } finally {
    process.off('exit', release);
    release();
  }
}

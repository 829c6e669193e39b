// One place that runs git (through simple-git): a client per working directory, a time limit on every call, and
// errors turned into GitCommandError with git's own message (never a secret: we never pass credentials to git).

import { execFile, spawn } from 'node:child_process';
import { simpleGit, type SimpleGit } from 'simple-git';

export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
  constructor(
    readonly args: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

const clients = new Map<string, SimpleGit>();

// simple-git refuses environments that name programs git could run (editor, pager, askpass, ssh); we read local
// data only, so those are dropped rather than allowed.
const DROPPED_ENV = /^(EDITOR|VISUAL|PAGER|GIT_EDITOR|GIT_PAGER|GIT_ASKPASS|SSH_ASKPASS|GIT_SSH|GIT_SSH_COMMAND|GIT_PROXY_COMMAND|GIT_EXTERNAL_DIFF|GIT_CONFIG_COUNT|GIT_CONFIG_KEY_.*|GIT_CONFIG_VALUE_.*|GIT_SEQUENCE_EDITOR)$/;

function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  // GIT_* from the parent (e.g. GIT_DIR set by a hook) would point git elsewhere: simple-git's guard drops them too.
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !DROPPED_ENV.test(k) && !/^GIT_/i.test(k)) env[k] = v;
  env.GIT_TERMINAL_PROMPT = '0';
  env.LC_ALL = 'C';
  return env;
}

/**
 * Settings given on every git command line, over the repository's own config: a repository's .git/config can name a
 * program git runs while reading the index (core.fsmonitor), and a folder opened untrusted (a downloaded archive with
 * its .git) must not run it through us. We only read history; the built-in change tracking is all we need.
 */
const CONFIG_OVERRIDES = ['core.fsmonitor=false'];

/** Default per-call time limit; a hung git (credential prompt, huge repo) must not hang the caller. */
export const GIT_TIMEOUT_MS = 60_000;

function client(cwd: string): SimpleGit {
  let c = clients.get(cwd);
  if (!c) {
    // simple-git refuses any core.fsmonitor setting unless allowed; ours is the constant `false` above, which turns it off.
    c = simpleGit({ baseDir: cwd, config: CONFIG_OVERRIDES, unsafe: { allowUnsafeFsMonitor: true }, maxConcurrentProcesses: 4, timeout: { block: GIT_TIMEOUT_MS }, trimmed: false, allowEnvironment: ['GIT_TERMINAL_PROMPT'] });
    // Never let git ask for credentials or a pager: we only read local data.
    c.env(gitEnv());
    clients.set(cwd, c);
  }
  return c;
}

/** Run `git <args>` in `cwd` and return stdout. Throws GitCommandError with git's message. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    return await client(cwd).raw([...args]);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new GitCommandError(args, msg.trim().split('\n').slice(0, 5).join('\n') || `git ${args[0] ?? ''} failed`);
  }
}

/** Like `git` but resolves undefined instead of throwing (for probes such as rev-parse --verify). */
export async function gitOrUndefined(cwd: string, args: readonly string[]): Promise<string | undefined> {
  try {
    return await git(cwd, args);
  } catch {
    return undefined;
  }
}


/**
 * Run `git <args>` in `cwd` with `input` on its standard input (batch commands such as `cat-file --batch-check`,
 * which simple-git cannot feed), under the same environment and time limit. Throws GitCommandError.
 */
export function gitWithInput(cwd: string, args: readonly string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...CONFIG_OVERRIDES.flatMap((c) => ['-c', c]), ...args],
      { cwd, env: gitEnv(), encoding: 'utf8', maxBuffer: 1 << 30, timeout: GIT_TIMEOUT_MS, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) reject(new GitCommandError(args, stderr.trim().split('\n').slice(0, 5).join('\n') || error.message));
        else resolve(stdout);
      },
    );
    child.stdin?.end(input);
  });
}

/**
 * Run `git <args>` in `cwd` and hand its standard output to `onData` chunk by chunk as git writes it, so a large
 * output (rev-list of a long history) is read while git is still writing it and is never held whole. Same
 * environment as `git`; git is stopped when it writes nothing for the time limit. Throws GitCommandError.
 */
export function gitStream(cwd: string, args: readonly string[], onData: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stderr = '';
    let failure: Error | undefined;
    const timer = setTimeout(() => {
      failure ??= new GitCommandError(args, `git ${args[0] ?? ''} wrote nothing for ${GIT_TIMEOUT_MS / 1000} s and was stopped`);
      child.kill();
    }, GIT_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      timer.refresh();
      if (failure) return;
      try {
        onData(chunk);
      } catch (e) {
        failure = e instanceof Error ? e : new Error(String(e));
        child.kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // git's message is what the error says; a few kilobytes are plenty.
      if (stderr.length < 16_384) stderr += chunk.toString('utf8');
    });
    child.on('error', (e) => {
      failure ??= new GitCommandError(args, e.message);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else if (code !== 0) reject(new GitCommandError(args, stderr.trim().split('\n').slice(0, 5).join('\n') || `git ${args[0] ?? ''} failed`));
      else resolve();
    });
  });
}

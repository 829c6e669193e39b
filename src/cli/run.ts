// The command-line front end over the pure modules: `where` and `notes`. Pure of process globals (argv, exit,
// stdout are passed in) so tests run it in-process. See `usage()` for the commands and exit codes.

import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from '../core/log';
import type { CommitPullRequests, ProductReleases, ReleaseNotes, ReleasesFile } from '../core/model';
import { renderNotes, renderWhere } from '../present/plainText';
import { isBackendError, type ReleaseBackend } from '../backends/types';
import { CLI_BACKENDS } from './backendChoice';
import type * as BackendSource from './backendSource';
import { isDemoBackend } from '../backends/registry';
import { findRepoRoot, isShallowRepository } from '../git/repo';
import { readLog, type LogCommit } from '../git/log';
import { commitInfo, lookupCommitPrefix, resolveCommitish, resolveCommitishes } from '../git/sha';
import { assembleReleaseNotes, findPreviousRelease } from '../resolve/notes';
import { expandAbbreviatedShas, parseReleasesText, ReleasesFileError } from '../resolve/releasesFile';
import { GraphSource } from '../resolve/graphSource';

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  notARepo: 3,
  unknownCommit: 4,
  releasesFile: 5,
  backend: 6,
  releaseNotFound: 7,
} as const;

export interface CliIo {
  /** Standard input and output as streams, for `mcp` (JSON-RPC over them); the entry point passes the process's. */
  streams?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  out(text: string): void;
  err(text: string): void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Home folder for ~/.cfconfig (default: the user's). */
  home?: string;
  /** All of standard input, for `--stdin` (the entry point reads process.stdin). */
  stdin?: () => Promise<string>;
}

export class CliError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function usage(): string {
  return `gitops-releases: where is this commit deployed?

Usage:
  gitops-releases where <commit-ish>... [--stdin] [--repo DIR] [--releases FILE | --backend NAME [--url URL]]
                                        [--product NAME]... [--limit N] [--json]
  gitops-releases notes <release-id> [--repo DIR] [--releases FILE | --backend ...] [--environment ENV] [--json]
  gitops-releases mcp [--repo DIR] [--releases FILE | --backend ...] [--allow-actions]
                    an MCP server on standard input and output: the same questions as tools for a coding agent
                    (where a commit is deployed, compare environments, release notes, releases, commit checks);
                    --allow-actions adds the tool that approves, rejects, promotes, aborts or re-runs, which the
                    client asks the user to confirm.

Data sources:
  --releases FILE   a ReleasesFile JSON ({"version":1,"products":[{product, releases, notes?}]}, the core model
                    in src/core/model.ts), validated; errors name the field path.
  --backend demo    start the built-in demo server seeded from --repo and ask it (Codefresh API contract).
  --backend codefresh  Codefresh GitOps at --url (default: ~/.cfconfig or https://g.codefresh.io), key from
                    CODEFRESH_API_KEY or ~/.cfconfig.
  --backend kargo   Kargo's REST API at --url (default: KARGO_API_ADDRESS or the Kargo CLI's apiAddress), token
                    from KARGO_API_TOKEN or the Kargo CLI's config (~/.config/kargo/config); products are projects.
  --backend github  GitHub Deployments of the --repo checkout's GitHub remote (and each --product owner/name),
                    token from GITHUB_TOKEN or GH_TOKEN, else \`gh auth token\`; --github-url URL for GitHub
                    Enterprise Server (REST at URL/api/v3, GraphQL at URL/api/graphql).
  --backend github-demo  the GitHub backend against the local GitHub test engine seeded from --repo (made-up data).

Several commits (arguments, and one per line of standard input with --stdin) are answered from one load of the
data and the commit graph; with --json the answers are JSON Lines, one object per commit in the order asked, each
with "input" (the commit-ish as given) and either the answer or "error" (a commit that is not here).

Exit codes: 0 ok, 2 usage, 3 not a git repository, 4 unknown or ambiguous commit, 5 unreadable or invalid releases file,
6 backend error, 7 release not found, 1 unexpected error.`;
}

function stderrLogger(io: CliIo, verbose: boolean): Logger {
  return {
    debug: (m) => verbose && io.err(`debug: ${m}`),
    info: (m) => verbose && io.err(`info: ${m}`),
    warn: (m) => io.err(`warning: ${m}`),
    error: (m) => io.err(`error: ${m}`),
  };
}

export interface CliOptions {
  repo?: string;
  releases?: string;
  backend?: string;
  url?: string;
  'github-url'?: string;
  product?: string[];
  limit?: string;
  environment?: string;
  json?: boolean;
  stdin?: boolean;
  verbose?: boolean;
  help?: boolean;
  'allow-actions'?: boolean;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: { values: CliOptions; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        repo: { type: 'string' },
        releases: { type: 'string' },
        backend: { type: 'string' },
        url: { type: 'string' },
        'github-url': { type: 'string' },
        product: { type: 'string', multiple: true },
        limit: { type: 'string' },
        environment: { type: 'string' },
        json: { type: 'boolean' },
        stdin: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        'allow-actions': { type: 'boolean' },
      },
    }) as { values: CliOptions; positionals: string[] };
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n\n${usage()}`);
    return EXIT.usage;
  }
  const { values: opts, positionals } = parsed;
  const [command, arg, ...rest] = positionals;
  if (opts.help || !command) {
    (opts.help ? io.out : io.err)(usage());
    return opts.help ? EXIT.ok : EXIT.usage;
  }
  const bad = (m: string) => {
    io.err(`${m}\n\n${usage()}`);
    return EXIT.usage;
  };
  if (command !== 'where' && command !== 'notes' && command !== 'mcp') return bad(`unknown command "${command}"`);
  if (opts['allow-actions'] && command !== 'mcp') return bad('--allow-actions is for mcp');
  if (command === 'mcp') {
    if (arg) return bad(`unexpected argument "${arg}"`);
    if (opts.stdin || opts.json) return bad('mcp speaks JSON-RPC on standard input and output: no --stdin or --json');
  }
  if (opts.stdin && command !== 'where') return bad('--stdin is for where');
  if (!arg && !opts.stdin && command !== 'mcp') return bad(`${command} needs ${command === 'where' ? 'a commit' : 'a release id'}`);
  if (rest.length && command !== 'where') return bad(`unexpected argument "${rest[0]}"`);
  if (opts.releases && opts.backend) return bad('use either --releases or --backend, not both');
  if (opts.backend && !CLI_BACKENDS.some((b) => b === opts.backend)) return bad(`unknown backend "${opts.backend}" (${CLI_BACKENDS.join(', ')})`);
  if (!opts.releases && !opts.backend) return bad(`say where releases come from: --releases FILE or --backend ${CLI_BACKENDS.join('|')}`);
  const limit = opts.limit === undefined ? 100 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) return bad('--limit must be a positive integer');
  const log = stderrLogger(io, !!opts.verbose);
  try {
    const repoArg = path.resolve(io.cwd ?? process.cwd(), opts.repo ?? '.');
    const repo = await findRepoRoot(repoArg);
    if (!repo) throw new CliError(EXIT.notARepo, `not a git repository: ${repoArg}`);
    // The MCP server (and the SDK with it) is loaded only for `mcp`.
    if (command === 'mcp') return await (await import('./mcp')).serveMcp(opts, repo, io, log, limit);
    let asked = arg === undefined ? [] : [arg, ...rest];
    if (opts.stdin) asked = [...asked, ...(await (io.stdin?.() ?? Promise.resolve(''))).split('\n').map((l) => l.trim()).filter((l) => l.length > 0)];
    if (asked.length === 0) return bad('where needs a commit (none on standard input)');
    // For where, git loads what the refs reach while the releases are read and checked (or fetched).
    const held: { data: readonly ProductReleases[] } = { data: [] };
    const graph = command === 'where' ? new GraphSource(repo, { version: 0, snapshot: () => held.data }, { log }) : undefined;
    graph?.preload();
    const source = await openSource(opts, repo, io, log, limit);
    try {
      if (command === 'notes' || !graph) return await notes(asked[0]!, repo, source, opts, io);
      const withData = { graph, held };
      return asked.length === 1 && !opts.stdin ? await where(asked[0]!, repo, source, withData, opts, io) : await whereMany(asked, repo, source, withData, opts, io);
    } finally {
      await source.close();
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`error: ${e.message}`);
      return e.code;
    }
    if (e instanceof ReleasesFileError) {
      io.err(`error: ${e.message}`);
      return EXIT.releasesFile;
    }
    if (e instanceof Error && e.name === 'BackendError') {
      io.err(`error: backend: ${e.message}`);
      return EXIT.backend;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.internal;
  }
}

type BackendSourceModule = typeof BackendSource;

export const DEMO_NOTICE = 'Demo data: made up from this repository\'s history by the built-in demo backend, not a real deployment.';

export interface Source {
  /** The data is the demo backend's, made up from the repository's history: every answer says so. */
  demo?: boolean;
  /** The backend asked (absent for a releases file): for its name, its actions and its commit checks. */
  backend?: ReleaseBackend;
  /** Forget the data loaded, so the next `data()` asks again (a long-running server). */
  forget(): void;
  data(): Promise<ProductReleases[]>;
  /** The release notes the source knows for one release. */
  notes(releaseId: string): Promise<ReleaseNotes | undefined>;
  /** The backend's pull requests of a product's commits, when the source is a backend that knows pull requests. */
  pullRequestsOf?(productName: string, shas: readonly string[]): Promise<CommitPullRequests>;
  close(): Promise<void>;
  fetchedAt: string;
}

export async function openSource(opts: CliOptions, repo: string, io: CliIo, log: Logger, limit: number): Promise<Source> {
  const fetchedAt = new Date().toISOString();
  if (opts.releases) {
    const file = path.resolve(io.cwd ?? process.cwd(), opts.releases);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new CliError(EXIT.releasesFile, `cannot read releases file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    let parsedFile: ReleasesFile;
    try {
      parsedFile = parseReleasesText(text);
      const hint = async () => ((await isShallowRepository(repo)) ? ` (${repo} is a shallow clone: ${DEEPEN_HINT})` : '');
      parsedFile = await expandAbbreviatedShas(parsedFile, (prefix) => lookupCommitPrefix(repo, prefix), hint);
    } catch (e) {
      if (e instanceof ReleasesFileError) throw new CliError(EXIT.releasesFile, `${file}: ${e.message}`);
      throw e;
    }
    return {
      forget: () => {},
      data: async () => filterProducts(parsedFile.products, opts.product),
      notes: async (id) => parsedFile.products.map((p) => p.notes?.[id]).find((n) => n !== undefined),
      close: async () => {},
      fetchedAt,
    };
  }
  // The backends (HTTP client, GraphQL, the demo server) are a bundle of their own, required only when asked for:
  // the bundler leaves this require to Node (scripts/lib/bundles.mjs marks it external), which finds the sibling file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time require of the sibling bundle is the point
  const { openBackend } = require('./backendSource') as BackendSourceModule;
  const kind = CLI_BACKENDS.find((b) => b === opts.backend) ?? 'codefresh';
  const opened = await openBackend({ kind, url: opts.url, githubUrl: opts['github-url'], products: opts.product }, repo, io.env ?? process.env, io.home, log);
  if (typeof opened === 'string') throw new CliError(EXIT.backend, opened);
  const { backend, close: closeBackend } = opened;
  let cached: ProductReleases[] | undefined;
  const source: Source = {
    demo: isDemoBackend(backend.id),
    backend,
    forget: () => {
      cached = undefined;
    },
    data: async () => {
      if (cached) return cached;
      source.fetchedAt = new Date().toISOString();
      const products = await backend.listProducts();
      const wanted = filterProducts(products.map((p) => ({ product: p, releases: [] })), opts.product).map((p) => p.product);
      const out: ProductReleases[] = [];
      for (const p of wanted) {
        const page = await backend.listReleases(p.name, { limit });
        out.push({ product: p, releases: page.releases });
      }
      cached = out;
      return out;
    },
    notes: async (id) => backend.getReleaseNotes(id),
    ...(backend.pullRequestsOf ? { pullRequestsOf: (product: string, shas: readonly string[]) => backend.pullRequestsOf!(product, shas) } : {}),
    close: async () => {
      await backend.dispose?.();
      await closeBackend?.();
    },
    fetchedAt,
  };
  return source;
}

export function filterProducts(list: ProductReleases[], products: string[] | undefined): ProductReleases[] {
  if (!products?.length) return list;
  const missing = products.filter((n) => !list.some((p) => p.product.name === n));
  if (missing.length) throw new CliError(EXIT.usage, `no such product: ${missing.join(', ')}`);
  return list.filter((p) => products.includes(p.product.name));
}

const DEEPEN_HINT = 'deepen it with `git fetch --deepen=N` (N more commits of history) or fetch all of it with `git fetch --unshallow`';

/** Why a commit-ish names no commit here: ambiguous (with the candidates), out of a shallow clone's reach, or unknown. */
export async function unknownCommitMessage(repo: string, commitish: string): Promise<string> {
  const text = commitish.trim();
  if (/^[0-9a-fA-F]{4,39}$/.test(text)) {
    const found = await lookupCommitPrefix(repo, text);
    if (found.kind === 'ambiguous') {
      const list = found.candidates.map((c) => `  ${c.sha.slice(0, 12)}  ${c.summary}`).join('\n');
      return `commit "${commitish}" is ambiguous in ${repo}: ${found.candidates.length} commits start so, give more digits:\n${list}`;
    }
  }
  const shallow = await isShallowRepository(repo);
  return `unknown commit "${commitish}" in ${repo}${shallow ? `\nhint: this is a shallow clone, so the commit may be older than the history it has; ${DEEPEN_HINT}` : ''}`;
}

/** The graph source of a where command, and the release data it reads once the source has given it. */
interface WhereGraph {
  graph: GraphSource;
  held: { data: readonly ProductReleases[] };
}

async function where(commitish: string, repo: string, source: Source, { graph, held }: WhereGraph, opts: CliOptions, io: CliIo): Promise<number> {
  const sha = await resolveCommitish(repo, commitish);
  if (!sha) throw new CliError(EXIT.unknownCommit, await unknownCommitMessage(repo, commitish));
  held.data = await source.data();
  const answer = await graph.where(sha, source.fetchedAt);
  if (opts.json) {
    if (source.demo) io.err(DEMO_NOTICE);
    io.out(JSON.stringify(source.demo ? { demo: true, ...answer } : answer, null, 2));
    return EXIT.ok;
  }
  const info = await commitInfo(repo, sha);
  const text = renderWhere(answer, info ? `${info.summary} (${info.author}, ${info.date.slice(0, 10)})` : undefined);
  io.out(source.demo ? `${DEMO_NOTICE}\n${text}` : text);
  return EXIT.ok;
}

/**
 * Many commits, one load: the commit-ishes resolved in one git process, the graph loaded once with all of them,
 * then one answer each, in the order asked. A commit that is not here is reported on its own line (or on stderr in
 * text mode) and the others are still answered; the exit code then says an unknown commit was asked.
 */
async function whereMany(asked: readonly string[], repo: string, source: Source, { graph, held }: WhereGraph, opts: CliOptions, io: CliIo): Promise<number> {
  const shas = await resolveCommitishes(repo, asked);
  held.data = await source.data();
  await graph.load(shas.filter((s): s is string => s !== undefined));
  if (opts.json && source.demo) io.err(DEMO_NOTICE);
  const infos = opts.json ? new Map<string, LogCommit>() : await commitSummaries(repo, shas);
  const blocks: string[] = [];
  let unknown = false;
  // JSON Lines are written a batch at a time (one write per some 64 KB rather than one per commit), in order.
  let lines: string[] = [];
  let size = 0;
  const flush = () => {
    if (lines.length) io.out(lines.join('\n'));
    lines = [];
    size = 0;
  };
  const line = (text: string) => {
    lines.push(text);
    size += text.length;
    if (size >= 65_536) flush();
  };
  for (let i = 0; i < asked.length; i++) {
    const input = asked[i]!;
    const sha = shas[i];
    if (!sha) {
      unknown = true;
      const message = await unknownCommitMessage(repo, input);
      if (opts.json) line(JSON.stringify({ input, error: message }));
      else io.err(`error: ${message}`);
      continue;
    }
    const answer = graph.whereNow(sha, source.fetchedAt)!;
    if (opts.json) line(JSON.stringify(source.demo ? { input, demo: true, ...answer } : { input, ...answer }));
    else {
      const c = infos.get(sha);
      blocks.push(renderWhere(answer, c ? `${c.subject} (${c.author}, ${utcDay(c.date)})` : undefined));
    }
  }
  flush();
  if (!opts.json && blocks.length) io.out(source.demo ? `${DEMO_NOTICE}\n${blocks.join('\n\n')}` : blocks.join('\n\n'));
  return unknown ? EXIT.unknownCommit : EXIT.ok;
}

/** The UTC calendar day of an ISO date, as the one-commit answer prints it. */
function utcDay(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : '';
}

/** Subject, author and date of many commits from one `git log --no-walk`. */
async function commitSummaries(repo: string, shas: readonly (string | undefined)[]): Promise<Map<string, LogCommit>> {
  const wanted = [...new Set(shas.filter((s): s is string => s !== undefined))];
  const out = new Map<string, LogCommit>();
  for (let i = 0; i < wanted.length; i += 2000) {
    const listed = await readLog(repo, ['--no-walk=unsorted', ...wanted.slice(i, i + 2000)]).catch(() => undefined);
    for (const c of listed?.commits ?? []) out.set(c.sha, c);
  }
  return out;
}

async function notes(releaseId: string, repo: string, source: Source, opts: CliOptions, io: CliIo): Promise<number> {
  const data = await source.data();
  const holder = data.find((p) => p.releases.some((r) => r.id === releaseId));
  const release = holder?.releases.find((r) => r.id === releaseId);
  if (!holder || !release) throw new CliError(EXIT.releaseNotFound, `release "${releaseId}" not found`);
  const previous = findPreviousRelease(holder.releases, release, opts.environment);
  // The backend's own notes are a bonus: when it cannot give them, the notes from local Git still answer.
  const backendNotes = await source.notes(releaseId).catch((e: unknown) => {
    if (!isBackendError(e)) throw e;
    io.err(`warning: the backend's release notes could not be loaded (${e.message}); showing the notes from local Git only`);
    return undefined;
  });
  const productName = holder.product.name;
  const pullRequestsOf = source.pullRequestsOf ? (shas: readonly string[]) => source.pullRequestsOf!(productName, shas) : undefined;
  const result = await assembleReleaseNotes({ release, backendNotes, previous, repoRoot: repo, pullRequestsOf });
  if (opts.json) {
    if (source.demo) io.err(DEMO_NOTICE);
    io.out(JSON.stringify(source.demo ? { demo: true, ...result } : result, null, 2));
    return EXIT.ok;
  }
  const text = renderNotes(result, release.version, previous?.id);
  io.out(source.demo ? `${DEMO_NOTICE}\n${text}` : text);
  return EXIT.ok;
}

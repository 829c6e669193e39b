// The agent tools' host on the command line (the MCP server): the CLI's own source of releases (a releases file or a
// backend), the same commit graph and resolver as `where`, and the same release notes and comparison as the other
// commands. Long-running, so the release data is asked again once it is older than a few seconds.

import { backendInfo } from '../backends/registry';
import type { Logger } from '../core/log';
import type { ProductReleases } from '../core/model';
import { BlameCache } from '../git/blame';
import { commitInfo, resolveCommitish } from '../git/sha';
import type { FoundCommit, ToolHost } from '../present/agentTools';
import { compareEnvironments } from '../resolve/compare';
import { GraphSource } from '../resolve/graphSource';
import { assembleReleaseNotes, findPreviousRelease } from '../resolve/notes';
import { isBackendError } from '../backends/types';
import { unknownCommitMessage, type Source } from './run';

/** Release data older than this is asked again before a tool answers. */
const DATA_MAX_AGE_MS = 15_000;

export interface CliToolHostOptions {
  /** Offer the backend's actions (`--allow-actions`); without it the host takes none. */
  allowActions: boolean;
  log: Logger;
  /** Milliseconds since the epoch (tests). */
  now?: () => number;
}

export function cliToolHost(repo: string, source: Source, options: CliToolHostOptions): ToolHost {
  const now = options.now ?? Date.now;
  let data: ProductReleases[] = [];
  let version = 0;
  let loadedAt: number | undefined;
  const graph = new GraphSource(repo, { get version() { return version; }, snapshot: () => data }, { log: options.log });
  const blame = new BlameCache(options.log);

  const products = async (): Promise<ProductReleases[]> => {
    if (loadedAt === undefined || now() - loadedAt > DATA_MAX_AGE_MS) {
      source.forget();
      data = await source.data();
      loadedAt = now();
      version++;
      // New releases may name commits the graph has not loaded yet (nothing to do before its first load).
      if (graph.graph) await graph.update();
    }
    return data;
  };

  const backend = source.backend;
  const actions = options.allowActions ? (backend?.capabilities.actions ?? []) : [];
  const act = backend?.act?.bind(backend);
  const commitChecks = backend?.commitChecks?.bind(backend);

  return {
    demo: source.demo === true,
    backendTitle: backend ? (backendInfo(backend.id)?.title ?? backend.id) : 'a releases file',
    actions,
    async commit(ref): Promise<FoundCommit | string> {
      let sha: string | undefined;
      if (ref.kind === 'line') {
        const line = await blame.blameLine(repo, ref.path, ref.line - 1).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
        if (typeof line === 'string') return `Cannot read line ${ref.line} of ${ref.path}: ${line}`;
        if (line.kind === 'uncommitted') return `Line ${ref.line} of ${ref.path} is not committed yet, so it is deployed nowhere.`;
        sha = line.sha;
      } else {
        sha = await resolveCommitish(repo, ref.text);
        if (!sha) return `${(await unknownCommitMessage(repo, ref.text)).replace(/^./, (c) => c.toUpperCase())}.`;
      }
      const info = await commitInfo(repo, sha).catch(() => undefined);
      return { sha, summary: info?.summary, author: info?.author, date: info?.date };
    },
    async where(sha) {
      await products();
      await graph.load([sha]);
      if (!graph.graph?.has(sha)) await graph.update([sha]);
      return graph.whereNow(sha, source.fetchedAt)!;
    },
    products,
    async notes(releaseId, environment) {
      const all = await products();
      const holder = all.find((p) => p.releases.some((r) => r.id === releaseId));
      const release = holder?.releases.find((r) => r.id === releaseId);
      if (!holder || !release) return undefined;
      const previous = findPreviousRelease(holder.releases, release, environment);
      // The backend's own notes are a bonus: the notes from local Git still answer without them.
      const backendNotes = await source.notes(releaseId).catch((e: unknown) => {
        if (!isBackendError(e)) throw e;
        options.log.warn(`the backend's release notes could not be loaded (${e.message}); answering with the notes from local Git only`);
        return undefined;
      });
      const productName = holder.product.name;
      const pullRequestsOf = source.pullRequestsOf ? (shas: readonly string[]) => source.pullRequestsOf!(productName, shas) : undefined;
      const notes = await assembleReleaseNotes({ release, backendNotes, previous, repoRoot: repo, pullRequestsOf });
      return { notes, version: release.version, previousId: previous?.id };
    },
    async compare(product, from, to) {
      const holder = (await products()).find((p) => p.product.name === product);
      if (!holder) throw new Error(`No product "${product}" is known.`);
      return compareEnvironments({ repoRoot: repo, product, releases: holder.releases, from, to, pageSize: 100 });
    },
    ...(commitChecks ? { checks: (product: string, sha: string) => commitChecks(product, sha) } : {}),
    async release(releaseId) {
      return (await products()).flatMap((p) => p.releases).find((r) => r.id === releaseId);
    },
    ...(act && options.allowActions
      ? {
          act: async (request: Parameters<NonNullable<ToolHost['act']>>[0]) => {
            const result = await act(request);
            loadedAt = undefined; // the action changed the releases: the next answer asks again
            return result;
          },
        }
      : {}),
  };
}

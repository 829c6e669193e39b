// Run in a separate, clean Node process by the benchmark: load the commit graph once and report time and memory.
// `node loadChild.cjs DIR [--rev-list]`: --rev-list leaves git's commit-graph file unread.
import { CommitGraph } from '../src/git/graph';

async function main(): Promise<void> {
  const dir = process.argv[2]!;
  const useCommitGraphFile = !process.argv.includes('--rev-list');
  global.gc?.();
  const before = process.memoryUsage();
  const t0 = process.hrtime.bigint();
  const g = await CommitGraph.load(dir, { useCommitGraphFile });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  global.gc?.();
  const after = process.memoryUsage();
  process.stdout.write(
    JSON.stringify({
      ms,
      commits: g.size,
      fromFile: g.loadPath?.fromFile ?? 0,
      rss: after.rss,
      rssBefore: before.rss,
      // Peak resident set of the process (kilobytes from the OS), what a user sees the load cost at its worst.
      maxRss: process.resourceUsage().maxRSS * 1024,
      heapDelta: after.heapUsed - before.heapUsed,
      graphBytes: g.byteSize,
    }),
  );
}
void main();

// Run in a separate, clean Node process by the benchmark: load the commit graph once and report time and memory.
import { CommitGraph } from '../src/git/graph';

async function main(): Promise<void> {
  const dir = process.argv[2]!;
  global.gc?.();
  const before = process.memoryUsage();
  const t0 = process.hrtime.bigint();
  const g = await CommitGraph.load(dir);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  global.gc?.();
  const after = process.memoryUsage();
  process.stdout.write(
    JSON.stringify({ ms, commits: g.size, rss: after.rss, rssBefore: before.rss, heapDelta: after.heapUsed - before.heapUsed, graphBytes: g.byteSize }),
  );
}
void main();

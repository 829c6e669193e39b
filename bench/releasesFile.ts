// Writes the benchmark's generated repository and a releases file with N releases (default 20,000) into a folder,
// for timing the CLI by hand:
//   npx tsx bench/releasesFile.ts /tmp/cli-bench 20000
//   node dist/cli.js where HEAD~5 --repo /tmp/cli-bench/repo --releases /tmp/cli-bench/releases.json
import fs from 'node:fs';
import path from 'node:path';
import type { ReleasesFile } from '../src/core/model';
import { generateReleases, generateRepo } from './generate';

const dir = process.argv[2];
const count = Number(process.argv[3] ?? 20_000);
if (!dir || !Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: tsx bench/releasesFile.ts DIR [RELEASES]\n');
  process.exit(2);
}
fs.mkdirSync(dir, { recursive: true });
const repo = generateRepo(path.join(dir, 'repo'), 20_000);
const file: ReleasesFile = { version: 1, products: generateReleases(repo, count) };
fs.writeFileSync(path.join(dir, 'releases.json'), JSON.stringify(file));
process.stdout.write(`${repo.shas.length} commits in ${path.join(dir, 'repo')}, ${count} releases in ${path.join(dir, 'releases.json')}\n`);

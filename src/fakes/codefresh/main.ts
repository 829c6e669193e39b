// Standalone demo server:
//   npm run demo:server -- --repo <path> [--port N] [--host H] [--legacy] [--without f,g] [--faults a,b] [--releases N]
//                          [--stage-ms N]
// Prints its URL and key, logs requests with --verbose, and stops cleanly on Ctrl-C / SIGTERM.

import { parseArgs } from 'node:util';
import type { Logger } from '../../core/log';
import { DEMO_FAULTS } from './faults';
import { GUESSED_ROOT_FIELDS, type GuessedRootField, parseWithout } from './schema';
import { DEMO_API_KEY, GRAPHQL_PATH, startDemoServer } from './server';

const USAGE = `usage: npm run demo:server -- --repo <path> [--port N] [--host H] [--legacy] [--without f,g] [--faults a,b]
                              [--releases N] [--stage-ms N] [--key K] [--verbose]
without: root fields to leave out of the schema, any of ${GUESSED_ROOT_FIELDS.join(', ')}
faults: ${DEMO_FAULTS.join(', ')} (each as name, name=param, name@count)`;

function intOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
  return Number(v);
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        repo: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        key: { type: 'string' },
        legacy: { type: 'boolean', default: false },
        without: { type: 'string' },
        faults: { type: 'string' },
        releases: { type: 'string' },
        'stage-ms': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let without: GuessedRootField[];
  try {
    without = parseWithout(values.without);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const repo = values.repo ?? process.cwd();
  const log: Logger = {
    debug: (m) => (values.verbose ? process.stderr.write(`[debug] ${m}\n`) : undefined),
    info: (m) => process.stderr.write(`[info] ${m}\n`),
    warn: (m) => process.stderr.write(`[warn] ${m}\n`),
    error: (m) => process.stderr.write(`[error] ${m}\n`),
  };
  const server = await startDemoServer({
    repoPath: repo,
    port: intOption('port', values.port) ?? 0,
    host: values.host,
    apiKey: values.key ?? DEMO_API_KEY,
    legacy: values.legacy,
    without,
    faults: values.faults ? values.faults.split(',') : [],
    releasesPerProduct: intOption('releases', values.releases),
    stageMs: intOption('stage-ms', values['stage-ms']),
    log,
  });
  process.stdout.write(`Demo server listening at ${server.url}\n`);
  process.stdout.write(`GraphQL endpoint: ${server.url}${GRAPHQL_PATH}\n`);
  process.stdout.write(`API key: ${server.apiKey}\n`);
  process.stdout.write('Press Ctrl-C to stop.\n');

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`[info] ${signal}: stopping the demo server\n`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await server.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`demo server: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);

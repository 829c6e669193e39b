// The command line of `npm run demo`, read in one place so a test can hold it to what the README and the script's
// own header promise.
import { parseArgs } from 'node:util';

/** The APIs the demo can speak: Codefresh's (the demo server), Kargo's, or GitHub's (the GitHub test engine). */
export const DEMO_APIS = ['codefresh', 'kargo', 'github'];

export class DemoUsageError extends Error {}

/** Reads `npm run demo` arguments; throws DemoUsageError with a sentence for the user on a bad one. */
export function parseDemoArgs(argv, defaultRepo) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        repo: { type: 'string', default: defaultRepo },
        screenshots: { type: 'string' },
        browser: { type: 'boolean', default: false },
        backend: { type: 'string', default: 'codefresh' },
      },
    }));
  } catch (e) {
    throw new DemoUsageError(e instanceof Error ? e.message : String(e));
  }
  if (!DEMO_APIS.includes(values.backend)) throw new DemoUsageError(`--backend is ${DEMO_APIS.slice(0, -1).join(', ')} or ${DEMO_APIS.at(-1)}, not ${values.backend}`);
  return values;
}

#!/usr/bin/env node
// CLI over scripts/lib/system.mjs for .ci/run (it runs before `npm ci`, so it uses Node built-ins only):
//   node scripts/system-packages.mjs            report; exit 1 with the one command to run when some are missing
//   node scripts/system-packages.mjs --install  install the missing ones with apt-get when running as root
import { ALL_PACKAGES, ensureSystemPackages, missingPackages } from './lib/system.mjs';

const missing = missingPackages(ALL_PACKAGES);
if (missing.length === 0) {
  console.log(`system packages: all present (${ALL_PACKAGES.join(' ')})`);
} else if (!process.argv.includes('--install')) {
  console.error(`missing system packages: ${missing.join(' ')}\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
} else {
  try {
    ensureSystemPackages(ALL_PACKAGES, (m) => console.log(m));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}

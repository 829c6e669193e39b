#!/usr/bin/env node
// Checks the Debian packages the browser and VS Code tests need (no npm dependencies: it runs before `npm ci`).
//   node scripts/system-packages.mjs            report; exit 1 with the one command to run when some are missing
//   node scripts/system-packages.mjs --install  install the missing ones with apt-get when running as root
// Without dpkg/apt (not Debian/Ubuntu) it says what to install and exits 1 only if chromium cannot be found.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

// chromium: webview tests and the workbench; build-essential, python3, pkg-config and the -dev headers: the native
// modules code-server builds on install; git: the fixture repositories; fonts-liberation: readable screenshots.
export const PACKAGES = [
  'build-essential', 'python3', 'pkg-config', 'git', 'libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev',
  'chromium', 'fonts-liberation',
];

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const installed = (pkg) => {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('install ok installed');
  } catch {
    return false;
  }
};

function main() {
  const install = process.argv.includes('--install');
  if (!has('dpkg-query') || !has('apt-get')) {
    const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].some((p) => fs.existsSync(p)) || process.env.CHROMIUM_PATH;
    console.log(`No apt here. Install the equivalents of: ${PACKAGES.join(' ')} (a C/C++ toolchain, Python 3, pkg-config, git, the Kerberos, libsecret, X11 and xkbfile development headers, Chromium). Set CHROMIUM_PATH if Chromium is elsewhere.`);
    process.exit(chromium ? 0 : 1);
  }
  const missing = PACKAGES.filter((p) => !installed(p));
  if (missing.length === 0) {
    console.log('system packages: all present');
    return;
  }
  const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!install || !root) {
    console.error(`Missing Debian packages: ${missing.join(' ')}\nRun:\n  sudo sh -c '${cmd}'`);
    process.exit(1);
  }
  console.log(`installing: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args[0]} failed (exit ${r.status})`);
      process.exit(1);
    }
  }
}

main();

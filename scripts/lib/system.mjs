// System packages the harness needs, checked before anything slow happens. On Debian/Ubuntu: installed with
// apt-get when we are root (CI, containers); otherwise we stop and print the one exact command to run.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { HarnessError, which, runInherit } from './util.mjs';

/** Debian packages for code-server's native modules (kerberos, keytar, native-keymap, node-pty, argon2). */
export const BUILD_PACKAGES = ['build-essential', 'python3', 'pkg-config', 'libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev'];
/** Debian packages for the headless browser that shows the workbench. */
export const BROWSER_PACKAGES = ['chromium', 'fonts-liberation'];
/** Everything, in the order the README / .ci/run should list it. */
export const ALL_PACKAGES = [...BUILD_PACKAGES, ...BROWSER_PACKAGES, 'git'];

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium executable to drive (env CHROMIUM_PATH wins), or undefined. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
}

// Fallback probes for machines without dpkg: one per package, true when it looks present.
const probes = {
  'build-essential': () => Boolean(which('make') && (which('g++') || which('c++'))),
  python3: () => Boolean(which('python3')),
  'pkg-config': () => Boolean(which('pkg-config')),
  'libkrb5-dev': () => fs.existsSync('/usr/include/krb5.h') || fs.existsSync('/usr/include/krb5/krb5.h'),
  'libsecret-1-dev': () => fs.existsSync('/usr/include/libsecret-1/libsecret/secret.h'),
  'libx11-dev': () => fs.existsSync('/usr/include/X11/Xlib.h'),
  'libxkbfile-dev': () => fs.existsSync('/usr/include/X11/extensions/XKBfile.h'),
  chromium: () => Boolean(findChromium()),
  'fonts-liberation': () => true, // cosmetic (screenshot fonts); cannot be probed portably
  git: () => Boolean(which('git')),
};

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** The subset of `packages` that is missing on this machine. */
export function missingPackages(packages) {
  const hasDpkg = Boolean(which('dpkg-query'));
  return packages.filter((pkg) => {
    if (pkg === 'chromium' && findChromium()) return false; // any Chromium/Chrome will do
    if (hasDpkg) return !dpkgInstalled(pkg);
    return !(probes[pkg]?.() ?? true);
  });
}

/**
 * Makes sure the given Debian packages are present. Root + apt-get: installs them. Not root: throws a
 * HarnessError whose message is the one command to run. No apt-get: throws with what to install.
 */
export function ensureSystemPackages(packages, log) {
  const missing = missingPackages(packages);
  if (missing.length === 0) return;
  const list = missing.join(' ');
  if (!which('apt-get')) {
    throw new HarnessError(
      `missing system packages (Debian names): ${list}.\n` +
        'This machine has no apt-get: install the equivalents with your package manager (a C/C++ toolchain with make, ' +
        'python3, pkg-config, the Kerberos, libsecret, X11 and xkbfile development headers, Chromium, git), ' +
        'or set CHROMIUM_PATH to a Chromium/Chrome executable.',
    );
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new HarnessError(
      `missing system packages: ${list}. Run this once, then try again:\n\n` +
        `  sudo apt-get update && sudo apt-get install -y ${list}\n`,
    );
  }
  log(`installing system packages with apt-get: ${list}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  runInherit('apt-get', ['update'], { env });
  runInherit('apt-get', ['install', '-y', ...missing], { env });
  const still = missingPackages(missing);
  if (still.length) throw new HarnessError(`apt-get finished but these are still missing: ${still.join(' ')}`);
}

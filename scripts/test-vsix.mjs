#!/usr/bin/env node
// node scripts/test-vsix.mjs [--vsix FILE] [--suites NAME.test,...]   (npm run test:vsix)
// Tests the package users install: `code-server --install-extension dist/gitops-releases.vsix` into a fresh
// extensions folder (code-server from the harness toolchain), then the activation suite in a real VS Code against
// that installed copy (HARNESS_EXTENSION_PATH), which checks that the extension really runs from there.
// Without --vsix it packages first (`npm run package`) when dist/gitops-releases.vsix is missing or older than the
// sources it is built from.
// Artifacts: .artifacts/vsix/ (results.json as test-vscode writes it, install.log). Exit codes as test-vscode's.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, HarnessError, makeLog, runInherit } from './lib/util.mjs';
import { ensureToolchain } from './lib/cache.mjs';

const log = makeLog('test:vsix');
const { values: args } = parseArgs({
  options: {
    vsix: { type: 'string' },
    suites: { type: 'string', default: 'activation.test' },
  },
});
const VSIX = args.vsix ? path.resolve(args.vsix) : path.join(ROOT, 'dist', 'gitops-releases.vsix');
const OUT = path.join(ROOT, '.artifacts', 'vsix');
// What `npm run package` reads: a VSIX older than any of these does not hold the current code.
const PACKAGE_INPUTS = ['package.json', '.vscodeignore', 'README.md', 'LICENSE', 'src', 'webview', 'media', 'scripts/build.mjs', 'scripts/lib/bundles.mjs'];

function newestMtime(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

function ensureVsix() {
  const vsixTime = fs.statSync(VSIX, { throwIfNoEntry: false })?.mtimeMs;
  if (args.vsix) {
    // A VSIX named on the command line is tested as it is.
    if (vsixTime === undefined) throw new HarnessError(`${VSIX} does not exist`);
    return;
  }
  const stale = vsixTime === undefined ? 'missing' : PACKAGE_INPUTS.find((p) => newestMtime(path.join(ROOT, p)) > vsixTime);
  if (!stale) return;
  log(vsixTime === undefined ? `${path.relative(ROOT, VSIX)} is missing: npm run package` : `${path.relative(ROOT, VSIX)} is older than ${stale}: npm run package`);
  runInherit('npm', ['run', '--silent', 'package'], { cwd: ROOT });
  if (!fs.existsSync(VSIX)) throw new HarnessError(`npm run package did not write ${VSIX}`);
}

/** code-server's own environment: nothing that would attach it to another VS Code or code-server. */
function serverEnv() {
  const env = { ...process.env, EXTENSIONS_GALLERY: '{}' };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k.startsWith('CODE_SERVER_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return env;
}

/** Installs the VSIX with code-server's CLI into a fresh extensions folder; returns the installed extension's folder. */
function installVsix(toolchain, workDir) {
  const extensionsDir = path.join(workDir, 'extensions');
  const userDataDir = path.join(workDir, 'data');
  const configFile = path.join(workDir, 'code-server.yaml');
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n'); // never read ~/.config/code-server
  const cmd = [toolchain.codeServerEntry, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', VSIX];
  log(`code-server --install-extension ${path.relative(ROOT, VSIX)} --extensions-dir ${extensionsDir}`);
  const r = spawnSync(toolchain.nodeBin, cmd, { env: serverEnv(), encoding: 'utf8', timeout: 180_000 });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  fs.writeFileSync(path.join(OUT, 'install.log'), text);
  process.stdout.write(text.replace(/^/gm, '  | '));
  if (r.error) throw new HarnessError(`code-server --install-extension could not run: ${r.error.message}`);
  if (r.status !== 0) throw new HarnessError(`code-server --install-extension failed (exit ${r.status ?? r.signal}); see .artifacts/vsix/install.log`);

  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
  // VS Code records what it installed in extensions.json; the folder is its `location`.
  const registry = JSON.parse(fs.readFileSync(path.join(extensionsDir, 'extensions.json'), 'utf8'));
  const entry = registry.find((e) => e.identifier?.id?.toLowerCase() === id);
  if (!entry) throw new HarnessError(`code-server reported success but ${id} is not in ${extensionsDir}/extensions.json`);
  const folder = entry.location?.path ?? path.join(extensionsDir, entry.relativeLocation);
  const installed = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
  if (installed.version !== entry.version) throw new HarnessError(`${folder} holds version ${installed.version}, extensions.json says ${entry.version}`);
  if (fs.existsSync(path.join(folder, 'src'))) throw new HarnessError(`${folder} holds src/: that is not the packaged extension`);
  log(`installed ${id} ${entry.version} in ${folder}`);
  return folder;
}

function writeFailure(message, exitCode) {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'results.json'), `${JSON.stringify({ passed: 0, failed: 1, pending: 0, total: 1, exitCode, verdict: message }, null, 2)}\n`);
}

let exitCode = 3;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-vsix-'));
try {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  ensureVsix();
  log(`VSIX ${VSIX} (${(fs.statSync(VSIX).size / 1024).toFixed(0)} KiB, ${fs.statSync(VSIX).mtime.toISOString()})`);
  const toolchain = await ensureToolchain(log);
  const folder = installVsix(toolchain, workDir);
  // The suites write results.json into --artifacts; test-vscode's own exit code is ours.
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'test-vscode.mjs'), '--suites', args.suites, '--artifacts', path.join(OUT, 'vscode')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, HARNESS_EXTENSION_PATH: folder },
  });
  exitCode = r.status ?? 3;
  const results = path.join(OUT, 'vscode', 'results.json');
  if (fs.existsSync(results)) fs.copyFileSync(results, path.join(OUT, 'results.json'));
  else writeFailure('test-vscode wrote no results.json', exitCode || 3);
} catch (e) {
  console.error(`\n[test:vsix] ${e instanceof HarnessError ? e.message : (e?.stack ?? e)}`);
  exitCode = e instanceof HarnessError ? e.exitCode : 3;
  writeFailure(e?.message ?? String(e), exitCode);
} finally {
  fs.rmSync(workDir, { recursive: true, force: true });
}
process.exit(exitCode);

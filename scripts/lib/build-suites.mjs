// Builds the integration suites: every test/integration/suite/*.ts becomes a CommonJS bundle in
// out/test/integration/suite/ (options in ./bundles.mjs).
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { integrationSuitesBuild } from './bundles.mjs';
import { ROOT, HarnessError } from './util.mjs';

export const SUITE_SRC = path.join(ROOT, 'test', 'integration', 'suite');
export const SUITE_OUT = path.join(ROOT, 'out', 'test', 'integration', 'suite');

/** Builds the suites and returns the output folder (the extensionTestsPath; index.js is the entry point). */
export async function buildSuites(log) {
  const entries = fs.readdirSync(SUITE_SRC).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  if (!entries.includes('index.ts')) throw new HarnessError(`${SUITE_SRC}/index.ts is missing`);
  fs.mkdirSync(SUITE_OUT, { recursive: true });
  try {
    await esbuild.build(integrationSuitesBuild(entries.map((f) => path.join(SUITE_SRC, f)), SUITE_OUT));
  } catch (e) {
    const errors = (e.errors ?? []).map((m) => `${m.location?.file ?? ''}:${m.location?.line ?? ''} ${m.text}`).join('\n');
    throw new HarnessError(`building the integration suites failed:\n${errors || e.message}`);
  }
  // Drop bundles whose source is gone, so a deleted suite does not keep running.
  const wanted = new Set(entries.map((f) => f.replace(/\.ts$/, '.js')));
  for (const f of fs.readdirSync(SUITE_OUT)) if (f.endsWith('.js') && !wanted.has(f)) fs.rmSync(path.join(SUITE_OUT, f));
  log?.(`built ${entries.length} integration file(s) into ${path.relative(ROOT, SUITE_OUT)}`);
  return SUITE_OUT;
}

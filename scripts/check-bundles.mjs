// @ts-check
// What ships carries no test-only package: the GitHub test engine's contract checkers (ajv, GitHub's REST
// description and GraphQL schema) are devDependencies read from node_modules at run time, never bundled by our code
// (a dependency that needs one of them itself, as the MCP SDK needs ajv, brings its own). Each shipped
// bundle is built in memory, as scripts/build.mjs builds it, and its esbuild metafile says what went in and what it
// requires. Run by `npm run lint` (exits 1 naming the bundle and package) and by test/unit/bundles.test.ts.
import * as esbuild from 'esbuild';
import { pathToFileURL } from 'node:url';
import { distBuilds } from './lib/bundles.mjs';

/** Packages only the fakes' contract checks use. */
export const TEST_ONLY = ['ajv', 'ajv-formats', '@octokit/openapi', '@octokit/graphql-schema'];

/**
 * The package a bundled file belongs to (`node_modules/@scope/name/…` → `@scope/name`); undefined for the
 * repository's own files.
 * @param {string} file
 */
export function packageOf(file) {
  return /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
}

/**
 * The package a bundle leaves to Node to require (`@scope/name/x` → `@scope/name`); undefined for a relative path
 * or a Node built-in.
 * @param {string} spec
 */
export function requiredPackage(spec) {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return undefined;
  return /^((?:@[^/]+\/)?[^/]+)/.exec(spec)?.[1];
}

/**
 * Every shipped bundle's test-only packages, bundled or required: `[bundle entries, package]` pairs (empty when clean).
 * @returns {Promise<[string, string][]>}
 */
export async function testOnlyPackagesInBundles() {
  /** @type {[string, string][]} */
  const found = [];
  for (const build of distBuilds(false)) {
    const { metafile } = await esbuild.build({ ...build, write: false, logLevel: 'silent', metafile: true });
    // Bundled by our own code. A package another dependency needs at run time (the MCP SDK validates tool inputs
    // with ajv) is that dependency's, not a test-only one: only what the repository's files import counts.
    const bundled = Object.entries(metafile.inputs)
      .filter(([file]) => packageOf(file) === undefined)
      .flatMap(([, input]) => input.imports.map((i) => packageOf(i.path)));
    const required = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => requiredPackage(i.path)));
    const name = Object.keys(build.entryPoints ?? {}).join(', ');
    for (const p of new Set([...bundled, ...required])) if (p && TEST_ONLY.includes(p)) found.push([name, p]);
  }
  return found;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // No top-level await: the unit test requires this file through tsx's CommonJS loader.
  void testOnlyPackagesInBundles().then((found) => {
    for (const [bundle, p] of found) console.error(`the shipped bundle ${bundle} holds the test-only package ${p}`);
    process.exitCode = found.length ? 1 : 0;
  });
}

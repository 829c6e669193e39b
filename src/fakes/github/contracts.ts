// GitHub's published contracts, executed: the GraphQL schema from @octokit/graphql-schema (built with graphql-js, so
// every query the client sends is parsed, validated and executed against it) and the REST description from
// @octokit/openapi (api.github.com), against which ajv checks every answer the test engine sends.
// https://github.com/octokit/graphql-schema, https://github.com/octokit/openapi
// All three are devDependencies, found in node_modules when the test engine first checks an answer, never bundled:
// the shipped CLI can offer the test engine without carrying them (test/unit/bundles.test.ts checks).

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type AjvClass from 'ajv';
import type { ValidateFunction } from 'ajv';
import type addFormatsFn from 'ajv-formats';
import { buildSchema, type GraphQLSchema } from 'graphql';

/** The installed package folder, found from this file or the working directory upwards. */
function packageDir(name: string): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`The test engine needs the package ${name} (npm install).`);
}

let schema: GraphQLSchema | undefined;
/** GitHub's GraphQL schema, built once. */
export function githubGraphqlSchema(): GraphQLSchema {
  schema ??= buildSchema(readFileSync(path.join(packageDir('@octokit/graphql-schema'), 'schema.graphql'), 'utf8'), { assumeValidSDL: true });
  return schema;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, unknown> }> }>>;
  components: { responses: Record<string, { content?: Record<string, unknown> }> };
}

/**
 * OpenAPI 3.0's `nullable: true` allows null even beside an `enum` that does not list it (a waiting job's
 * `conclusion`); JSON Schema's `enum` would reject it, so null joins those enums.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) allowNullInNullableEnums(n);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as { nullable?: unknown; enum?: unknown[] };
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum.push(null);
  for (const v of Object.values(node)) allowNullInNullableEnums(v);
}

let doc: OpenApiDoc | undefined;
let ajv: AjvClass | undefined;

/** A package of the checkout's node_modules, loaded at run time (a path esbuild leaves to Node). */
function loadPackage<T>(name: string): T {
  // A run-time require of a folder is the point here: it keeps the package out of every bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require(packageDir(name)) as T | { default: T };
  return m !== null && typeof m === 'object' && 'default' in m ? m.default : (m as T);
}
const validators = new Map<string, ValidateFunction | null>();

function pointer(parts: string[]): string {
  return `#/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/**
 * Check one answer against the REST description: the operation (`GET /repos/{owner}/{repo}`), its status and body.
 * Returns the problems (empty when the real API could send it). A status the description does not list is one.
 */
export function checkRestResponse(route: string, status: number, body: unknown): string[] {
  if (!doc || !ajv) {
    doc = JSON.parse(readFileSync(path.join(packageDir('@octokit/openapi'), 'generated', 'api.github.com.json'), 'utf8')) as OpenApiDoc;
    const Ajv = loadPackage<typeof AjvClass>('ajv');
    const addFormats = loadPackage<typeof addFormatsFn>('ajv-formats');
    ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
    addFormats(ajv);
    allowNullInNullableEnums(doc);
    ajv.addSchema(doc as object, 'gh');
  }
  const [method = '', url = ''] = route.split(' ');
  const key = `${route} ${status}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    const op = doc.paths[url]?.[method.toLowerCase()];
    if (!op) return [`${route} is not an operation of api.github.com`];
    const response = op.responses[String(status)];
    if (!response) return [`${route} never answers HTTP ${status}`];
    let parts: string[];
    let content = response.content;
    if (response.$ref) {
      const name = response.$ref.split('/').pop()!;
      content = doc.components.responses[name]?.content;
      parts = ['components', 'responses', name, 'content', 'application/json', 'schema'];
    } else parts = ['paths', url, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema'];
    validate = content && 'application/json' in content ? ajv.compile({ $ref: `gh${pointer(parts)}` }) : null;
    validators.set(key, validate);
  }
  if (validate === null) return body === undefined || body === '' ? [] : [`${route} answers HTTP ${status} without a body`];
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 3).map((e) => `${route} ${status}: ${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`);
}

// The contract the fake Kargo server is held to: Kargo v1.11.2's published swagger.json. Every answer the fake
// sends is validated against the response schema of its operation (JSON schema of the document's definitions,
// with ajv), every status must be one the operation documents, and every query parameter must be one it names.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { ContractCheck, FakeOperation } from '../../../../src/fakes/kargo/server';

// ajv-formats is CommonJS with a default export; under tsx it arrives wrapped once more.
const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ?? addFormatsImport) as typeof addFormatsImport;

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { schema?: unknown }>;
}

export const SWAGGER_FILE = path.join(__dirname, '..', '..', '..', 'fixtures', 'kargo', 'swagger-v1.11.2.json');
export const swagger = JSON.parse(fs.readFileSync(SWAGGER_FILE, 'utf8')) as {
  basePath: string;
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, unknown>;
};

/** operationId → method, path and operation. */
export const operations = new Map<string, { method: string; path: string; op: Operation }>();
for (const [p, methods] of Object.entries(swagger.paths))
  for (const [m, op] of Object.entries(methods)) if (typeof op === 'object' && op && 'operationId' in op) operations.set(op.operationId, { method: m.toUpperCase(), path: p, op });

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
ajv.addSchema({ definitions: swagger.definitions }, 'kargo');
const compiled = new Map<string, ValidateFunction>();

function validator(schema: unknown): ValidateFunction {
  // Response schemas use `#/definitions/X`: point them into the added document.
  const text = JSON.stringify(schema).replace(/"#\/definitions\//g, '"kargo#/definitions/');
  let v = compiled.get(text);
  if (!v) {
    v = ajv.compile(JSON.parse(text) as object);
    compiled.set(text, v);
  }
  return v;
}

function describe(v: ValidateFunction): string {
  return (v.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`).join('; ');
}

/** Throws when the body is not what the operation documents for that status. */
export const checkResponse: ContractCheck = (operationId, status, body) => {
  if (operationId.startsWith('WatchEvent:')) {
    const v = validator({ $ref: `#/definitions/${operationId.slice('WatchEvent:'.length)}` });
    if (!v(body)) throw new Error(`watch event object: ${describe(v)}`);
    return;
  }
  const entry = operations.get(operationId);
  if (!entry) throw new Error(`${operationId} is not an operation of the API`);
  const response = entry.op.responses[String(status)];
  if (!response) throw new Error(`${operationId} documents no HTTP ${status} (only ${Object.keys(entry.op.responses).join(', ')})`);
  if (response.schema === undefined) {
    if (body !== undefined && !(typeof body === 'object' && body !== null && Object.keys(body).length === 0)) throw new Error(`${operationId} documents no body for HTTP ${status}`);
    return;
  }
  const v = validator(response.schema);
  if (!v(body)) throw new Error(describe(v));
};

/** Throws when a query parameter is not one the operation names (`watch` aside, which the document leaves out). */
export function checkRequest(operationId: FakeOperation, query: URLSearchParams): void {
  const entry = operations.get(operationId);
  if (!entry) throw new Error(`${operationId} is not an operation of the API`);
  const allowed = new Set((entry.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  if (operationId === 'ListStages' || operationId === 'ListPromotions') allowed.add('watch');
  for (const name of query.keys()) if (!allowed.has(name)) throw new Error(`query parameter "${name}" is not one of ${operationId}'s (${[...allowed].join(', ') || 'none'})`);
}

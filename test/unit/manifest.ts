// package.json as VS Code shows it in English: every `%key%` placeholder replaced by its text in package.nls.json.
// A placeholder without a text fails here, so a test reading the manifest never compares against a bare key.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function resolveNls(value: unknown, nls: Record<string, string>): unknown {
  if (typeof value === 'string') {
    const key = /^%([^%\s]+)%$/.exec(value)?.[1];
    if (key === undefined) return value;
    const text = nls[key];
    if (text === undefined) throw new Error(`package.json names %${key}% but package.nls.json has no such key`);
    return text;
  }
  if (Array.isArray(value)) return value.map((v) => resolveNls(v, nls));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveNls(v, nls)]));
  return value;
}

/** The manifest with its localised strings in English. */
export function englishManifest(): unknown {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as unknown;
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  return resolveNls(pkg, nls);
}

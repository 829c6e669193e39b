// A vendor CLI's YAML configuration file (Codefresh's ~/.cfconfig, Kargo's ~/.config/kargo/config), read the one way
// both backends need: a missing file is no configuration, an unreadable or malformed one is a BackendError('config')
// that names the file and where it is wrong, never a value from it (a value may be the token).

import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { issuePath } from '../core/zodIssues';
import { BackendError } from './types';

/** The file's contents checked against `schema`, or undefined when there is no such file. */
export async function readYamlConfig<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new BackendError('config', `Cannot read ${file}: ${typeof code === 'string' ? code : 'read error'}`);
  }
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const line = doc.errors[0]?.linePos?.[0]?.line;
    throw new BackendError('config', `${file} is not valid YAML${line !== undefined ? ` (line ${line})` : ''}`);
  }
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    // The path only, never the value.
    const first = parsed.error.issues[0];
    throw new BackendError('config', `${file} has an unexpected shape${first?.path.length ? ` at ${issuePath(first.path)}` : ''}`);
  }
  return parsed.data;
}

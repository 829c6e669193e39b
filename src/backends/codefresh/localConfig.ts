// Credentials of the Codefresh CLI: `~/.cfconfig` (YAML) with `current-context` and
// `contexts.<name>.{type, name, url, token}`, as cli-v2 writes it
// (https://github.com/codefresh-io/cli-v2/blob/HEAD/internal/config/config.go). Used when no key is stored in VS Code.
// The token never appears in an error message: YAML errors are reported by line only.

import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { BackendError } from '../types';
import { issuePath } from '../../core/zodIssues';
import { DEFAULT_CODEFRESH_URL } from './defaults';

const CfConfigSchema = z.object({
  'current-context': z.string().nullish(),
  contexts: z
    .record(
      z.string(),
      z
        .object({ url: z.string().nullish(), token: z.string().nullish(), name: z.string().nullish(), type: z.string().nullish() })
        .nullable(),
    )
    .nullish(),
});

export interface CfConfigCredentials {
  url: string;
  token: string;
  context: string;
}

/**
 * The current context's URL and token from `<home>/.cfconfig`, or undefined when the file, the current context or
 * its token is absent. A file that exists but cannot be read or parsed is a BackendError('config').
 */
export async function readCfConfig(home: string = homedir()): Promise<CfConfigCredentials | undefined> {
  const file = join(home, '.cfconfig');
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
  const parsed = CfConfigSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    // The path only, never the value: it may be the token.
    const first = parsed.error.issues[0];
    throw new BackendError('config', `${file} has an unexpected shape${first?.path.length ? ` at ${issuePath(first.path)}` : ''}`);
  }
  const contextName = parsed.data['current-context'];
  if (!contextName) return undefined;
  const context = parsed.data.contexts?.[contextName];
  if (!context?.token) return undefined;
  return { url: context.url || DEFAULT_CODEFRESH_URL, token: context.token, context: contextName };
}

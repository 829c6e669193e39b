// The logging interface pure modules accept. The extension passes its LogOutputChannel, the CLI stderr, tests an
// array. Callers must never pass secrets in messages.

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What a secret is replaced by wherever a text might show it. */
export const REDACTED = '***';

/** Replace every occurrence of each secret in a text (empty secrets are ignored). */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(REDACTED);
  return out;
}

/** A logger that drops everything (for callers that do not care). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

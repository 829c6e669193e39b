// The logging interface pure modules accept. The extension passes its LogOutputChannel, the CLI stderr, tests an
// array. Callers must never pass secrets in messages.

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that drops everything (for callers that do not care). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

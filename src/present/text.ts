// Short forms of commit text for one-line rows.

/** The first line of a commit message, trimmed to `max` characters. */
export function firstLine(message: string | undefined, max = 80): string {
  const line = (message ?? '').split(/\r?\n/, 1)[0]?.trim() ?? '';
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

// Human text for validation issues, the same everywhere untrusted input is checked (API payloads, the releases file,
// ~/.cfconfig, demo requests): the field path as code would write it, then what is wrong. Written against the shape
// of a zod issue, so the core depends on no package.

/** What a validation issue needs to have (zod's issues do). */
export interface ValidationIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * A field path as code would write it: `products[0].releases[3].createdAt`, or under a root such as `data` or
 * `data.promotions.edges[3]`. An empty path names the root (`(root)` without one).
 */
export function issuePath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

export interface FormatIssuesOptions<I extends ValidationIssue> {
  /** Path prefix of what was validated (default none). */
  root?: string;
  /** At most this many issues are spelled out (default 1); the rest are counted. */
  max?: number;
  /** The text after the path (default zod's message). */
  describe?: (issue: I) => string;
}

/** `path: problem; path: problem (and 3 more problems)`. */
export function formatIssues<I extends ValidationIssue>(issues: readonly I[], options: FormatIssuesOptions<I> = {}): string {
  const max = options.max ?? 1;
  const describe = options.describe ?? ((i: I) => i.message);
  const shown = issues.slice(0, max).map((i) => `${issuePath(i.path, options.root)}: ${describe(i)}`);
  const rest = issues.length - shown.length;
  return `${shown.join('; ')}${rest > 0 ? ` (and ${rest} more problem${rest === 1 ? '' : 's'})` : ''}`;
}

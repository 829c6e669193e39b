// The backends the CLI can ask, and how one is chosen: plain data, so `run.ts` can check its arguments without loading
// the backend bundle (./backendSource).

export const CLI_BACKENDS = ['demo', 'codefresh', 'kargo', 'github', 'github-demo'] as const;

export interface BackendChoice {
  kind: (typeof CLI_BACKENDS)[number];
  /** Codefresh's or Kargo's address. */
  url?: string;
  /** GitHub Enterprise Server's address (`--github-url`); absent: github.com. */
  githubUrl?: string;
  /** Products asked for on the command line (Codefresh lists only these when given; for GitHub, `owner/name`s). */
  products?: string[];
}

// The backends the CLI can ask, and how one is chosen: plain data, so `run.ts` can check its arguments without loading
// the backend bundle (./backendSource).

import { BACKEND_IDS, type BackendId } from '../core/model';

/** Every backend the model knows can be asked from the command line (`--backend NAME`). */
export const CLI_BACKENDS = BACKEND_IDS;

export interface BackendChoice {
  kind: BackendId;
  /** Codefresh's or Kargo's address. */
  url?: string;
  /** GitHub Enterprise Server's address (`--github-url`); absent: github.com. */
  githubUrl?: string;
  /** Products asked for on the command line (Codefresh lists only these when given; for GitHub, `owner/name`s). */
  products?: string[];
}

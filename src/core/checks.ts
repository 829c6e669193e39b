// The checks a code host reports on a commit (commit statuses and check runs), backend-neutral: what the hover and the
// Commit Deployments view show beside a commit's releases, so promotion progress and its problems can be followed
// from Git, with a link to the page that has the details. Only the checks that concern deployments are kept (each
// backend says how it tells them apart); the rest of a commit's CI is not this extension's business.

import type { IsoDate } from './model';
import type { Status } from './status';

/**
 * - `status`: a commit status (a context such as `deploy/production` with a state, set through the host's status API);
 * - `check-run`: a check run (GitHub Actions makes one for every job).
 */
export type CommitCheckKind = 'status' | 'check-run';

export interface CommitCheck {
  /** As the host shows it: a status's context, a check run's `workflow / job` (or its name alone). */
  name: string;
  kind: CommitCheckKind;
  /**
   * Normalised, with the host's raw state beside it (for a finished check run its conclusion, else its status): a
   * state this version does not know is `unknown` and shows as `Unknown (RAW)`.
   */
  status: Status;
  /** The host's one-line explanation (a status's description, a check run's title), when it gave one. */
  description?: string;
  /** The page with the details (a log, a deployment dashboard), as the host sent it: untrusted, checked where shown. */
  detailsUrl?: string;
  /** When the check last changed (a status's creation, a check run's completion or start), when known. */
  updatedAt?: IsoDate;
  /** The environment the check deploys to or concerns, when known. */
  environment?: string;
}

export interface CommitChecks {
  /** The commit asked about (full sha). */
  sha: string;
  /** The deployment-related checks, in the host's order. */
  checks: CommitCheck[];
  /** Every check has finished, so the answer will not change any more (callers may keep it longer). */
  complete: boolean;
  /** The host has no such commit (e.g. it was not pushed): no checks, and no error either. */
  commitUnknown?: boolean;
  /** How many checks the commit has besides these, left out because they do not concern deployments. */
  otherChecks: number;
  /**
   * Checks the host sent that could not be read (left out of `checks`), with human reasons naming the field, and the
   * checks not read at all because the commit has more than one answer holds.
   */
  skipped?: { count: number; reasons: string[] };
}

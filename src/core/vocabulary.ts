// Each backend's own words for the parts of a release, so a GitHub user reads "Jobs" and "run", a Kargo user
// "Promotion steps" and "Verification", a Codefresh user "Pre-action workflow": never another vendor's terms. The
// model carries which backend made a release, and as what (`ReleaseSource`); the words follow from that, in one
// place, and every view (tree, hover, panel) reads them from here instead of writing Codefresh's words itself.
//
// Sources: Codefresh, https://codefresh.io/docs/docs/promotions/product-releases/ (pre- and post-action workflows);
// Kargo, https://docs.kargo.io (a Promotion runs its `spec.steps`; a Stage's `spec.verification` verifies the Freight
// once promoted); GitHub,
// https://docs.github.com/en/actions/using-jobs/using-jobs-in-a-workflow (a workflow run is made of jobs, each of
// steps) and https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/reviewing-deployments
// (a job waiting for a deployment's review is "Waiting").

import type { ReleaseSource } from './model';
import { statusLabel, STATUS_LABELS, type ErrorLevel, type IssueType, type Raw, type Status, type StatusKind } from './status';

export interface Vocabulary {
  /** Whose words these are (for tests and the log): `codefresh`, `kargo`, `github`. */
  readonly vendor: 'codefresh' | 'kargo' | 'github';
  /** One release: `release`, `Freight`, `workflow run`. */
  readonly release: string;
  /** What runs in an environment before it counts as deployed there, as a heading: `Pre-action workflow`. */
  readonly before: string;
  /** What runs after it deployed, as a heading: `Post-action workflow`, `Verification`. */
  readonly after: string;
  /** The same, short, for a box of the flow graph. */
  readonly beforeShort: string;
  readonly afterShort: string;
  /** An environment with neither. */
  readonly neither: string;
  /** One step of those: `step`, `job`. */
  readonly step: string;
  /** What a step's runs are gathered across, for its tooltip: `aggregated across applications`. */
  readonly runsOf: string;
  /** A step's runs counted in its row (`3 apps`), where a step runs once per application; else undefined. */
  readonly runsCounted?: string;
  /**
   * The heading of the backend's own status value beside ours (`API status`), or undefined when the backend's
   * values are translated into the model's (Kargo's phases, GitHub's states): a translated value is not the
   * vendor's word and is not shown as if it were.
   */
  readonly rawStatus?: string;
  /** Status names where the vendor's differ from ours (GitHub says "Waiting" where we say "Suspended"). */
  readonly statusWords: Readonly<Partial<Record<StatusKind, string>>>;
  /** What an issue is about, by its model type (a Kargo workflow issue is about the promotion). */
  readonly issueAbout: Readonly<Record<IssueType, string>>;
}

const CODEFRESH: Vocabulary = {
  vendor: 'codefresh',
  release: 'release',
  before: 'Pre-action workflow',
  after: 'Post-action workflow',
  beforeShort: 'Pre-action',
  afterShort: 'Post-action',
  neither: 'No pre- or post-action workflows',
  step: 'step',
  runsOf: 'aggregated across applications',
  runsCounted: 'apps',
  rawStatus: 'API status',
  statusWords: {},
  issueAbout: { APPLICATION: 'application', GIT: 'Git', WORKFLOW: 'workflow' },
};

const KARGO: Vocabulary = {
  vendor: 'kargo',
  release: 'Freight',
  before: 'Promotion steps',
  after: 'Verification',
  beforeShort: 'Promotion',
  afterShort: 'Verification',
  neither: 'No promotion steps or verification',
  step: 'step',
  runsOf: 'in its Stage',
  statusWords: {},
  issueAbout: { APPLICATION: 'Stage health', GIT: 'Git', WORKFLOW: 'promotion' },
};

const GITHUB: Vocabulary = {
  vendor: 'github',
  release: 'workflow run',
  before: 'Jobs',
  after: 'Jobs after the deployment',
  beforeShort: 'Jobs',
  afterShort: 'After',
  neither: 'No jobs',
  step: 'job',
  runsOf: 'from its steps',
  statusWords: { suspended: 'Waiting' },
  issueAbout: { APPLICATION: 'application', GIT: 'Git', WORKFLOW: 'run' },
};

/** The words for a release of this source; Codefresh's (the model's own) when the source is not known. */
export function vocabularyOf(source: ReleaseSource | undefined): Vocabulary {
  switch (source?.kind) {
    case 'freight':
      return KARGO;
    case 'workflow-run':
    case 'deployment':
      return GITHUB;
    default:
      return CODEFRESH;
  }
}

const LEVEL_WORDS: Record<ErrorLevel, string> = { ERROR: 'Error', WARNING: 'Warning' };

/** An issue's heading in the backend's words: `Warning (run)`, `Error (promotion)`; an unknown value as sent. */
export function issueHeading(v: Vocabulary, i: { type: Raw<IssueType>; level: Raw<ErrorLevel> }): string {
  const level = Object.hasOwn(LEVEL_WORDS, i.level) ? LEVEL_WORDS[i.level as ErrorLevel] : i.level;
  const about = Object.hasOwn(v.issueAbout, i.type) ? v.issueAbout[i.type as IssueType] : i.type;
  return about ? `${level} (${about})` : level;
}

/** A status in the backend's words: `Waiting` for a GitHub job waiting for review, else the model's label. */
export function statusWord(v: Vocabulary, status: Status): string {
  return v.statusWords[status.kind] ?? statusLabel(status);
}

/** A status kind in the backend's words (see statusWord). */
export function kindWord(v: Vocabulary, kind: StatusKind): string {
  return v.statusWords[kind] ?? STATUS_LABELS[kind];
}

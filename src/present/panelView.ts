// The panel's view model: plain JSON built on the host by `buildPanelModel` (./panelModel.ts) from core types and
// posted to the release panel webview, which only renders it. The seed's status rules run once, on the host side,
// so the webview never re-derives a status. Types only: the webview imports them without pulling host code in.

import type { ReleaseAction } from '../core/model';
import type { StatusKind } from '../core/status';
import type { ReleaseBucket } from '../core/rules';

/** A status ready to show: normalised kind (drives colour + icon), the label, and the API's raw value. */
export interface StatusView {
  kind: StatusKind;
  label: string;
  raw: string;
}

interface WorkflowRunView {
  applicationName: string;
  workflowName: string;
  status: StatusView;
  /** http(s) link to this workflow's logs, when known. */
  url?: string;
}

export interface WorkflowStepView {
  /** Stable id inside the release, e.g. `e2.pre.s1`. */
  id: string;
  name: string;
  templateName: string;
  /** Aggregated across the per-application workflows (seed rule). */
  status: StatusView;
  startedAt?: string;
  finishedAt?: string;
  runs: WorkflowRunView[];
  /** This step is failed, errored or terminated. */
  failing: boolean;
}

/** A pre- or post-action workflow of one environment. */
export interface WorkflowView {
  /** Stable id inside the release, e.g. `e2.pre`. */
  id: string;
  phase: 'pre' | 'post';
  /** What it is, in the backend's words: `Pre-action workflow`, `Promotion steps`, `Jobs` (see core/vocabulary). */
  title: string;
  /** The same, short, for the flow graph's box: `Pre-action`, `Promotion`, `Jobs`. */
  shortTitle: string;
  /** The policy's WorkflowTemplate name, or the first step's template when the policy name is not known. */
  templateName: string;
  /** Status from all its steps (seed rule). */
  status: StatusView;
  steps: WorkflowStepView[];
  failing: boolean;
}

export type HookEvent = 'onStart' | 'onSuccess' | 'onFail';

export interface HookView {
  event: HookEvent;
  templateName: string;
  workflowName?: string;
  status: StatusView;
  error?: string;
}

export interface ApplicationView {
  name: string;
  runtime: string;
  namespace: string;
  status: StatusView;
  commitSha?: string;
  pr?: { key: string; title: string; url?: string; author: string; state: string; merged: boolean };
}

interface IssueView {
  type: string;
  level: string;
  /** Level and subject in the backend's words, e.g. `Warning (run)`, `Error (promotion)`. */
  heading: string;
  message: string;
  date: string;
  applicationName?: string;
  workflowName?: string;
}

export interface EnvironmentView {
  /** Stable id inside the release, also the Mermaid node id: `e0`, `e1`, ... in flow order. */
  id: string;
  name: string;
  /** PROD / NON_PROD, when known. */
  kind?: string;
  isTrigger: boolean;
  /** The API's status for this environment. */
  status: StatusView;
  /** The heading of `status.raw` (`API status`), when that value is the vendor's own word; undefined when the backend
   * translated it (it is then not shown). */
  rawStatusLabel?: string;
  /** The status the seed's rules give from the workflows (equals `status.kind` unless the API disagrees). */
  verdict: StatusKind;
  /** Pending because an upstream environment failed validation. */
  blockedByUpstream: boolean;
  /** Ids (not names) of the environments this one depends on. */
  dependsOn: string[];
  startedAt?: string;
  updatedAt?: string;
  policyAction?: string;
  workflows: WorkflowView[];
  applications: ApplicationView[];
  issues: IssueView[];
  hooks: HookView[];
  /** Holds the release's failing workflow step (flagged in the node). */
  failing: boolean;
  /** What the user may do to the release here now, as buttons (the host asks for confirmation before acting). */
  actions: ActionView[];
}

export interface ActionView {
  action: ReleaseAction;
  title: string;
  /** Stops or refuses something: drawn as a secondary button. */
  destructive: boolean;
}

/** Where a failed release failed: the first failing step in flow order ("flagged in the header"). */
export interface FailureView {
  environmentId: string;
  environment: string;
  workflowId: string;
  phase: 'pre' | 'post';
  workflowTemplate: string;
  stepId?: string;
  stepName?: string;
  applicationName?: string;
  workflowName?: string;
  /** http(s) link to the failing step's logs, when known. */
  logsUrl?: string;
  kind: StatusKind;
  /** How many failing steps in total (the header names the first). */
  total: number;
}

/** An environment where a release waits, and why: the last issue the backend reported there. */
export interface SuspensionView {
  environmentId: string;
  environment: string;
  /** The message of the environment's last issue; undefined when the backend reported none. */
  reason?: string;
}

export interface CommitView {
  sha: string;
  shortSha: string;
  message?: string;
  author?: string;
  date?: string;
  url?: string;
}

export interface ReleaseView {
  id: string;
  productName: string;
  /** Null: a manual promotion. Absent: the backend did not say (flow not known). */
  flowName?: string | null;
  version?: string;
  status: StatusView;
  bucket: ReleaseBucket;
  createdAt: string;
  updatedAt?: string;
  initiator?: string;
  triggerCommit?: CommitView;
  error?: string;
  /** In flow order (every environment after the ones it depends on). */
  environments: EnvironmentView[];
  /** Dependency edges by environment id, `from` is the upstream environment. */
  edges: { from: string; to: string }[];
  hooks: HookView[];
  failure?: FailureView;
  /** The environments that are suspended, in flow order (the header says where the release waits and why). */
  suspensions: SuspensionView[];
  /** True while something still moves (the host keeps polling). */
  active: boolean;
}

type NotesSectionId = 'commits' | 'pullRequests' | 'issues' | 'images' | 'gitopsCommits' | 'gitopsPullRequests' | 'deployments';

export interface NoteItemView {
  /** Short key shown first: short sha, `#123`, `AP-1`, image tag. */
  key: string;
  /** One-line text: commit subject, PR / issue title, image reference. */
  title: string;
  /** Secondary text: status, assignee, repository, commit count. */
  detail?: string;
  /** Who wrote it, by name (an e-mail address is never shown). */
  author?: string;
  /** When, ISO (the webview shows it as a local date). */
  date?: string;
  /** The full sha of a commit item (the panel offers to open the commit). */
  sha?: string;
  url?: string;
  /** More links of the item beside `url`, each with its own label (a deployment's log). */
  links?: { label: string; url: string }[];
  /** Computed from the local Git repository rather than reported by the backend. */
  local: boolean;
}

export interface NotesSectionView {
  id: NotesSectionId;
  title: string;
  items: NoteItemView[];
}

export interface NotesView {
  releaseId: string;
  sections: NotesSectionView[];
  /** Sentences on how complete the notes are (a range too long to look up whole, a lookup that failed). */
  notices?: string[];
}

/**
 * Something the panel could only partly load, shown as a banner:
 * - `details-unavailable`: the release's details failed; the release shown is its row from the release list;
 * - `backend-notes-unavailable`: the backend's release notes failed; the notes shown are the local Git ones.
 * `message` is a whole sentence for the user and may quote server text (rendered as text only).
 */
export interface PanelWarning {
  kind: 'details-unavailable' | 'backend-notes-unavailable';
  message: string;
}

/** Everything the panel shows for one release. */
export interface PanelModel {
  release: ReleaseView;
  /** Undefined while loading or when the notes could not be loaded (see `notesError`). */
  notes?: NotesView;
  notesError?: string;
  /** What could not be loaded, when the panel shows less than the full release. */
  warnings?: PanelWarning[];
  /** Set while the demo backend is in use: the banner saying the release is made up. */
  demoNotice?: string;
  /** When the host fetched this, ISO. */
  fetchedAt: string;
}

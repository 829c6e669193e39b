// The ONE file of types shared by the extension host (src/vscode/panel) and the release panel webview (webview/).
// Everything that crosses postMessage is declared here: the view model the host sends, the messages each side
// posts, and the state the webview persists with setState (which VS Code hands back to the serializer on reload).
// What the host validates (the webview's messages, the restored state) is declared once, as zod schemas in
// ./protocolSchema, and its types here are derived from them.
//
// The view model is plain JSON built by `buildPanelModel` (webview/viewModel.ts) from core types, so the webview
// never re-derives statuses: the seed's rules run once, on the host side, in pure code that is unit tested.
//
// Nothing here imports 'vscode' or touches the DOM.

import type { z } from 'zod';
import type { StatusKind } from '../src/core/status';
import type { ReleaseBucket } from '../src/core/rules';
import type { panelTabSchema, restoredStateSchema, webviewMessageSchema } from './protocolSchema';

/** The webview panel's viewType (also the `onWebviewPanel:` activation event and the serializer key). */
export const PANEL_VIEW_TYPE = 'gitopsReleases.releasePanel';

export type PanelTab = z.infer<typeof panelTabSchema>;

/** A status ready to show: normalised kind (drives colour + icon), the label, and the API's raw value. */
export interface StatusView {
  kind: StatusKind;
  label: string;
  raw: string;
}

export interface WorkflowRunView {
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

export interface IssueView {
  type: string;
  level: string;
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
  /** True while something still moves (the host keeps polling). */
  active: boolean;
}

export type NotesSectionId = 'commits' | 'pullRequests' | 'issues' | 'images' | 'gitopsCommits' | 'gitopsPullRequests';

export interface NoteItemView {
  /** Short key shown first: short sha, `#123`, `AP-1`, image tag. */
  key: string;
  /** One-line text: commit subject, PR / issue title, image reference. */
  title: string;
  /** Secondary text: author, date, status. */
  detail?: string;
  url?: string;
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

// ---------------------------------------------------------------------------------------------------------------
// Messages

/** Host → webview. */
export type HostMessage =
  | { type: 'model'; model: PanelModel }
  | { type: 'loading'; productName: string; releaseId: string }
  | { type: 'error'; message: string }
  | { type: 'showTab'; tab: PanelTab }
  | { type: 'copied'; ok: boolean; message: string };

/** Webview → host. */
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/** Pan / zoom of the flow graph. */
export interface Viewport {
  x: number;
  y: number;
  scale: number;
}

/**
 * What the webview persists with setState; VS Code hands it to the serializer after a window reload, which reads
 * the fields of `restoredStateSchema` (the product, the release and the tab) back.
 */
export type PersistedState = Required<z.infer<typeof restoredStateSchema>> & {
  /** Selected graph item id (environment / workflow), if any. */
  selection?: string;
  filter: string;
  viewport?: Viewport;
  /** The last model shown, so a reload paints at once while fresh data loads. */
  model?: PanelModel;
};

/** Longest URL the panel opens. */
export const MAX_URL_CHARS = 8192;

/** True for a string that is an absolute http(s) URL (links are only ever opened when this holds). */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL_CHARS) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * True for a URL on a host that cannot exist (the reserved `.invalid` top-level domain, which made-up data uses):
 * such a link is never rendered, whichever backend sent it.
 */
export function isInventedHostUrl(value: string): boolean {
  try {
    const host = new URL(value).hostname.toLowerCase().replace(/\.$/, '');
    return host === 'invalid' || host.endsWith('.invalid');
  } catch {
    return false;
  }
}

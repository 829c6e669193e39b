// The backend-neutral domain model. Backends map their payloads into these types; everything above them (resolver,
// tree, hover, webview, CLI) reads only these. Status fields keep the API's raw value (see `Raw` and
// `normalizeStatus` in ./status) so a value from a newer API survives as `unknown` with its text.
//
// This is also the documented JSON format of `--releases FILE` (see README): a `ReleasesFile`.

import type {
  AppPromotionStatus,
  EnvironmentKind,
  EnvironmentStatus,
  ErrorLevel,
  HealthStatus,
  IssueType,
  PromotionAction,
  PullRequestState,
  Raw,
  ReleaseErrorCode,
  ReleaseStatus,
  SyncStatus,
  WorkflowNodePhase,
  WorkflowPhase,
} from './status';

/** ISO-8601 timestamp text, as the API sends it (e.g. `2025-11-12T07:58:00.829Z`). */
export type IsoDate = string;

// ---------------------------------------------------------------------------------------------------------------
// Backends

/**
 * Every release backend, written once: the type, the releases file's and the saved answer's schemas and the CLI's
 * `--backend` choices are all derived from this list, so none of them can accept fewer backends than the others
 * (the registry in src/backends/registry.ts is keyed by it). The order is the one the CLI and settings list them in.
 */
export const BACKEND_IDS = ['demo', 'codefresh', 'kargo', 'github', 'github-demo'] as const;

/** The kind of release backend data came from. */
export type BackendId = (typeof BACKEND_IDS)[number];

/**
 * What one release is in its backend's own terms, in a neutral vocabulary: Codefresh lists `ProductRelease`
 * (`product-release`) and `Promotion` (`promotion`) nodes; other backends build a release from their own unit of
 * change (a deployment, a workflow run, a freight) and add its kind here.
 */
export const RELEASE_KINDS = ['product-release', 'promotion', 'freight', 'workflow-run', 'deployment'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

/** Which backend produced a release, and as what. */
export interface ReleaseSource {
  backend: BackendId;
  kind: ReleaseKind;
}

/**
 * How a backend ties a commit to a release, so an answer can say why a commit counts as deployed:
 * - `exact-sha`: the backend names the commit itself by its sha (a trigger commit, a pull request's commits);
 * - `image-revision`: the commit is the source revision of a deployed image (its `org.opencontainers.image.revision`
 *   annotation, https://github.com/opencontainers/image-spec/blob/main/annotations.md);
 * - `commit-trailer`: a trailer of the GitOps commit names it (e.g. Argo CD's `Argocd-reference-commit-sha`);
 * - `gitops-commit`: only the commit made in the GitOps (configuration) repository is known; it matches only when
 *   this repository is that one, and its absence here says nothing about the application's code.
 */
export const COMMIT_LINKS = ['exact-sha', 'image-revision', 'commit-trailer', 'gitops-commit'] as const;
export type CommitLink = (typeof COMMIT_LINKS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Configuration: products, environments, promotion flows

export interface Environment {
  name: string;
  kind: Raw<EnvironmentKind>;
  /** Dashboard position; lower is further left. */
  position: number;
}

export interface Hooks {
  onStart?: string;
  onSuccess?: string;
  onFail?: string;
}

export interface PromotionPolicyRef {
  action?: Raw<PromotionAction>;
  /** WorkflowTemplate name of the pre-action workflow. */
  preAction?: string;
  /** WorkflowTemplate name of the post-action workflow. */
  postAction?: string;
}

export interface FlowStep {
  environment: string;
  dependsOn: string[];
  policy?: PromotionPolicyRef;
  hooks?: Hooks;
}

export interface PromotionFlow {
  name: string;
  triggerEnvironment: string;
  steps: FlowStep[];
  hooks?: Hooks;
}

/**
 * Where a product's environments and flows came from:
 * - `api`: the backend's own product, flow and environment data;
 * - `derived-from-releases`: read off its releases' own environment lists, because the backend did not answer those
 *   queries (environment order is the releases' order; dependencies only where the releases name them);
 * - `workflow-files`: derived from the repository's workflow files (jobs with an environment and their `needs:`), for
 *   backends that have no flow of their own;
 * - `settings`: only the product's name is known (from the `gitopsReleases.products` setting), nothing of its flow.
 */
export const FLOW_SOURCES = ['api', 'derived-from-releases', 'workflow-files', 'settings'] as const;
export type FlowSource = (typeof FLOW_SOURCES)[number];

export interface Product {
  name: string;
  environments: Environment[];
  /** Flows the product may use, when the backend knows them (names at least). */
  flows: PromotionFlow[];
  flowSource: FlowSource;
  concurrency?: Raw<'queue' | 'terminate'>;
  latestRelease?: { id: string; status: Raw<ReleaseStatus>; createdAt: IsoDate; version?: string };
}

// ---------------------------------------------------------------------------------------------------------------
// Releases

/** A commit as a backend reports it (normalises `CommitInfo` and `PromotionCommitInfo`). */
export interface CommitRef {
  sha: string;
  message?: string;
  /** `Name <email>` or just a name. */
  author?: string;
  date?: IsoDate;
  repoURL?: string;
  /** The API's `revision`: the branch. */
  branch?: string;
  avatarUrl?: string;
  /** How the backend ties this commit to the release. */
  link: CommitLink;
}

/** One environment's status in a release list row. */
/**
 * Things a user may do to a release in one environment from the editor, when the backend offers them:
 * - `approve` / `reject`: answer a release waiting for a review or a manual approval there;
 * - `promote`: send the release into the environment;
 * - `abort`: stop what is running there (a promotion, a workflow run);
 * - `retry`: run the failed part again (failed jobs, a failed promotion);
 * - `verify`: run the environment's verification again.
 */
export const RELEASE_ACTIONS = ['approve', 'reject', 'promote', 'abort', 'retry', 'verify'] as const;
export type ReleaseAction = (typeof RELEASE_ACTIONS)[number];

/**
 * What an environment that has not started (pending, queued) or is paused (suspended) waits for, when the backend
 * knows it. Absent: the vendor's status says all there is (Codefresh: a pending step waits on its upstream inside a
 * running release).
 * - `promotion`: nothing is moving the release towards the environment: no attempt is running, queued or scheduled,
 *   and none will start until a person (or a policy) promotes it (Kargo: no Promotion of the Freight to the Stage,
 *   and no auto-promotion there);
 * - `approval`: a person must approve it first; `approvers` who may (when the backend says), `you` whether the
 *   signed-in user may.
 */
export type Waiting = { kind: 'promotion' } | { kind: 'approval'; approvers?: string[]; you?: boolean };

export interface ReleaseEnvironment {
  name: string;
  status: Raw<EnvironmentStatus>;
  /** What it waits for, when the backend knows (see `Waiting`). */
  waiting?: Waiting;
  /**
   * The release was live in the environment and was taken down at this time, with nothing put in its place (GitHub:
   * the environment's newest deployment went inactive). Such a release is never the live one.
   */
  takenDownAt?: IsoDate;
  /** What the backend says of a failed or stopped attempt here, naming it (e.g. the Kargo Promotion that failed). */
  message?: string;
  dependsOn?: string[];
  startedAt?: IsoDate;
  updatedAt?: IsoDate;
  /** The backend says this release is the one live in the environment (it wins over creation order). */
  active?: boolean;
  /**
   * Commits Codefresh made in the GitOps repository to promote applications into this environment, when the list
   * query selects them (legacy `steps[].applications[].commitSha`), so "where is this deployed" can count them
   * without loading the release in detail. Their link is `gitops-commit`.
   */
  applicationCommits?: { application: ApplicationRef; commitSha: string }[];
  /**
   * What the signed-in user may do to this release in this environment now (approve a waiting deployment, abort a
   * running promotion...), as the backend judges from the release's state and the user's permissions. Absent or
   * empty: nothing; the UI offers only these.
   */
  actions?: ReleaseAction[];
}

/** A release as listed (one row of a product's releases, newest first). */
export interface ReleaseSummary {
  /** `ProductRelease.releaseId` or `Promotion.id`. */
  id: string;
  source: ReleaseSource;
  productName: string;
  /** `ProductRelease.releaseName`, when the API sends it. */
  releaseName?: string;
  /**
   * The promotion flow. Null for manual (drag-and-drop, single environment) promotions; absent when the backend did
   * not say (e.g. the legacy list query does not select it): "flow not known", which is not the same as manual.
   */
  flowName?: string | null;
  triggerEnvironment?: string;
  status: Raw<ReleaseStatus>;
  /** `ProductRelease.version` or `Promotion.promotionAppVersion`. */
  version?: string;
  /**
   * When the release was created. Older platforms do not send it: then it is a copy of `updatedAt`
   * (`createdAtFallback: 'updatedAt'`), or, when neither was sent, EMPTY (`createdAtFallback: 'none'`; shown as an
   * unknown time, never as an invented date; only the API's order places the release).
   */
  createdAt: IsoDate;
  /** Set when the API did not send `createdAt`: what `createdAt` holds instead (see there). */
  createdAtFallback?: 'updatedAt' | 'none';
  updatedAt?: IsoDate;
  initiator?: { name: string; avatarUrl?: string };
  triggerCommit?: CommitRef;
  /** Environments in the order the API lists them (the flow order for the trigger first). */
  environments: ReleaseEnvironment[];
  error?: { code?: Raw<ReleaseErrorCode>; message: string };
}

export interface WorkflowRun {
  applicationName: string;
  workflowName: string;
  status: Raw<WorkflowNodePhase>;
  /** Link to this workflow's logs, when the backend knows it. */
  url?: string;
}

/**
 * One step of a pre- or post-action workflow, as the API aggregates it: the step's own `status` is the API's
 * aggregate, and `workflows` holds the one workflow per application that ran it.
 */
export interface WorkflowStep {
  name?: string;
  templateName: string;
  status: Raw<WorkflowNodePhase>;
  startedAt?: IsoDate;
  finishedAt?: IsoDate;
  workflows: WorkflowRun[];
}

export interface PullRequestRef {
  repo: string;
  id: number;
  url: string;
  title: string;
  author: string;
  state: Raw<PullRequestState>;
  isMerged: boolean;
  mergeCommitSha?: string;
  baseBranch?: string;
  headBranch?: string;
  createdAt?: IsoDate;
}

export interface ApplicationRef {
  runtime: string;
  namespace: string;
  name: string;
}

export interface ApplicationPromotion {
  app: ApplicationRef;
  status: Raw<AppPromotionStatus>;
  /** Commit the backend made in the GitOps repository to promote this application (link: `gitops-commit`). */
  commitSha?: string;
  pr?: PullRequestRef;
}

export interface ReleaseIssue {
  type: Raw<IssueType>;
  level: Raw<ErrorLevel>;
  message: string;
  date: IsoDate;
  applicationName?: string;
  workflowName?: string;
  syncStatus?: Raw<SyncStatus>;
  healthStatus?: Raw<HealthStatus>;
}

export interface HookRun {
  templateName: string;
  workflowName?: string;
  status: Raw<WorkflowPhase>;
  error?: { message: string; date?: IsoDate };
}

export type HookRuns = Partial<Record<keyof Hooks, HookRun>>;

/** One environment of a release in detail. */
export interface EnvironmentStep {
  environment: string;
  kind?: Raw<EnvironmentKind>;
  dependsOn: string[];
  status: Raw<EnvironmentStatus>;
  startedAt?: IsoDate;
  updatedAt?: IsoDate;
  /** Legacy `active`: this is the latest release of that environment. */
  active?: boolean;
  /** As `ReleaseEnvironment.waiting`. */
  waiting?: Waiting;
  /** As `ReleaseEnvironment.takenDownAt`. */
  takenDownAt?: IsoDate;
  /** As `ReleaseEnvironment.message`. */
  message?: string;
  policyAction?: Raw<PromotionAction>;
  preWorkflows: WorkflowStep[];
  postWorkflows: WorkflowStep[];
  applications: ApplicationPromotion[];
  issues: ReleaseIssue[];
  hooks?: HookRuns;
}

export interface ReleaseDetail extends ReleaseSummary {
  steps: EnvironmentStep[];
  hooks?: HookRuns;
}

// ---------------------------------------------------------------------------------------------------------------
// Release notes

/** Where a release-notes item came from: the backend, or computed from the local Git repository. */
export type NoteSource = 'backend' | 'local-git';

export interface NoteCommit {
  sha: string;
  message: string;
  author?: string;
  date?: IsoDate;
  url?: string;
  source: NoteSource;
}

export interface NotePullRequest {
  /** `#123` or `owner/repo#123`. */
  key: string;
  number?: number;
  title?: string;
  url?: string;
  author?: string;
  /** The commits of the release's range this pull request contains (not all of its commits). */
  commits?: { sha: string; message?: string; url?: string; author?: string }[];
  /** When it was merged, when the backend knows (an open pull request has none). */
  mergedAt?: IsoDate;
  /** The backend's state of it (GitHub: `OPEN`, `CLOSED`, `MERGED`), when the backend knows. */
  state?: string;
  source: NoteSource;
}

/**
 * The pull requests a backend knows for some commits (`ReleaseBackend.pullRequestsOf`): each with the asked commits
 * it contains.
 */
export interface CommitPullRequests {
  pullRequests: NotePullRequest[];
  /** Pull requests the backend sent that could not be read, left out; reasons name the field. */
  skipped?: { count: number; reasons: string[] };
  /** Things to know although the answer was kept (partial errors of the backend). */
  warnings?: string[];
}

/** Where the release went: one environment's deployment with the links the backend gives for it. */
export interface NoteDeployment {
  environment: string;
  /** The environment's status in this release (as `ReleaseEnvironment.status`). */
  status?: Raw<EnvironmentStatus>;
  /** The deployed application (GitHub's `environment_url`). */
  url?: string;
  /** The deployment's log (GitHub's `log_url`: the job that deployed). */
  logUrl?: string;
  source: NoteSource;
}

export interface NoteIssue {
  /** Jira-style key, e.g. `AP-45834`. */
  key: string;
  title?: string;
  url?: string;
  status?: string;
  assignee?: string;
  source: NoteSource;
}

export interface NoteImage {
  /** Full image reference, e.g. `docker.io/org/app:main-4026891`. */
  image: string;
  repositoryName?: string;
  tag?: string;
  binaryId?: string;
  workflowUrl?: string;
  /** The source commit the image was built from, when known. */
  commit?: CommitRef;
  source: NoteSource;
}

export interface ReleaseNotes {
  releaseId: string;
  /** Code commits (application source repository). */
  commits: NoteCommit[];
  pullRequests: NotePullRequest[];
  issues: NoteIssue[];
  images: NoteImage[];
  /** Commits and PRs in the GitOps (configuration) repository, e.g. Codefresh's promotion commits. */
  gitopsCommits: NoteCommit[];
  gitopsPullRequests: NotePullRequest[];
  builds: { id: string; pipeline?: string; url?: string }[];
  /** Helm charts the release carries (a Kargo Freight's charts), when the backend knows them. */
  charts?: { name: string; version?: string; repoURL?: string }[];
  /** The release's deployments with their environment and log links, when the backend has them (GitHub). */
  deployments?: NoteDeployment[];
  /** Sentences the reader should know about how complete these notes are (e.g. a range too long to look up whole). */
  notices?: string[];
}

export function emptyNotes(releaseId: string): ReleaseNotes {
  return { releaseId, commits: [], pullRequests: [], issues: [], images: [], gitopsCommits: [], gitopsPullRequests: [], builds: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// A whole snapshot, as held by the extension's store and as read from `--releases FILE`.

export interface ProductReleases {
  product: Product;
  /** Newest first. Details (when loaded) replace the summary of the same id. */
  releases: (ReleaseSummary | ReleaseDetail)[];
  /** Notes by release id, when loaded. */
  notes?: Record<string, ReleaseNotes>;
}

export interface ReleasesFile {
  /** Format version of this file. */
  version: 1;
  products: ProductReleases[];
}

export function isReleaseDetail(r: ReleaseSummary | ReleaseDetail): r is ReleaseDetail {
  return Array.isArray((r as ReleaseDetail).steps);
}

// The demo server's GraphQL schema: a subset of the real Codefresh schema (the names of go-sdk's generated models)
// plus the root fields ../codefresh/queries.ts assumes, written out as SDL so graphql-js validates every query exactly as a real server would:
// an unknown field or argument is a validation error, not a silently ignored key.
//
// Two variants: the current platform (with `promotions`) and the legacy platform (no `promotions`), so the client's
// cli-v2-style fallback is exercised by a real validation error ("Cannot query field \"promotions\" ...").
// Independently, any of the root fields whose names are guesses can be left out (`without`), so the client's
// degraded paths meet the genuine validation error a platform without them gives.

import { buildSchema, type GraphQLSchema } from 'graphql';

const TYPES = /* GraphQL */ `
enum ProductReleasePublicStatus { QUEUED RUNNING SUSPENDED SUCCEEDED FAILED TERMINATING TERMINATED }
enum ProductReleaseStatus { QUEUED PENDING INITIALIZING RUNNING SUSPENDED FINALIZING FINALIZING_TERMINATION
                            SUCCEEDED FAILED TERMINATING TERMINATED }
enum ProductReleaseStepStatus { PENDING INITIALIZING RUNNING SUSPENDED FINALIZING FINALIZING_TERMINATION
                                SUCCEEDED FAILED SKIPPED TERMINATING TERMINATED }
enum EnvironmentStatus { PENDING QUEUED RUNNING SUSPENDED SUCCEEDED FAILED SKIPPED TERMINATING TERMINATED }
enum WorkflowNodePhases { Pending Running Succeeded Failed Error Skipped Omitted }
enum WorkflowPhases { Pending Running Succeeded Failed Error Unknown }
enum ExtendedWorkflowPhases { ELECTED PENDING INITIALIZING RUNNING SUSPENDED SUCCEEDED FAILED ERROR SKIPPED
                              TERMINATING TERMINATED }
enum EnvironmentKind { PROD NON_PROD }
enum ProductReleaseErrorCode { CREATION_FAILED PROMOTION_FLOW_ERROR RELEASE_ERROR RELEASE_TERMINATED
                               STEP_ERROR STEP_FAILED STEP_TERMINATED }
enum PromotionErrorCode { UNKNOWN ENVIRONMENT_MISSING_APPLICATIONS PROMOTION_TERMINATION }
enum IssueType { APPLICATION GIT WORKFLOW }
enum ErrorLevels { ERROR WARNING }
enum PullRequestState { OPEN CLOSED }
enum SyncStatus { SYNCED OUT_OF_SYNC SYNCING UNKNOWN }
enum HealthStatus { HEALTHY PROGRESSING DEGRADED SUSPENDED MISSING TERMINATED UNKNOWN }

input SlicePaginationArgs { after: String before: String first: Int last: Int }
type SliceInfo { startCursor: String endCursor: String hasNextPage: Boolean! hasPrevPage: Boolean! }
input ProductReleaseFiltersArgs { productNames: [String!] promotionFlows: [String!]
                                  statuses: [ProductReleaseStatus!] startDate: String endDate: String }

type CommitInfo { sha: String! committer: String! date: String! message: String! repoURL: String! revision: String! }
type PromotionCommitInfo { commitSha: String! commitMessage: String! commitAuthor: String! commitDate: String
                           repoURL: String revision: String avatarURL: String }
type ProductReleaseInitiator { name: String! avatarUrl: String }
type ProductReleaseError { code: ProductReleaseErrorCode! message: String! }
type PromotionError { message: String! code: PromotionErrorCode! timestamp: String! }
type ProductReleaseEnvironment { environmentName: String! status: ProductReleaseStepStatus! }
type PromotionEnvironment { name: String! dependsOn: [String!]! status: EnvironmentStatus!
                            startedAt: String updatedAt: String }

type ApplicationId { runtime: String! namespace: String! name: String! }
type PullRequest { repo: String! id: Int! url: String! title: String! description: String author: String!
                   avatarUrl: String! baseBranch: String! headBranch: String! createdAt: String!
                   state: PullRequestState! isMerged: Boolean! mergeCommitSHA: String }
type AppInfoIssue { date: String! message: String! level: ErrorLevels! type: IssueType!
                    syncStatus: SyncStatus healthStatus: HealthStatus }
type ApplicationInfo { applicationId: ApplicationId! commitSha: String pr: PullRequest
                       status: ExtendedWorkflowPhases! issues: [AppInfoIssue!] }
type ReleaseStepWorkflowInfo { applicationName: String! workflowName: String! status: WorkflowNodePhases! }
type WorkflowsStepView { name: String templateName: String! startedAt: String finishedAt: String
                         status: WorkflowNodePhases! workflows: [ReleaseStepWorkflowInfo!] }
type ApplicationIssue { applicationName: String! runtime: String namespace: String date: String! message: String!
                        kind: String! syncStatus: SyncStatus! healthStatus: HealthStatus! type: IssueType! level: ErrorLevels! }
type GitIssue { applicationName: String! date: String! message: String! type: IssueType! level: ErrorLevels! }
type WorkflowIssue { applicationName: String! date: String! message: String! workflowName: String!
                     type: IssueType! level: ErrorLevels! }
union Issue = ApplicationIssue | GitIssue | WorkflowIssue
type HookError { message: String! date: String! }
type ReleaseHookWorkflowInfo { templateName: String! workflowName: String status: WorkflowPhases! error: HookError }
type ProductReleaseHooks { onStart: ReleaseHookWorkflowInfo onFail: ReleaseHookWorkflowInfo onSuccess: ReleaseHookWorkflowInfo }

type ProductReleaseStep {
  environmentName: String! environmentKind: EnvironmentKind! dependsOn: [String!]!
  preWorkflowsStepsView: [WorkflowsStepView!]! postWorkflowsStepsView: [WorkflowsStepView!]!
  applications: [ApplicationInfo!]! status: ProductReleaseStepStatus! liveStatus: String!
  updatedAt: String startedAt: String issues: [Issue!]! active: Boolean policyAction: String
}
type Annotation { id: String type: String! value: String key: String! entityId: String! entityType: String! }
type Images { name: String image: String repositoryName: String binaryId: String tag: String
              workflowName: String workflowUrl: String ciProvider: String }
type PipelineRef { id: String! name: String! project: String! projectId: String! }
type Build { id: String! pipeline: PipelineRef }
type ProductReleaseDetails { issues: [Annotation!]! prs: [Annotation!]! images: [Images!]! builds: [Build!]! }

type ProductRelease {
  releaseId: String! releaseName: String! productName: String! promotionFlowName: String triggerEnvironment: String
  steps: [ProductReleaseStep!]! environmentsStatuses: [ProductReleaseEnvironment!]!
  triggerCommit: CommitInfo status: ProductReleasePublicStatus! createdAt: String! updatedAt: String!
  error: ProductReleaseError details: ProductReleaseDetails initiator: ProductReleaseInitiator
  version: String hooks: ProductReleaseHooks
}
type Promotion {
  id: String! accountId: String! productName: String! promotionFlowName: String triggerEnvironment: String!
  environments: [PromotionEnvironment!]! triggerCommitInfo: PromotionCommitInfo
  status: ProductReleasePublicStatus! createdAt: String! updatedAt: String promotionAppVersion: String failure: PromotionError
}
union PromotionOrReleaseNode = ProductRelease | Promotion
type PromotionOrReleaseEdge { node: PromotionOrReleaseNode! cursor: String! }
type PromotionOrReleaseSlice { edges: [PromotionOrReleaseEdge!]! pageInfo: SliceInfo! }
type ProductReleaseEdge { node: ProductRelease! cursor: String! }
type ProductReleaseSlice { edges: [ProductReleaseEdge!]! pageInfo: SliceInfo! }

type Environment { id: String! name: String! kind: EnvironmentKind! position: Float! }
type PromotionPolicyDefinition { preAction: String postAction: String action: String }
type PromotionFlowHooks { onFail: String onStart: String onSuccess: String }
type FlowStep { environment: String! dependsOn: [String!]! policy: PromotionPolicyDefinition hooks: PromotionFlowHooks }
type ObjectMeta { name: String! namespace: String runtime: String! account: String! }
type PromotionFlow { metadata: ObjectMeta! id: String triggerEnvironment: String! steps: [FlowStep!]! }
type ProductGitTriggerSelector { key: String! operator: String! values: [String!]! }
type ProductPromotionFlowSelectors { name: String! gitTriggerSelectors: [ProductGitTriggerSelector!]! exists: Boolean! }
type ProductReleaseEntity { releaseId: String! promotionFlowName: String triggerEnvironment: String
  status: ProductReleasePublicStatus! updatedAt: String! createdAt: String! productName: String!
  initiator: ProductReleaseInitiator version: String }
type Product { id: String! name: String! metadata: ObjectMeta environments: [Environment]
  promotionFlows: [ProductPromotionFlowSelectors] concurrency: String latestRelease: ProductReleaseEntity }
type ProductEdge { node: Product! cursor: String! }
type ProductSlice { edges: [ProductEdge!]! pageInfo: SliceInfo! }
input ProductFilterArgs { name: String partialName: String environments: [String] promotionFlowNames: [String] }
type PromotionFlowEdge { node: PromotionFlow! cursor: String! }
type PromotionFlowSlice { edges: [PromotionFlowEdge!]! pageInfo: SliceInfo! }

type Account { id: String! name: String! }
type User { id: String! name: String! email: String activeAccount: Account }
`;

const QUERY_CURRENT = /* GraphQL */ `
type Query {
  me: User
  promotions(filters: ProductReleaseFiltersArgs, pagination: SlicePaginationArgs): PromotionOrReleaseSlice!
  productReleases(productName: String!, filters: ProductReleaseFiltersArgs!, pagination: SlicePaginationArgs): ProductReleaseSlice!
  products(filters: ProductFilterArgs, pagination: SlicePaginationArgs): ProductSlice!
  environments: [Environment!]!
  promotionFlows(pagination: SlicePaginationArgs): PromotionFlowSlice!
  productRelease(releaseId: String!): ProductRelease
}
`;

/**
 * Root fields no public client was seen using: their names are guesses, so a real platform may lack them. The demo
 * server can leave each one out of its schema.
 */
export const GUESSED_ROOT_FIELDS = ['products', 'promotionFlows', 'productRelease', 'environments'] as const;
export type GuessedRootField = (typeof GUESSED_ROOT_FIELDS)[number];

export function isGuessedRootField(name: string): name is GuessedRootField {
  return (GUESSED_ROOT_FIELDS as readonly string[]).includes(name);
}

/** A comma-separated list of root fields (`--without products,productRelease`); an unknown name is an error. */
export function parseWithout(v: string | undefined): GuessedRootField[] {
  if (v === undefined) return [];
  const names = v.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  const unknown = names.filter((n) => !isGuessedRootField(n));
  if (unknown.length > 0) throw new Error(`--without: unknown root field ${unknown.map((n) => `"${n}"`).join(', ')} (valid: ${GUESSED_ROOT_FIELDS.join(', ')})`);
  return names.filter(isGuessedRootField);
}

/** The Query type without the given root fields (each is one line of QUERY_CURRENT). */
function queryType(legacy: boolean, without: readonly GuessedRootField[]): string {
  // The legacy platform (< v1.3808.0) has no `promotions` root field.
  const drop = new Set<string>(legacy ? ['promotions', ...without] : without);
  return QUERY_CURRENT.split('\n')
    .filter((line) => {
      const field = /^\s*(\w+)[(:]/.exec(line)?.[1];
      return field === undefined || !drop.has(field);
    })
    .join('\n');
}

/** The SDL text the demo server executes (exported so tests and docs can show it). */
export function demoSchemaSdl(legacy: boolean, without: readonly GuessedRootField[] = []): string {
  return TYPES + queryType(legacy, without);
}

const cache = new Map<string, GraphQLSchema>();

export function demoSchema(legacy: boolean, without: readonly GuessedRootField[] = []): GraphQLSchema {
  const key = `${legacy}:${[...new Set(without)].sort().join(',')}`;
  let s = cache.get(key);
  if (!s) {
    s = buildSchema(demoSchemaSdl(legacy, without));
    cache.set(key, s);
  }
  return s;
}

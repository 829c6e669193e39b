// Every GraphQL document the Codefresh client sends, in ONE file so it can be corrected against a real account.
//
// - VERIFIED queries are cli-v2's text (https://github.com/codefresh-io/cli-v2/blob/HEAD/cmd/commands/product-release.go),
//   kept as is (whitespace aside).
// - ASSUMED queries use root fields and arguments no public client was seen sending. Each carries a comment saying
//   exactly what is assumed. Their selections use only type and field names of go-sdk's generated models
//   (https://github.com/codefresh-io/go-sdk/blob/HEAD/pkg/model/promotion-orchestrator/models_gen.go).

/** Names used in logs and errors (`<name>: <problem>`). */
export const QUERY_NAMES = {
  promotions: 'promotions',
  productReleases: 'productReleases',
  productReleasesNoApps: 'productReleases',
  productRelease: 'productRelease',
  productReleaseNotes: 'productRelease (notes)',
  products: 'products',
  promotionFlows: 'promotionFlows',
  environments: 'environments',
  me: 'me',
} as const;

/**
 * VERIFIED: cli-v2 `latest_query` (platform >= v1.3808.0), plus the trigger commit's message (`CommitInfo.message`,
 * `PromotionCommitInfo.commitMessage`, both in the published schema), so a listed release reads by its commit subject
 * without loading its detail.
 * Variables: `{ filters: { productNames: [<product>] }, pagination: { first: <= 50, after?: <cursor> } }`.
 */
export const PROMOTIONS_QUERY = `query Promotions($filters: ProductReleaseFiltersArgs, $pagination: SlicePaginationArgs) {
  promotions(filters: $filters, pagination: $pagination) {
    pageInfo { hasNextPage hasPrevPage startCursor endCursor }
    edges { node { __typename
      ... on ProductRelease { releaseId releaseName productName promotionFlowName error { message code } status
                              environmentsStatuses { __typename environmentName status } createdAt
                              triggerCommit { sha message } initiator { name avatarUrl } version }
      ... on Promotion { id productName promotionFlowName status environments { __typename name status } createdAt
                         triggerCommitInfo { commitSha commitMessage commitAuthor avatarURL } promotionAppVersion failure { message } }
    } }
  }
}`;

/**
 * VERIFIED (legacy platforms, < v1.3808.0): cli-v2's `getProductReleasesList`, verbatim except for ONE addition:
 * `pageInfo { hasNextPage hasPrevPage startCursor endCursor }`. cli-v2 reads one page only; we need the cursor to
 * page. ASSUMED: `pageInfo` is selectable on the legacy `ProductReleaseSlice` (the go-sdk model has it).
 */
export const PRODUCT_RELEASES_QUERY = `query getProductReleasesList($productName: String!, $filters: ProductReleaseFiltersArgs!, $pagination: SlicePaginationArgs) {
  productReleases(productName: $productName, filters: $filters, pagination: $pagination) {
    pageInfo { hasNextPage hasPrevPage startCursor endCursor }
    edges { node { releaseId
      triggerCommit { sha committer date message repoURL revision }
      steps { environmentName status applications { applicationId { runtime namespace name } commitSha } }
      status updatedAt createdAt } }
  }
}`;

/**
 * For platforms older than v1.3120.1, where `ProductReleaseStep.applications` does not exist (cli-v2 detects it by
 * `Cannot query field "applications" on type "ProductReleaseStep".`): the legacy query without `applications`.
 */
export const PRODUCT_RELEASES_NO_APPS_QUERY = `query getProductReleasesList($productName: String!, $filters: ProductReleaseFiltersArgs!, $pagination: SlicePaginationArgs) {
  productReleases(productName: $productName, filters: $filters, pagination: $pagination) {
    pageInfo { hasNextPage hasPrevPage startCursor endCursor }
    edges { node { releaseId
      triggerCommit { sha committer date message repoURL revision }
      steps { environmentName status }
      status updatedAt createdAt } }
  }
}`;

const STEP_VIEW = `name templateName startedAt finishedAt status workflows { applicationName workflowName status }`;
const HOOK = `templateName workflowName status error { message date }`;

/**
 * ASSUMED: root field `productRelease(releaseId: String!): ProductRelease` (the name is a guess: a
 * single-release query exists in the Codefresh UI but was not seen in public code). Also assumed: it
 * answers for the ids of both list node kinds (`ProductRelease.releaseId` and `Promotion.id`).
 * All selected fields are verified members of `ProductRelease` / `ProductReleaseStep` in the go-sdk models.
 */
export const PRODUCT_RELEASE_QUERY = `query ProductRelease($releaseId: String!) {
  productRelease(releaseId: $releaseId) {
    releaseId releaseName productName promotionFlowName triggerEnvironment status version createdAt updatedAt
    error { code message }
    initiator { name avatarUrl }
    triggerCommit { sha committer date message repoURL revision }
    environmentsStatuses { environmentName status }
    hooks { onStart { ${HOOK} } onSuccess { ${HOOK} } onFail { ${HOOK} } }
    steps {
      environmentName environmentKind dependsOn status liveStatus startedAt updatedAt active policyAction
      preWorkflowsStepsView { ${STEP_VIEW} }
      postWorkflowsStepsView { ${STEP_VIEW} }
      applications {
        applicationId { runtime namespace name } commitSha status
        pr { repo id url title author baseBranch headBranch createdAt state isMerged mergeCommitSHA }
      }
      issues {
        __typename
        ... on ApplicationIssue { applicationName runtime namespace date message kind syncStatus healthStatus type level }
        ... on GitIssue { applicationName date message type level }
        ... on WorkflowIssue { applicationName date message workflowName type level }
      }
    }
  }
}`;

/**
 * ASSUMED: the same `productRelease(releaseId)` root field as above; release notes are its verified
 * `details { issues prs images builds }` (Annotations whose `value` is assumed to be JSON text), plus the promotion
 * commits/PRs Codefresh made per application (`steps[].applications[].commitSha / pr`) as GitOps notes.
 */
export const PRODUCT_RELEASE_NOTES_QUERY = `query ProductReleaseNotes($releaseId: String!) {
  productRelease(releaseId: $releaseId) {
    releaseId status createdAt
    details {
      issues { id type key value entityId entityType }
      prs { id type key value entityId entityType }
      images { name image repositoryName binaryId tag workflowName workflowUrl ciProvider }
      builds { id pipeline { id name project projectId } }
    }
    steps {
      environmentName status
      applications {
        applicationId { runtime namespace name } commitSha
        pr { repo id url title author baseBranch headBranch createdAt state isMerged mergeCommitSHA }
      }
    }
  }
}`;

/**
 * ASSUMED: root field `products(filters: ProductFilterArgs, pagination: SlicePaginationArgs): ProductSlice!`
 * (the types are verified, the root field name is a guess). Selected fields are verified `Product` members.
 */
export const PRODUCTS_QUERY = `query Products($pagination: SlicePaginationArgs) {
  products(pagination: $pagination) {
    pageInfo { hasNextPage hasPrevPage startCursor endCursor }
    edges { node {
      id name
      environments { id name kind position }
      promotionFlows { name gitTriggerSelectors { key operator values } exists }
      concurrency
      latestRelease { releaseId promotionFlowName triggerEnvironment status createdAt updatedAt productName version }
    } }
  }
}`;

/**
 * ASSUMED: root field `promotionFlows(pagination: SlicePaginationArgs): PromotionFlowSlice!` (types verified, root
 * field name guessed). Selected fields are verified `PromotionFlow` / `FlowStep` members.
 */
export const PROMOTION_FLOWS_QUERY = `query PromotionFlows($pagination: SlicePaginationArgs) {
  promotionFlows(pagination: $pagination) {
    pageInfo { hasNextPage hasPrevPage startCursor endCursor }
    edges { node {
      metadata { name }
      triggerEnvironment
      steps { environment dependsOn policy { action preAction postAction } hooks { onStart onSuccess onFail } }
    } }
  }
}`;

/** ASSUMED: root field `environments: [Environment!]!` without arguments (name and shape guessed). */
export const ENVIRONMENTS_QUERY = `query Environments {
  environments { id name kind position }
}`;

/** VERIFIED root field `me` (go-sdk, report-image); a subset of its verified selection. Validates the key. */
export const ME_QUERY = `query Me {
  me { id name activeAccount { id name } }
}`;

/**
 * Error texts by which cli-v2 recognises an older platform: it sends the newest query and falls back when the error
 * names one of these (the checks at the top of cli-v2's cmd/commands/product-release.go). They are matched
 * against the error messages with JSON escaping removed, so both `\"promotions\"` and `"promotions"` match.
 */
export const OLDER_PLATFORM_MARKERS = {
  /** platform < v1.3808.0: no `promotions` root field → use the legacy `productReleases`. */
  noPromotions: 'Cannot query field "promotions" on type "Query"',
  /** platform < v1.3728.0: filters without `productNames` → use the legacy `productReleases`. */
  noProductNames: 'Unknown argument "productNames"',
  /** platform < v1.3120.1: steps without `applications` → legacy query without applications. */
  noApplications: 'Cannot query field "applications" on type "ProductReleaseStep".',
} as const;

// zod schemas for every Codefresh GraphQL payload the client reads, with the type and field names of the platform's
// generated models (https://github.com/codefresh-io/go-sdk/blob/HEAD/pkg/model/promotion-orchestrator/models_gen.go). Each schema matches what the corresponding query in ./queries
// selects, no more: a field the query does not select is optional here.
//
// Enum fields accept ANY string. The known vocabularies live in src/core/status.ts; the model keeps the raw value
// and `normalizeStatus` turns a value it does not know into `unknown` (with the raw text kept), so a newer API that
// invents a status never breaks the client. `ENUMS` below lists, per GraphQL enum, the known values and the
// status vocabulary (if any) that normalises them, so a test can walk them.
//
// `parsePayload` turns a validation failure into a BackendError('payload') that names the query and the field path,
// e.g. `Could not read the release list (promotions): data.promotions.edges[3].node.status: expected string, got number`.

import { z } from 'zod';
import {
  APP_PROMOTION_STATUSES,
  ENVIRONMENT_KINDS,
  ENVIRONMENT_STATUSES,
  ERROR_LEVELS,
  HEALTH_STATUSES,
  ISSUE_TYPES,
  LEGACY_ENVIRONMENT_STATUSES,
  PROMOTION_ACTIONS,
  PROMOTION_ERROR_CODES,
  PULL_REQUEST_STATES,
  RELEASE_ERROR_CODES,
  RELEASE_STATUSES,
  SYNC_STATUSES,
  type VocabularyName,
  WORKFLOW_NODE_PHASES,
  WORKFLOW_PHASES,
} from '../../core/status';
import { BackendError } from '../types';
import { formatIssues, issuePath } from '../../core/zodIssues';

// ---------------------------------------------------------------------------------------------------------------
// Enums

export interface EnumInfo {
  /** Values this version knows (from src/core/status.ts). */
  readonly values: readonly string[];
  /** The status vocabulary that normalises the values, for status enums. */
  readonly vocabulary?: VocabularyName;
}

/** Every GraphQL enum a schema below reads, by its GraphQL name. */
export const ENUMS = {
  ProductReleasePublicStatus: { values: RELEASE_STATUSES, vocabulary: 'release' },
  ProductReleaseStepStatus: { values: LEGACY_ENVIRONMENT_STATUSES, vocabulary: 'legacyEnvironment' },
  EnvironmentStatus: { values: ENVIRONMENT_STATUSES, vocabulary: 'environment' },
  WorkflowNodePhases: { values: WORKFLOW_NODE_PHASES, vocabulary: 'workflowNode' },
  WorkflowPhases: { values: WORKFLOW_PHASES, vocabulary: 'workflow' },
  ExtendedWorkflowPhases: { values: APP_PROMOTION_STATUSES, vocabulary: 'appPromotion' },
  EnvironmentKind: { values: ENVIRONMENT_KINDS },
  PromotionPolicyAction: { values: PROMOTION_ACTIONS },
  SyncStatus: { values: SYNC_STATUSES },
  HealthStatus: { values: HEALTH_STATUSES },
  IssueType: { values: ISSUE_TYPES },
  ErrorLevels: { values: ERROR_LEVELS },
  PullRequestState: { values: PULL_REQUEST_STATES },
  ProductReleaseErrorCode: { values: RELEASE_ERROR_CODES },
  PromotionErrorCode: { values: PROMOTION_ERROR_CODES },
  ProductConcurrency: { values: ['queue', 'terminate'] },
} as const satisfies Record<string, EnumInfo>;
export type EnumName = keyof typeof ENUMS;

/** Enum names used by each schema field, recorded as the schemas are built (for the vocabulary test). */
export const ENUM_FIELDS_USED = new Set<EnumName>();

/** A GraphQL enum field: any string is accepted (unknown values survive); the name documents the vocabulary. */
function enumOf(name: EnumName) {
  ENUM_FIELDS_USED.add(name);
  return z.string().describe(name);
}

// Nullable GraphQL scalars: `null` and absent are the same to us.
const optStr = () => z.string().nullish();
const optBool = () => z.boolean().nullish();

// ---------------------------------------------------------------------------------------------------------------
// Shared object types

export const SliceInfoSchema = z.object({
  startCursor: optStr(),
  endCursor: optStr(),
  hasNextPage: z.boolean(),
  hasPrevPage: z.boolean().nullish(),
});

/** `CommitInfo` (legacy trigger commit). All fields are non-null in the SDL, but queries select subsets. */
export const CommitInfoSchema = z.object({
  sha: z.string(),
  committer: optStr(),
  date: optStr(),
  message: optStr(),
  repoURL: optStr(),
  revision: optStr(),
});

/** `PromotionCommitInfo` (new-architecture trigger commit). */
export const PromotionCommitInfoSchema = z.object({
  commitSha: z.string(),
  commitMessage: optStr(),
  commitAuthor: optStr(),
  commitDate: optStr(),
  repoURL: optStr(),
  revision: optStr(),
  avatarURL: optStr(),
});

export const InitiatorSchema = z.object({ name: z.string(), avatarUrl: optStr() });

export const ReleaseErrorSchema = z.object({ code: enumOf('ProductReleaseErrorCode').nullish(), message: z.string() });
export const PromotionErrorSchema = z.object({
  code: enumOf('PromotionErrorCode').nullish(),
  message: z.string(),
  timestamp: optStr(),
});

export const ProductReleaseEnvironmentSchema = z.object({
  __typename: z.string().optional(),
  environmentName: z.string(),
  status: enumOf('ProductReleaseStepStatus'),
});

export const PromotionEnvironmentSchema = z.object({
  __typename: z.string().optional(),
  name: z.string(),
  dependsOn: z.array(z.string()).nullish(),
  status: enumOf('EnvironmentStatus'),
  startedAt: optStr(),
  updatedAt: optStr(),
});

export const ApplicationIdSchema = z.object({ runtime: z.string(), namespace: z.string(), name: z.string() });

export const PullRequestSchema = z.object({
  repo: z.string(),
  id: z.number(),
  url: z.string(),
  title: z.string(),
  description: optStr(),
  author: z.string(),
  avatarUrl: optStr(),
  baseBranch: optStr(),
  headBranch: optStr(),
  createdAt: optStr(),
  state: enumOf('PullRequestState'),
  isMerged: z.boolean(),
  mergeCommitSHA: optStr(),
});

export const ApplicationInfoSchema = z.object({
  applicationId: ApplicationIdSchema,
  commitSha: optStr(),
  pr: PullRequestSchema.nullish(),
  // Selected by the detail query; the verbatim legacy list query does not select it.
  status: enumOf('ExtendedWorkflowPhases').nullish(),
});

export const ReleaseStepWorkflowInfoSchema = z.object({
  applicationName: z.string(),
  workflowName: z.string(),
  status: enumOf('WorkflowNodePhases'),
});

export const WorkflowsStepViewSchema = z.object({
  name: optStr(),
  templateName: z.string(),
  startedAt: optStr(),
  finishedAt: optStr(),
  status: enumOf('WorkflowNodePhases'),
  workflows: z.array(ReleaseStepWorkflowInfoSchema).nullish(),
});

/**
 * `Issue = ApplicationIssue | GitIssue | WorkflowIssue`. Read as one lenient object keyed by `__typename` rather than
 * a closed union, so an issue type a newer API adds still shows (with its message) instead of failing the release.
 */
export const IssueSchema = z.object({
  __typename: z.string().optional(),
  applicationName: optStr(),
  workflowName: optStr(),
  runtime: optStr(),
  namespace: optStr(),
  kind: optStr(),
  date: z.string(),
  message: z.string(),
  type: enumOf('IssueType'),
  level: enumOf('ErrorLevels'),
  syncStatus: enumOf('SyncStatus').nullish(),
  healthStatus: enumOf('HealthStatus').nullish(),
});

export const HookErrorSchema = z.object({ message: z.string(), date: optStr() });
export const ReleaseHookWorkflowInfoSchema = z.object({
  templateName: z.string(),
  workflowName: optStr(),
  status: enumOf('WorkflowPhases'),
  error: HookErrorSchema.nullish(),
});
export const ProductReleaseHooksSchema = z.object({
  onStart: ReleaseHookWorkflowInfoSchema.nullish(),
  onFail: ReleaseHookWorkflowInfoSchema.nullish(),
  onSuccess: ReleaseHookWorkflowInfoSchema.nullish(),
});

export const ProductReleaseStepSchema = z.object({
  environmentName: z.string(),
  environmentKind: enumOf('EnvironmentKind').nullish(),
  dependsOn: z.array(z.string()).nullish(),
  preWorkflowsStepsView: z.array(WorkflowsStepViewSchema).nullish(),
  postWorkflowsStepsView: z.array(WorkflowsStepViewSchema).nullish(),
  applications: z.array(ApplicationInfoSchema).nullish(),
  status: enumOf('ProductReleaseStepStatus'),
  liveStatus: optStr(),
  updatedAt: optStr(),
  startedAt: optStr(),
  issues: z.array(IssueSchema).nullish(),
  active: optBool(),
  policyAction: enumOf('PromotionPolicyAction').nullish(),
});

/** `Annotation`: `value` is JSON text (issueValue / pullRequestValue), parsed leniently in the mapping. */
export const AnnotationSchema = z.object({
  id: optStr(),
  type: z.string(),
  value: optStr(),
  key: z.string(),
  entityId: optStr(),
  entityType: optStr(),
});
export const ImagesSchema = z.object({
  name: optStr(),
  image: optStr(),
  repositoryName: optStr(),
  binaryId: optStr(),
  tag: optStr(),
  workflowName: optStr(),
  workflowUrl: optStr(),
  ciProvider: optStr(),
});
export const BuildSchema = z.object({
  id: z.string(),
  pipeline: z.object({ id: optStr(), name: z.string(), project: optStr(), projectId: optStr() }).nullish(),
});
export const ProductReleaseDetailsSchema = z.object({
  issues: z.array(AnnotationSchema).nullish(),
  prs: z.array(AnnotationSchema).nullish(),
  images: z.array(ImagesSchema).nullish(),
  builds: z.array(BuildSchema).nullish(),
});

// ---------------------------------------------------------------------------------------------------------------
// Release nodes

/**
 * `ProductRelease`, as any of the queries select it (list, legacy list, detail, notes). Only `releaseId` and `status`
 * are required: the official CLI's oldest legacy query selects no more than `releaseId steps { environmentName
 * status } status`, so `createdAt` / `updatedAt` are optional (the mapping falls back, see mapProductRelease).
 */
export const ProductReleaseSchema = z.object({
  __typename: z.literal('ProductRelease').optional(),
  releaseId: z.string(),
  releaseName: optStr(),
  productName: optStr(),
  promotionFlowName: optStr(),
  triggerEnvironment: optStr(),
  steps: z.array(ProductReleaseStepSchema).nullish(),
  environmentsStatuses: z.array(ProductReleaseEnvironmentSchema).nullish(),
  triggerCommit: CommitInfoSchema.nullish(),
  status: enumOf('ProductReleasePublicStatus'),
  createdAt: optStr(),
  updatedAt: optStr(),
  error: ReleaseErrorSchema.nullish(),
  details: ProductReleaseDetailsSchema.nullish(),
  initiator: InitiatorSchema.nullish(),
  version: optStr(),
  hooks: ProductReleaseHooksSchema.nullish(),
});
export type ProductReleasePayload = z.infer<typeof ProductReleaseSchema>;

/** `Promotion` (new architecture list node). */
export const PromotionSchema = z.object({
  __typename: z.literal('Promotion'),
  id: z.string(),
  accountId: optStr(),
  productName: z.string(),
  promotionFlowName: optStr(),
  triggerEnvironment: optStr(),
  environments: z.array(PromotionEnvironmentSchema),
  triggerCommitInfo: PromotionCommitInfoSchema.nullish(),
  status: enumOf('ProductReleasePublicStatus'),
  createdAt: z.string(),
  updatedAt: optStr(),
  promotionAppVersion: optStr(),
  failure: PromotionErrorSchema.nullish(),
});
export type PromotionPayload = z.infer<typeof PromotionSchema>;

/** `PromotionOrReleaseNode = ProductRelease | Promotion`, told apart by `__typename`. */
export const PromotionOrReleaseNodeSchema = z.discriminatedUnion('__typename', [
  ProductReleaseSchema.extend({ __typename: z.literal('ProductRelease') }),
  PromotionSchema,
]);
export type PromotionOrReleaseNode = z.infer<typeof PromotionOrReleaseNodeSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Query responses (the `data` object)

// The release lists, read edge by edge: the slice itself must be sound (pageInfo, an `edges` array), but each edge is
// validated on its own (see `parseEdges`), so one bad node is left out and reported instead of failing the page.

export const PromotionsEdgeSchema = z.object({ node: PromotionOrReleaseNodeSchema, cursor: optStr() });
export const PromotionsSliceSchema = z.object({
  promotions: z.object({ pageInfo: SliceInfoSchema, edges: z.array(z.unknown()) }),
});

export const ProductReleaseEdgeSchema = z.object({ node: ProductReleaseSchema, cursor: optStr() });
export const ProductReleasesSliceSchema = z.object({
  productReleases: z.object({ pageInfo: SliceInfoSchema.nullish(), edges: z.array(z.unknown()) }),
});

export const ProductReleaseDataSchema = z.object({ productRelease: ProductReleaseSchema.nullable() });

export const EnvironmentSchema = z.object({
  id: optStr(),
  name: z.string(),
  kind: enumOf('EnvironmentKind'),
  position: z.number(),
});

export const ProductReleaseEntitySchema = z.object({
  releaseId: z.string(),
  promotionFlowName: optStr(),
  triggerEnvironment: optStr(),
  status: enumOf('ProductReleasePublicStatus'),
  updatedAt: optStr(),
  createdAt: z.string(),
  productName: optStr(),
  version: optStr(),
});

export const ProductSchema = z.object({
  id: optStr(),
  name: z.string(),
  // `[Environment]`: the list and its items are nullable.
  environments: z.array(EnvironmentSchema.nullable()).nullish(),
  promotionFlows: z
    .array(
      z
        .object({
          name: z.string(),
          gitTriggerSelectors: z
            .array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()) }))
            .nullish(),
          exists: optBool(),
        })
        .nullable(),
    )
    .nullish(),
  concurrency: enumOf('ProductConcurrency').nullish(),
  latestRelease: ProductReleaseEntitySchema.nullish(),
});
export type ProductPayload = z.infer<typeof ProductSchema>;

export const ProductsDataSchema = z.object({
  products: z.object({ pageInfo: SliceInfoSchema, edges: z.array(z.object({ node: ProductSchema, cursor: optStr() })) }),
});

const HooksDefinitionSchema = z.object({ onStart: optStr(), onSuccess: optStr(), onFail: optStr() });
export const PromotionFlowSchema = z.object({
  metadata: z.object({ name: z.string(), namespace: optStr(), runtime: optStr(), account: optStr() }),
  id: optStr(),
  triggerEnvironment: z.string(),
  steps: z.array(
    z.object({
      environment: z.string(),
      dependsOn: z.array(z.string()).nullish(),
      policy: z
        .object({ action: enumOf('PromotionPolicyAction').nullish(), preAction: optStr(), postAction: optStr() })
        .nullish(),
      hooks: HooksDefinitionSchema.nullish(),
    }),
  ),
});
export type PromotionFlowPayload = z.infer<typeof PromotionFlowSchema>;

export const PromotionFlowsDataSchema = z.object({
  promotionFlows: z.object({
    pageInfo: SliceInfoSchema,
    edges: z.array(z.object({ node: PromotionFlowSchema, cursor: optStr() })),
  }),
});

export const EnvironmentsDataSchema = z.object({ environments: z.array(EnvironmentSchema) });

export const MeDataSchema = z.object({
  me: z
    .object({
      id: z.string(),
      name: z.string(),
      email: optStr(),
      activeAccount: z.object({ id: z.string(), name: z.string() }).nullish(),
    })
    .nullable(),
});

// ---------------------------------------------------------------------------------------------------------------
// Validation with a readable error

/** What each query reads, in words (by the names in QUERY_NAMES), so a message starts as a sentence. */
const QUERY_PURPOSES: Readonly<Record<string, string>> = {
  promotions: 'the release list',
  productReleases: 'the release list',
  productRelease: 'the release',
  'productRelease (notes)': 'the release notes',
  products: 'the products',
  promotionFlows: 'the promotion flows',
  environments: 'the environments',
  me: 'the account of this API key',
};

/**
 * The start of every error message about a query: a human sentence, with the query name in parentheses for
 * whoever has to look at the API (`Could not read the release list (promotions)`).
 */
export function queryLead(queryName: string): string {
  const what = QUERY_PURPOSES[queryName];
  return what ? `Could not read ${what} (${queryName})` : `The ${queryName} query failed`;
}

/** `typeof`, with `null` and arrays told apart, and `missing` for absent values. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** A server-sent value quoted for a message: JSON text, cut to a readable length (the server controls its size). */
function quoteShort(value: unknown, max = 80): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const actual = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, got ${describeValue(actual)}`;
    case 'invalid_union': {
      // A discriminated union reports at the discriminator itself (zod 4) or at the object (older shapes).
      const typename =
        issue.path.at(-1) === '__typename'
          ? actual
          : actual !== null && typeof actual === 'object'
            ? (actual as Record<string, unknown>).__typename
            : undefined;
      if (typeof typename === 'string') return `unknown __typename ${quoteShort(typename)} (expected ProductRelease or Promotion)`;
      return `does not match any allowed shape (got ${describeValue(actual)})`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${quoteShort(actual)}`;
    default:
      return issue.message;
  }
}

/**
 * Validate the `data` object of a GraphQL response. On failure, throw BackendError('payload') naming the query and
 * the first offending field path (and how many more there are).
 */
export function parsePayload<S extends z.ZodType>(queryName: string, schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  if (!first) throw new BackendError('payload', `${queryLead(queryName)}: the response does not match the expected shape`, { query: queryName });
  const path = issuePath(first.path, 'data');
  throw new BackendError('payload', `${queryLead(queryName)}: ${formatIssues(issues, { root: 'data', describe: (i) => describeIssue(i, data) })}`, {
    query: queryName,
    path,
  });
}

/** The edges of a release list page that could be read, and what was wrong with the others. */
export interface ParsedEdges<T> {
  /** The edges that passed their schema, in the API's order, with their position in the page. */
  edges: { edge: T; index: number }[];
  /** How many edges failed their schema. */
  skipped: number;
  /** One human reason per failed edge, naming the field path (the first MAX_SKIP_REASONS only). */
  reasons: string[];
}

/** At most this many distinct reasons are kept per page (the count says how many rows were left out). */
export const MAX_SKIP_REASONS = 5;

/**
 * Validate each edge of a list page on its own. `root` is the path of the edges array in the response (e.g.
 * `data.promotions.edges`), so a reason reads `data.promotions.edges[3].node.createdAt: expected string, got missing`.
 */
export function parseEdges<S extends z.ZodType>(root: string, schema: S, edges: readonly unknown[]): ParsedEdges<z.infer<S>> {
  const out: ParsedEdges<z.infer<S>> = { edges: [], skipped: 0, reasons: [] };
  for (let index = 0; index < edges.length; index++) {
    const raw = edges[index];
    const result = schema.safeParse(raw);
    if (result.success) {
      out.edges.push({ edge: result.data, index });
      continue;
    }
    out.skipped++;
    if (out.reasons.length >= MAX_SKIP_REASONS) continue;
    const first = result.error.issues[0];
    const reason = first
      ? formatIssues([first], { root: `${root}[${index}]`, describe: (i) => describeIssue(i, raw) })
      : `${root}[${index}]: does not match the expected shape`;
    out.reasons.push(reason);
  }
  return out;
}

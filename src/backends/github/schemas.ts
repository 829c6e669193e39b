// What the GitHub backend reads, as zod schemas: only the fields it uses, everything else passes. Field names follow
// GitHub's REST description (https://github.com/github/rest-api-description) and GraphQL schema
// (https://docs.github.com/en/graphql/reference/objects#deployment). Lists are read item by item, so one odd item
// is reported and left out without losing the rest.

import { z } from 'zod';
import { formatIssues } from '../../core/zodIssues';
import { BackendError } from '../types';

const nstr = z.string().nullish();

export const UserSchema = z.object({ login: z.string(), name: nstr });

export const RepositorySchema = z.object({
  full_name: z.string(),
  html_url: z.string(),
  private: z.boolean().optional(),
  permissions: z.object({ admin: z.boolean().optional(), push: z.boolean().optional(), pull: z.boolean().optional() }).optional(),
});

export const RestDeploymentSchema = z.object({
  id: z.number(),
  sha: z.string(),
  environment: z.string(),
  production_environment: z.boolean().optional(),
  updated_at: z.string(),
});

export const RestEnvironmentsSchema = z.object({ environments: z.array(z.unknown()).optional() });

export const RunSchema = z.object({
  id: z.number(),
  name: nstr,
  head_sha: z.string(),
  head_branch: nstr,
  path: z.string().optional(),
  run_number: z.number(),
  run_attempt: z.number().optional(),
  event: z.string(),
  status: nstr,
  conclusion: nstr,
  created_at: z.string(),
  updated_at: z.string(),
  html_url: z.string(),
  display_title: z.string().optional(),
  actor: z.object({ login: z.string(), avatar_url: z.string().optional() }).nullish(),
  head_commit: z.object({ message: z.string(), timestamp: z.string().optional(), author: z.object({ name: z.string(), email: z.string().optional() }).nullish() }).nullish(),
});
export type Run = z.infer<typeof RunSchema>;
export const RunsSchema = z.object({ workflow_runs: z.array(z.unknown()) });

export const JobSchema = z.object({
  id: z.number(),
  run_id: z.number(),
  name: z.string(),
  status: z.string(),
  conclusion: nstr,
  started_at: nstr,
  completed_at: nstr,
  html_url: nstr,
  steps: z
    .array(z.object({ name: z.string(), status: z.string(), conclusion: nstr, number: z.number(), started_at: nstr, completed_at: nstr }))
    .optional(),
});
export type Job = z.infer<typeof JobSchema>;

export const PendingDeploymentSchema = z.object({
  environment: z.object({ id: z.number().optional(), name: z.string().optional() }),
  wait_timer: z.number(),
  wait_timer_started_at: nstr,
  current_user_can_approve: z.boolean(),
  reviewers: z.array(
    z.object({
      type: z.string().optional(),
      reviewer: z.object({ login: z.string().optional(), name: z.string().optional(), slug: z.string().optional() }).passthrough().optional(),
    }),
  ),
});
export type PendingDeployment = z.infer<typeof PendingDeploymentSchema>;

export const GqlDeploymentSchema = z.object({
  databaseId: z.number().nullish(),
  environment: nstr,
  latestEnvironment: nstr,
  state: nstr,
  task: nstr,
  createdAt: z.string(),
  updatedAt: z.string(),
  commitOid: z.string(),
  ref: z.object({ name: z.string() }).nullish(),
  creator: z.object({ login: z.string(), avatarUrl: z.string().optional() }).nullish(),
  latestStatus: z
    .object({ state: z.string(), description: nstr, logUrl: nstr, environmentUrl: nstr, createdAt: z.string() })
    .nullish(),
  commit: z
    .object({ message: z.string(), committedDate: z.string().optional(), author: z.object({ name: nstr, email: nstr }).nullish() })
    .nullish(),
});
export type GqlDeployment = z.infer<typeof GqlDeploymentSchema>;

export const DeploymentsDataSchema = z.object({
  rateLimit: z.object({ cost: z.number() }).nullish(),
  repository: z
    .object({
      deployments: z.object({
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: nstr }),
        nodes: z.array(z.unknown()).nullish(),
      }),
    })
    .nullable(),
});

export const GqlEnvironmentSchema = z.object({
  name: z.string(),
  isPinned: z.boolean().nullish(),
  pinnedPosition: z.number().nullish(),
});
export const EnvironmentsDataSchema = z.object({
  rateLimit: z.object({ cost: z.number() }).nullish(),
  repository: z.object({ environments: z.object({ nodes: z.array(z.unknown()).nullish() }) }).nullable(),
});

/** Parse a whole answer or fail with a `payload` error naming the field. */
export function parseWhole<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new BackendError('payload', `GitHub sent an answer to ${what} that this version cannot read: ${formatIssues(r.error.issues, { max: 2 })}`);
  return r.data;
}

/** Parse list items one by one: the readable ones, and a reason for each one left out. */
export function parseItems<T>(schema: z.ZodType<T>, items: readonly unknown[], root: string): { items: T[]; reasons: string[] } {
  const out: T[] = [];
  const reasons: string[] = [];
  items.forEach((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) out.push(r.data);
    else reasons.push(formatIssues(r.error.issues, { root: `${root}[${i}]` }));
  });
  return { items: out, reasons };
}

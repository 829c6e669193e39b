// The pull requests of commits, from GitHub's GraphQL API: one query per batch of commits, each commit an aliased
// `object(oid:)` with its `associatedPullRequests` (https://docs.github.com/en/graphql/reference/objects#commit).
// The shas travel as variables (`$c0: GitObjectID!`), never inside the query text. Each pull request is read on its
// own: one GitHub sends in a shape this version cannot read is reported and left out, the rest kept.

import { z } from 'zod';
import type { CommitPullRequests, NotePullRequest } from '../../core/model';
import type { GitHubHttp } from './transport';
import { parseItems, parseWhole } from './schemas';

/** Commits per query: 50 aliased commit lookups with five pull requests each stay far below GitHub's node limit. */
export const PULL_REQUEST_BATCH = 50;
/** Pull requests per commit: a commit is in few pull requests; the merged one is what the notes want. */
const PER_COMMIT = 5;

const FULL_SHA = /^[0-9a-f]{40}$/;
/** GraphQL error messages kept as warnings for one answer (a server may send thousands). */
const MAX_WARNINGS = 20;

/** The query for `count` commits: variables `$c0` … `$c{count-1}`, answers under the same aliases. */
export function pullRequestsQuery(count: number): string {
  const ids = Array.from({ length: count }, (_, i) => `c${i}`);
  return `query PullRequestsOfCommits($owner: String!, $name: String!, ${ids.map((id) => `$${id}: GitObjectID!`).join(', ')}) {
  rateLimit { cost }
  repository(owner: $owner, name: $name) {
${ids.map((id) => `    ${id}: object(oid: $${id}) { ... on Commit { associatedPullRequests(first: ${PER_COMMIT}) { nodes { number title url state mergedAt author { login } } } } }`).join('\n')}
  }
}`;
}

const GqlPullRequestSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  url: z.url(),
  state: z.string(),
  mergedAt: z.string().nullish(),
  author: z.object({ login: z.string() }).nullish(),
});
type GqlPullRequest = z.infer<typeof GqlPullRequestSchema>;

const CommitNodeSchema = z
  .object({ associatedPullRequests: z.object({ nodes: z.array(z.unknown()).nullish() }).nullish() })
  .nullish();

const PullRequestsDataSchema = z.object({
  rateLimit: z.object({ cost: z.number() }).nullish(),
  repository: z.record(z.string(), z.unknown()).nullable(),
});

/**
 * The pull requests that contain the given commits of `owner/name`, each with the asked commits it contains, in the
 * order their first commit was asked. Of a commit's pull requests the merged ones count; one in none that was
 * merged keeps its others (a commit deployed from an open pull request's branch). Shas that are not full hex ids
 * are not asked about.
 */
export async function pullRequestsOfCommits(
  http: GitHubHttp,
  repo: { owner: string; name: string },
  shas: readonly string[],
  signal?: AbortSignal,
): Promise<CommitPullRequests> {
  const wanted = [...new Set(shas.map((s) => s.toLowerCase()).filter((s) => FULL_SHA.test(s)))];
  const byNumber = new Map<number, NotePullRequest>();
  const reasons: string[] = [];
  const warnings: string[] = [];
  for (let start = 0; start < wanted.length; start += PULL_REQUEST_BATCH) {
    const batch = wanted.slice(start, start + PULL_REQUEST_BATCH);
    const variables: Record<string, unknown> = { owner: repo.owner, name: repo.name };
    batch.forEach((sha, i) => (variables[`c${i}`] = sha));
    const what = `the pull requests of commits of ${repo.owner}/${repo.name}`;
    const { data, warnings: partial } = await http.graphql(pullRequestsQuery(batch.length), variables, signal);
    for (const w of (partial ?? []).slice(0, MAX_WARNINGS)) if (warnings.length < MAX_WARNINGS) warnings.push(w);
    const parsed = parseWhole(PullRequestsDataSchema, data, what);
    http.addPoints(parsed.rateLimit?.cost ?? 1);
    if (!parsed.repository) continue;
    batch.forEach((sha, i) => {
      const node = CommitNodeSchema.safeParse(parsed.repository?.[`c${i}`]);
      if (!node.success) {
        reasons.push(`repository.c${i} (commit ${sha.slice(0, 7)}): not a commit this version can read`);
        return;
      }
      // At most the PER_COMMIT asked for: a server that sends more is not read further.
      const items = parseItems(GqlPullRequestSchema, (node.data?.associatedPullRequests?.nodes ?? []).slice(0, PER_COMMIT), `repository.c${i}.associatedPullRequests.nodes`);
      for (const r of items.reasons) reasons.push(r);
      const merged = items.items.filter((p) => p.state === 'MERGED');
      for (const p of merged.length ? merged : items.items) addCommit(byNumber, p, sha);
    });
  }
  return {
    pullRequests: [...byNumber.values()],
    ...(reasons.length ? { skipped: { count: reasons.length, reasons: [...new Set(reasons)].slice(0, 5) } } : {}),
    ...(warnings.length ? { warnings: [...new Set(warnings)] } : {}),
  };
}

function addCommit(byNumber: Map<number, NotePullRequest>, p: GqlPullRequest, sha: string): void {
  let pr = byNumber.get(p.number);
  if (!pr) {
    pr = {
      key: `#${p.number}`,
      number: p.number,
      title: p.title,
      url: p.url,
      ...(p.author ? { author: p.author.login } : {}),
      ...(p.mergedAt ? { mergedAt: p.mergedAt } : {}),
      state: p.state,
      commits: [],
      source: 'backend',
    };
    byNumber.set(p.number, pr);
  }
  if (!pr.commits?.some((c) => c.sha === sha)) (pr.commits ??= []).push({ sha });
}

// Where a GitHub release went, for its notes: per environment, the release's newest deployment there with the two
// links GitHub keeps on its latest status, `environment_url` (the deployed application) and `log_url` (the job that
// deployed), https://docs.github.com/en/rest/deployments/statuses.

import type { NoteDeployment } from '../../core/model';
import { deploymentEnvironment, environmentStatusOf } from './mapping';
import type { GqlDeployment } from './schemas';

/** One entry per environment, from the newest of `deployments` there, in the order of `environments`. */
export function deploymentNotes(deployments: readonly GqlDeployment[], environments: readonly string[]): NoteDeployment[] {
  const newest = new Map<string, GqlDeployment>();
  for (const d of [...deployments].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))) {
    const env = deploymentEnvironment(d);
    if (env && !newest.has(env)) newest.set(env, d);
  }
  const order = [...environments.filter((e) => newest.has(e)), ...[...newest.keys()].filter((e) => !environments.includes(e))];
  return order.map((env) => {
    const d = newest.get(env)!;
    const url = d.latestStatus?.environmentUrl;
    const logUrl = d.latestStatus?.logUrl;
    return {
      environment: env,
      status: environmentStatusOf(d.latestStatus?.state ?? d.state),
      ...(url ? { url } : {}),
      ...(logUrl ? { logUrl } : {}),
      source: 'backend',
    };
  });
}

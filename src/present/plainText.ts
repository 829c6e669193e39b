// The plain-text answers the command line prints and the agent tools quote: where a commit is deployed, one line per
// environment, and a release's notes. Pure (core types only), so the CLI, the MCP server and the VS Code tools word
// an answer the same way.

import { approvalWords, DEPLOYMENT_STATE_LABELS, ignoredReleases, type CommitDeployments, type ReleaseRef } from '../core/deployment';
import type { NotePullRequest, ReleaseNotes } from '../core/model';
import { environmentStatus, statusLabel } from '../core/status';

/** Plain-text rendering of an answer (one line per environment). */
export function renderWhere(answer: CommitDeployments, title?: string): string {
  const lines = [`commit ${answer.sha.slice(0, 12)}${title ? `  ${title}` : ''}`];
  if (answer.unknown) {
    lines.push(`  unknown: ${answer.unknown.detail}`);
    return lines.join('\n');
  }
  if (!answer.products.length) lines.push('  no products');
  for (const p of answer.products) {
    lines.push(p.product);
    // reduce, not a spread into Math.max: the environment list comes from the backend and may be very long.
    const width = p.environments.reduce((w, e) => Math.max(w, e.environment.length), 8);
    const stateWidth = p.environments.reduce((w, e) => Math.max(w, DEPLOYMENT_STATE_LABELS[e.state].length), 10);
    const name = (r: ReleaseRef) => `${r.id}${r.version ? ` (${r.version})` : ''}`;
    for (const e of p.environments) {
      let s = `  ${e.environment.padEnd(width)}  ${DEPLOYMENT_STATE_LABELS[e.state].padEnd(stateWidth)}`;
      if (e.release) s += `  ${name(e.release)} ${statusLabel(e.release.environmentStatus)}`;
      if (e.state === 'no-longer-deployed' && e.liveRelease) s += `; live now ${name(e.liveRelease)}`;
      // Which time is which: since when the commit is here (and in which release it came), since when the live
      // release is, when a release on its way started there.
      if (e.state === 'deployed' && e.since) {
        s += `; here since ${e.since}`;
        if (e.firstRelease && e.release && e.firstRelease.id !== e.release.id) s += ` (first in ${e.firstRelease.id})${e.releaseAt ? `, ${e.release.id} here since ${e.releaseAt}` : ''}`;
      } else if (e.state === 'deployed' && e.firstRelease && e.firstRelease.id !== e.release?.id) s += `; first in ${e.firstRelease.id}`;
      if (e.state === 'no-longer-deployed' && e.since) s += ` since ${e.since}`;
      if (e.state === 'on-its-way' && e.releaseAt) s += `, started ${e.releaseAt}`;
      if (e.state === 'taken-down' && e.since) s += `, taken down ${e.since}`;
      if (e.state === 'awaiting-approval') s += `: ${approvalWords(e) ?? 'waiting for approval'}`;
      if (e.state === 'awaiting-approval' && e.releaseAt) s += `, since ${e.releaseAt}`;
      if (e.error) s += `: ${e.error}`;
      if (e.state === 'unknown' && e.detail) s += `: ${e.detail}`;
      lines.push(s.trimEnd());
    }
    for (const i of ignoredReleases(p)) lines.push(`  not counted (cannot change the answer): ${i.detail} (${i.environments.join(', ')})`);
  }
  return lines.join('\n');
}

/** Plain-text release notes. */
export function renderNotes(n: ReleaseNotes, version?: string, previousId?: string): string {
  const lines = [`release ${n.releaseId}${version ? ` (${version})` : ''}${previousId ? ` since ${previousId}` : ''}`];
  const tag = (s: string) => (s === 'local-git' ? ' [git]' : '');
  const section = (title: string, items: string[]) => {
    if (!items.length) return;
    lines.push('', `${title}:`, ...items.map((i) => `  ${i}`));
  };
  const merged = (p: NotePullRequest) => (p.mergedAt ? ` merged ${p.mergedAt.slice(0, 10)}` : p.state && p.state !== 'MERGED' ? ` ${p.state.toLowerCase()}` : '');
  section('Pull requests', n.pullRequests.map((p) => `${p.key} ${p.title ?? ''}${p.author ? ` (${p.author})` : ''}${merged(p)}${p.url ? ` ${p.url}` : ''}${tag(p.source)}`));
  section('Issues', n.issues.map((i) => `${i.key}${i.title ? ` ${i.title}` : ''}${i.url ? ` ${i.url}` : ''}${tag(i.source)}`));
  section('Commits', n.commits.map((c) => `${c.sha.slice(0, 10)} ${c.message.split('\n')[0]}${c.author ? ` (${c.author})` : ''}${tag(c.source)}`));
  section('Images', n.images.map((i) => `${i.image}${i.commit ? ` from ${i.commit.sha.slice(0, 10)}` : ''}`));
  section('GitOps commits', n.gitopsCommits.map((c) => `${c.sha.slice(0, 10)} ${c.message.split('\n')[0]}`));
  section('GitOps pull requests', n.gitopsPullRequests.map((p) => `${p.key} ${p.title ?? ''}${p.url ? ` ${p.url}` : ''}`));
  section('Builds', n.builds.map((b) => `${b.id}${b.pipeline ? ` ${b.pipeline}` : ''}${b.url ? ` ${b.url}` : ''}`));
  section('Deployments', (n.deployments ?? []).map((d) => `${d.environment}${d.status ? ` ${statusLabel(environmentStatus(d.status))}` : ''}${d.url ? ` ${d.url}` : ''}${d.logUrl ? ` log: ${d.logUrl}` : ''}`));
  section('Notes', n.notices ?? []);
  if (lines.length === 1) lines.push('  (nothing known)');
  return lines.join('\n');
}

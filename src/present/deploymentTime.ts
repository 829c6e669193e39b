// Which time an environment's answer shows, in words that say what the time is of. A commit deployed in dev since a
// release six days ago, now carried by one that arrived five hours ago, reads "in dev since 6 d (1.0.30), now 1.0.49
// from 5 h ago", never "1.0.49 · 6 d ago" (which reads as the release's age); a release on its way is timed by its
// attempt there ("started 15 s ago"), not by when the release was made. Used by the hover (and so the status bar's
// tooltip) and the Commit Deployments rows; the CLI prints the same two times as ISO dates.

import type { EnvironmentDeployment, ReleaseRef } from '../core/deployment';
import { statusLabel } from '../core/status';
import { releaseName } from './releaseLabel';
import { formatDuration, relativeTime } from './time';

/** How the words are written: plain text, or Markdown (releases as links, other text escaped). */
export interface TimeWriter {
  release(r: ReleaseRef): string;
  text(s: string): string;
}

const PLAIN: TimeWriter = { release: (r) => releaseName(r), text: (s) => s };

const valid = (iso: string | undefined): iso is string => iso !== undefined && Number.isFinite(Date.parse(iso));

/** How long ago, as a duration ("6 d"): for "since" phrases. */
const age = (iso: string, now: number): string => formatDuration(Math.max(1000, now - Date.parse(iso)));

/**
 * The release an answer names and when, e.g. `in dev since 6 d (1.0.30), now 1.0.49 from 5 h ago`,
 * `1.0.49, in dev since 5 h`, `1.0.49, started 15 s ago`, `1.0.50, failed 2 h ago`. Undefined when the answer names
 * no release. A release no longer deployed is timed by the live one that replaced it (`1.0.3, replaced by 1.0.4 2 h ago`).
 */
export function deploymentTimeText(e: EnvironmentDeployment, now: number = Date.now(), w: TimeWriter = PLAIN): string | undefined {
  const r = e.release;
  if (!r) return undefined;
  const name = w.release(r);
  switch (e.state) {
    case 'deployed': {
      const since = valid(e.since) ? e.since : valid(e.releaseAt) ? e.releaseAt : undefined;
      if (!since) return name;
      const here = `in ${e.environment} since ${age(since, now)}`;
      const first = e.firstRelease;
      if (first && first.id !== r.id && valid(e.releaseAt)) {
        return `${w.text(here)} (${w.release(first)}), ${w.text('now')} ${name} ${w.text(`from ${relativeTime(e.releaseAt, now)}`)}`;
      }
      return `${name}, ${w.text(here)}`;
    }
    case 'taken-down':
      return valid(e.since) ? `${name}, ${w.text(`taken down ${relativeTime(e.since, now)}`)}` : name;
    case 'awaiting-approval':
      return valid(e.releaseAt) ? `${name}, ${w.text(`waiting since ${age(e.releaseAt, now)}`)}` : name;
    case 'on-its-way':
      return valid(e.releaseAt) ? `${name}, ${w.text(`started ${relativeTime(e.releaseAt, now)}`)}` : name;
    case 'blocked':
      return valid(e.releaseAt) ? `${name}, ${w.text(`${statusLabel(r.environmentStatus).toLowerCase()} ${relativeTime(e.releaseAt, now)}`)}` : name;
    case 'no-longer-deployed': {
      if (!e.liveRelease) return name;
      const when = valid(e.since) ? ` ${w.text(relativeTime(e.since, now))}` : '';
      return `${name}, ${w.text('replaced by')} ${w.release(e.liveRelease)}${when}`;
    }
    default:
      return name;
  }
}

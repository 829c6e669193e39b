// How a release is named wherever it appears (tree row, quick pick, hover cell, accessible label): its version, its
// status with when it started or finished, and its trigger commit's subject. The backend's id (often 24 hex digits)
// stays in tooltips and the copy action; it names a release only when the backend sent no version.

import { derivedStatus } from '../core/derivedStatus';
import type { ReleaseSummary } from '../core/model';
import { environmentStatus, isActive, type Status } from '../core/status';
import { statusWord, vocabularyOf } from '../core/vocabulary';
import { firstLine } from './text';
import { formatDuration, relativeTime } from './time';

/** Ids longer than this are shortened to their last characters where they stand in for a missing version. */
const LONG_ID = 12;

/** A whole commit sha (SHA-1 or SHA-256), which some backends give as a deployment's version. */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * The release's name: its version (a whole commit sha shortened to 7 digits, as Git and GitHub show one), else its
 * title, else its id (a long id shortened: the full one is in the tooltip).
 */
export function releaseName(r: { id: string; version?: string; releaseName?: string }): string {
  if (r.version) return FULL_SHA.test(r.version) ? r.version.slice(0, 7) : r.version;
  // Without a version, the release's own title (a GitHub run's) names it better than its id.
  const title = firstLine(r.releaseName, 60);
  if (title) return title;
  return r.id.length > LONG_ID ? `release …${r.id.slice(-6)}` : `release ${r.id}`;
}

/**
 * Status and when: `Running in qa since 15 s` for a release still moving, counted from the start of what moves (a
 * Freight made days ago whose promotion started 15 s ago is not "running since 5 d"); `Running since 3 min` when it
 * moves everywhere it has started, or no environment says when it started (counted from the release's start);
 * `Succeeded 2 h ago` for a finished one (its last update is when it finished), `Failed · started 10 d ago` when only
 * the start is known.
 */
export function releaseWhen(
  r: Pick<ReleaseSummary, 'createdAt' | 'createdAtFallback' | 'updatedAt'> & Partial<Pick<ReleaseSummary, 'environments' | 'source'>>,
  status: Status,
  now: number = Date.now(),
): string {
  const label = statusWord(vocabularyOf(r.source), status);
  const started = r.createdAtFallback === 'none' || !Number.isFinite(Date.parse(r.createdAt)) ? undefined : r.createdAt;
  if (isActive(status.kind)) {
    const moving = (r.environments ?? []).filter((e) => isActive(environmentStatus(e.status).kind) && e.startedAt !== undefined && Number.isFinite(Date.parse(e.startedAt)));
    const settled = (r.environments ?? []).some((e) => !isActive(environmentStatus(e.status).kind) && e.startedAt !== undefined);
    // Where an environment finished before the moving one started, the moving one's start is the time that matters.
    if (moving.length > 0 && settled) {
      const latest = moving.reduce((a, b) => (Date.parse(b.startedAt!) > Date.parse(a.startedAt!) ? b : a));
      return `${label} in ${latest.name} since ${formatDuration(Math.max(1000, now - Date.parse(latest.startedAt!)))}`;
    }
    if (!started || r.createdAtFallback === 'updatedAt') return label;
    return `${label} since ${formatDuration(Math.max(1000, now - Date.parse(started)))}`;
  }
  const finished = r.updatedAt && Number.isFinite(Date.parse(r.updatedAt)) ? r.updatedAt : undefined;
  if (finished) return `${label} ${relativeTime(finished, now)}`;
  if (started) return `${label} · started ${relativeTime(started, now)}`;
  return label;
}

/** The first line of the trigger commit's message, else its short sha; empty when the release names no commit. */
export function releaseSubject(r: Pick<ReleaseSummary, 'triggerCommit'>, max = 60): string {
  const c = r.triggerCommit;
  if (!c) return '';
  const subject = firstLine(c.message, max);
  return subject || (c.sha ? `commit ${c.sha.slice(0, 7)}` : '');
}

export interface ReleaseHeadline {
  /** The version (or short id). */
  name: string;
  /** Status and when, e.g. `Running since 3 min`. */
  when: string;
  /** Trigger commit subject, or `commit abc1234`, or empty. */
  subject: string;
  /** One sentence for screen readers: `Release 1.4.2, Running since 3 min, Fix login redirect`. */
  accessible: string;
}

export function releaseHeadline(r: ReleaseSummary, now: number = Date.now(), status: Status = derivedStatus(r).release): ReleaseHeadline {
  const name = releaseName(r);
  const when = releaseWhen(r, status, now);
  const subject = releaseSubject(r);
  const accessible = [`${r.productName} release ${name}`, when, subject].filter(Boolean).join(', ');
  return { name, when, subject, accessible };
}

// How a view says that what it shows is the answer saved by an earlier session, not one fetched now: its age, and
// "offline" while the backend cannot be reached. Pure: no vscode.

import { relativeTime } from './time';

/** `saved answer, as of 5 min ago, offline` (undefined when the data was fetched in this session). */
export function savedAnswerNote(restoredAt: number | undefined, offline: boolean, now: number = Date.now()): string | undefined {
  if (restoredAt === undefined) return undefined;
  return `saved answer, as of ${relativeTime(restoredAt, now)}${offline ? ', offline' : ''}`;
}

// What a full commit id looks like, apart from the git I/O so that the pure commit index can use it without pulling
// in the process wrapper. Git prints object ids in lower case; SHA-1 ids are 40 hex digits.

export const FULL_SHA = /^[0-9a-f]{40}$/;

/** The id git blame gives lines that are not committed yet. */
export const ZERO_SHA = '0000000000000000000000000000000000000000';

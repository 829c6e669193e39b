// The data path the extension loads lazily, as one bundle of its own (dist/data.js, see ./deps): the backends (the
// Codefresh client with undici and yaml, the demo server with graphql-js), Git (simple-git, the commit graph) and
// the graph source with its resolver. Nothing here imports vscode. The rest of src/vscode imports only types from these modules.

export { createBackend, DemoBackend, readCfConfig, readKargoCliConfig } from '../backends/create';
export { BlameCache } from '../git/blame';
export { headSha, headWatchTargets, RepoRootCache } from '../git/repo';
export * as sha from '../git/sha';
export { GraphSource } from '../resolve/graphSource';
export * as notes from '../resolve/notes';
export { credentialFingerprint, normalizeEndpoint, SnapshotFiles } from '../resolve/snapshotFile';
export { EventClaims } from '../resolve/eventClaims';
export { compareEnvironments } from '../resolve/compare';
export { ownRecentCommits } from '../git/log';

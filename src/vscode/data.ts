// The data path the extension loads lazily, as one bundle of its own (dist/data.js, see ./deps): the backends (the
// Codefresh client with undici and yaml, the demo server with graphql-js), Git (simple-git, the commit graph) and
// the resolver. Nothing here imports vscode. The rest of src/vscode imports only types from these modules.

export { createBackend, DemoBackend, readCfConfig } from '../backends/create';
export { BlameCache } from '../git/blame';
export { CommitGraph } from '../git/graph';
export { findRepoRoot, headSha } from '../git/repo';
export * as sha from '../git/sha';
export * as notes from '../resolve/notes';
export { createResolver } from '../resolve/where';

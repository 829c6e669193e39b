// The other parts of the project, loaded lazily: activation must stay cheap, so nothing heavy (undici, graphql,
// zod schemas, simple-git) is evaluated until the first background task needs it. esbuild bundles these modules
// into dist/extension.js but wraps them in lazy initialisers because they are reached only through import().

export const loadCodefresh = () => import('../backends/codefresh/index');
export const loadDemoServer = () => import('../backends/demo/server');
export const loadGitRepo = () => import('../git/repo');
export const loadBlame = () => import('../git/blame');
export const loadSha = () => import('../git/sha');
export const loadGraph = () => import('../git/graph');
export const loadWhere = () => import('../resolve/where');
export const loadNotes = () => import('../resolve/notes');


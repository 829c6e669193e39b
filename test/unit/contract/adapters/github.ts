import type { Adapter } from './adapter';
export const githubAdapter: Adapter = { backend: 'github', cannot: {}, serve: () => Promise.reject(new Error('todo')) };

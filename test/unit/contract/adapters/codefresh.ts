import type { Adapter } from './adapter';
export const codefreshAdapter: Adapter = { backend: 'codefresh', cannot: {}, serve: () => Promise.reject(new Error('todo')) };

// Public surface of the Codefresh backend: code outside src/backends/codefresh imports it from here only.

export {
  type ApiGeneration,
  apiGenerationFor,
  CodefreshBackend,
  type CodefreshOptions,
  createCodefreshBackend,
  forgetApiGeneration,
  forgetMissingQueries,
  type GuessedQuery,
  missingQueriesFor,
} from './backend';
export { type CfConfigCredentials, readCfConfig } from './localConfig';
export { DEFAULT_CODEFRESH_URL } from './defaults';
export { GRAPHQL_PATH, MAX_PAGE_SIZE, normalizeBaseUrl } from './transport';
export type { ProxyOptions } from '../http/dispatcher';

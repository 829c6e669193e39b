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
} from './client';
export { type CfConfigCredentials, DEFAULT_CODEFRESH_URL, readCfConfig } from './cfconfig';
export { GRAPHQL_PATH, MAX_PAGE_SIZE, normalizeBaseUrl, type ProxyOptions } from './transport';

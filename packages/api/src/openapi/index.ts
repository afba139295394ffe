// The REST API (/api/v1) generated from the tRPC procedures that carry `openapi` meta.
export { createOpenApiDocument, type DocumentOptions } from './document.ts';
export {
  createRestHandler,
  isApiHost,
  REST_PREFIX,
  type RestHandlerDeps,
  type RestRequestInfo,
  type SessionCheck,
  type TokenPrincipal,
} from './handler.ts';
export { problem, problemResponse, type Problem } from './problem.ts';
export { createRestRateLimiter, DEFAULT_POLICY, type RateLimiterStore, type RestRateLimiter } from './rate-limit.ts';
export { restRoutes, matchRoute, type RestRoute } from './routes.ts';
export { requiredScope, rest, type ProcedureMeta, type RestMeta } from './meta.ts';

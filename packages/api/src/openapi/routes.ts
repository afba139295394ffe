import { forEachOpenApiProcedure, getPathRegExp, normalizePath, type OpenApiMethod } from 'trpc-to-openapi';
import { appRouter } from '../root.ts';
import { requiredScope, type ProcedureMeta } from './meta.ts';

// The route table of /api/v1: every procedure of the root router with `openapi` meta, found by
// walking the router (a new router merged in root.ts is picked up with no list to keep).

export type RestRoute = {
  method: OpenApiMethod;
  /** The OpenAPI path, e.g. /chargers/{id}. */
  path: string;
  /** The procedure's dotted path in the router, e.g. charger.get. */
  procedure: string;
  type: 'query' | 'mutation';
  scope: string;
  idempotent: boolean;
  hasPathParams: boolean;
  pattern: RegExp;
};

let cached: RestRoute[] | null = null;

export function restRoutes(): RestRoute[] {
  if (cached) return cached;
  const routes: RestRoute[] = [];
  forEachOpenApiProcedure(appRouter._def.procedures, ({ path: procedure, type, meta }) => {
    const m = meta as ProcedureMeta;
    if (!m.openapi || type === 'subscription') return;
    const path = normalizePath(m.openapi.path);
    const scope = requiredScope(m);
    if (!scope) throw new Error(`REST route ${procedure} has no resource (tags) to derive its scope from`);
    routes.push({
      method: m.openapi.method,
      path,
      procedure,
      type,
      scope,
      idempotent: m.idempotent === true,
      hasPathParams: path.includes('{'),
      pattern: getPathRegExp(path),
    });
  });
  // A literal segment wins over a parameter: /chargers/import before /chargers/{id}.
  routes.sort((a, b) => paramCount(a.path) - paramCount(b.path));
  cached = routes;
  return routes;
}

function paramCount(path: string): number {
  return (path.match(/\{/g) ?? []).length;
}

/** The route a request names, with its path parameters; `methods` lists what the path allows. */
export function matchRoute(
  method: string,
  path: string,
): { route: RestRoute; params: Record<string, string> } | { route: null; methods: string[] } {
  const normalized = normalizePath(path);
  const methods: string[] = [];
  for (const route of restRoutes()) {
    const m = route.pattern.exec(normalized);
    if (!m) continue;
    if (route.method !== method) {
      methods.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
    return { route, params };
  }
  return { route: null, methods };
}

import type { OpenApiMeta, OpenApiMethod } from 'trpc-to-openapi';
import type { ApiResource } from '@magma/core/oauth';

// What a procedure adds to be served on REST. `resource` names the OAuth scope family (API_RESOURCES
// of @magma/core/oauth): a GET needs `<resource>:read`, anything else `<resource>:write` (see
// requiredScope); a token's scopes are a ceiling on top of its role.

export type RestMeta = {
  /** The scope family; defaults to the first tag. */
  resource?: ApiResource;
  /** Read or write; defaults to read for GET, write otherwise (a POST that only computes says read). */
  access?: 'read' | 'write';
  /** POSTs that create or send: the route honours `Idempotency-Key`. */
  idempotent?: boolean;
};

export type ProcedureMeta = OpenApiMeta<RestMeta>;

type RestOptions = {
  summary: string;
  /** The document's tag when it is not the resource (fleet views are `chargers` scope). */
  tag?: string;
  description?: string;
  access?: 'read' | 'write';
  idempotent?: boolean;
};

/** `.meta(rest('GET', '/chargers/{id}', 'chargers', { summary }))`: the one way to put a procedure on REST. */
export function rest(
  method: OpenApiMethod,
  path: `/${string}`,
  resource: ApiResource,
  { summary, description, access, idempotent, tag }: RestOptions,
): ProcedureMeta {
  return {
    resource,
    ...(access ? { access } : {}),
    ...(idempotent ? { idempotent } : {}),
    openapi: { method, path, tags: [tag ?? resource], summary, description, protect: true },
  };
}

/** The scope a token needs for a route, e.g. `chargers:read`. */
export function requiredScope(meta: ProcedureMeta): string | null {
  const openapi = meta.openapi;
  if (!openapi) return null;
  const resource = meta.resource ?? openapi.tags?.[0];
  if (!resource) return null;
  const access = meta.access ?? (openapi.method === 'GET' ? 'read' : 'write');
  return `${resource}:${access}`;
}

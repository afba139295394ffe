import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
import { appRouter } from '../root.ts';
import { RECORDED_EXAMPLES } from './examples.generated.ts';
import { problem, PROBLEM_TYPE_BASE, type Problem } from './problem.ts';
import { restRoutes } from './routes.ts';

// The OpenAPI 3.1 document of /api/v1, generated from the procedures that carry `openapi` meta: the
// same list the route handler serves (restRoutes), so the document cannot list a route the server
// does not answer, or miss one it does.

export type DocumentOptions = {
  /** The API's base URL as the caller reached it, e.g. https://demo.example.in/api/v1. */
  baseUrl: string;
  /** The OAuth token endpoint (client credentials). */
  tokenUrl: string;
};

const problemSchema: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', example: `${PROBLEM_TYPE_BASE}not-found` },
    title: { type: 'string', example: 'Not found' },
    status: { type: 'integer', example: 404 },
    detail: { type: 'string', example: 'No such charger' },
    instance: { type: 'string', example: '/api/v1/chargers/6c1f…' },
    code: { type: 'string', example: 'NOT_FOUND' },
    errors: {
      type: 'array',
      description: 'For invalid input: one entry per field',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const ERRORS: Record<string, string> = {
  '400': 'Invalid input (the `errors` list names the fields)',
  '401': 'No credentials, or an invalid or expired token',
  '403': 'The credential lacks the scope or the role for this route',
  '404': 'No such resource in the caller’s tenant (or vendor) scope',
  '409': 'Conflict with the current state',
  '422': 'Idempotency-Key reused with a different request',
  '429': 'Rate limit exceeded: retry after `Retry-After` seconds',
  '500': 'Internal error',
};

const RATE_HEADERS = {
  RateLimit: {
    description: 'IETF draft: remaining quota and seconds to reset, e.g. `"default";r=119;t=42`',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': { description: 'IETF draft: e.g. `"default";q=120;w=60`', schema: { type: 'string' } },
} as const;

type MediaType = { schema?: unknown; example?: unknown };
type Operation = {
  operationId?: string;
  summary?: string;
  parameters?: unknown[];
  requestBody?: { content?: Record<string, MediaType> };
  responses: Record<string, { description: string; headers?: unknown; content?: Record<string, MediaType> }>;
  security?: unknown;
};

/** An error of each status as problem() writes it on the wire (code and a typical detail). */
const ERROR_EXAMPLES: Record<string, [Problem['code'], string]> = {
  '400': ['BAD_INPUT', 'Too big: expected number to be <=500'],
  '401': ['UNAUTHENTICATED', 'Missing bearer token'],
  '403': ['FORBIDDEN', 'This token lacks the scope chargers:write'],
  '404': ['NOT_FOUND', 'No such charger'],
  '409': ['CONFLICT', 'This fault was already acknowledged'],
  '422': ['IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used with a different request'],
  '429': ['RATE_LIMITED', 'Rate limit exceeded: retry in 12 s'],
  '500': ['INTERNAL', 'Something went wrong on our side'],
};

/** The WebSocket event stream is not a REST route: described here, in the document's description. */
const STREAM_DESCRIPTION = [
  '## Event stream (WebSocket)',
  '`wss://<host>/api/v1/stream` pushes the catalogue events webhooks carry (`session.started`, ' +
    '`connector.status_changed`, `payment.captured`, …; same `{type, version, timestamp, data}` envelope) as ' +
    'they are committed. Authenticate with `Authorization: Bearer <token>` on the upgrade request, or send ' +
    '`{"type":"auth","token":"…"}` as the first message within 5 s; the server answers `{"type":"ready"}`. ' +
    'Then send `{"type":"subscribe","events":["session.*"],"scope":{"siteId":"…"}}` (`events` takes types, ' +
    'prefixes or `*`; `scope` a `siteId` or a `chargerId`; both optional). Each event arrives as ' +
    '`{"type":"event","id":"1234","event":{…}}`, ids increasing. After a reconnect, add `"lastEventId":"1234"` ' +
    'to the subscribe message to get the missed events first (up to 1,000 events and 15 minutes back); beyond ' +
    'that the server answers `{"type":"resync_required"}` and goes on live: read the current state over REST. ' +
    'A token sees what its role, vendor scope and read scopes allow (a vendor: its own chargers’ events).',
  'Close codes: 4401 no valid token (bad, expired, revoked, or none within 5 s), 4403 another operator’s host, ' +
    '4400 a malformed message, 1009 a message over 4 KiB, 4429 over 5 connections per token or 60 messages a ' +
    'minute, 4008 a client that does not read its events (the server never buffers more than 1 MiB for it). ' +
    'The server pings every 30 s and drops a connection that does not answer.',
].join('\n\n');

export function createOpenApiDocument({ baseUrl, tokenUrl }: DocumentOptions): OpenAPIObject {
  const routes = restRoutes();
  const doc = generateOpenApiDocument(appRouter, {
    title: 'Magma CSMS API',
    version: '1.0.0',
    description:
      'REST API of the charging station management system, generated from the same procedures the dashboard ' +
      'uses. Authenticate with an OAuth 2.0 client-credentials token (Settings → Developers) or a personal ' +
      'API token, as `Authorization: Bearer <token>`. Every route sees exactly what the credential’s role and ' +
      'vendor scope allow. Errors are RFC 9457 problem details.\n\n' +
      STREAM_DESCRIPTION,
    baseUrl,
    securitySchemes: {
      oauth2: {
        type: 'oauth2',
        flows: { clientCredentials: { tokenUrl, scopes: scopeDescriptions(routes.map((r) => r.scope)) } },
      },
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or personal API token' },
    },
  });
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Problem: problemSchema } };
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const route = byKey.get(`${method.toUpperCase()} ${path}`);
      if (!route) continue;
      op.security = [{ oauth2: [route.scope] }, { bearer: [] }];
      const ok = op.responses['200'];
      if (ok)
        ok.headers = {
          ...RATE_HEADERS,
          ...(route.method === 'GET' && route.hasPathParams ? { ETag: { schema: { type: 'string' } } } : {}),
        };
      const responses: Operation['responses'] = ok ? { '200': ok } : {};
      for (const [status, description] of Object.entries(ERRORS)) {
        if (status === '422' && !route.idempotent) continue;
        responses[status] = {
          description,
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          ...(status === '429' ? { headers: { 'Retry-After': { schema: { type: 'integer' } } } } : {}),
        };
      }
      op.responses = responses;
      attachExamples(op, `${route.method} ${path}`, path);
      if (route.idempotent) {
        op.parameters = [
          ...(op.parameters ?? []),
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'Repeat the request safely for 24 h: the same key answers with the first response',
            schema: { type: 'string', maxLength: 255 },
            example: '5f1c2a3e-0d7b-4f7e-9a51-2c8b6d2f4e10',
          },
        ];
      }
    }
  }
  return doc;
}

/**
 * Examples on each operation: the request body and answer the contract test recorded for the route
 * (examples.generated.ts), and a problem body for each error status.
 */
function attachExamples(op: Operation, key: string, path: string) {
  const recorded = RECORDED_EXAMPLES[key];
  const ok = op.responses['200']?.content?.['application/json'];
  if (recorded?.response !== undefined && ok) ok.example = recorded.response;
  const body = op.requestBody?.content?.['application/json'];
  if (recorded && body && recorded.request !== undefined) body.example = recorded.request;
  for (const [status, response] of Object.entries(op.responses)) {
    const media = response.content?.['application/problem+json'];
    const e = ERROR_EXAMPLES[status];
    if (!media || !e) continue;
    const [code, detail] = e;
    media.example = problem(code, detail, {
      instance: `/api/v1${path}`,
      ...(code === 'BAD_INPUT' ? { errors: [{ field: 'limit', message: detail }] } : {}),
    });
  }
}

function scopeDescriptions(scopes: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of [...new Set(scopes)].sort()) {
    const [resource, access] = s.split(':');
    out[s] = `${access === 'read' ? 'Read' : 'Change'} ${resource}`;
  }
  return out;
}

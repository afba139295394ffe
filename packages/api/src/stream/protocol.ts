import { z } from 'zod';
import { EVENT_TYPES, type EventType } from '@magma/core/events';
import { hasScope, type ApiPrincipal, type ApiScope } from '@magma/core/oauth';
import type { StreamRow } from './event-feed.ts';

// The event stream's wire protocol (wss://<host>/api/v1/stream), JSON text frames both ways.
// Documented for clients in the OpenAPI document's description (openapi/document.ts).

export const STREAM_PATH = '/api/v1/stream';

/** Close codes: 4xxx are ours (RFC 6455 leaves 4000–4999 to applications). */
export const CLOSE = {
  /** No valid token in the Authorization header or the first message within the auth timeout. */
  UNAUTHORIZED: 4401,
  /** The token is valid but belongs to another operator than this host serves. */
  FORBIDDEN: 4403,
  /** A message that is not JSON or not one of the messages below. */
  BAD_MESSAGE: 4400,
  /** Too many connections for this token, or too many messages on this one. */
  RATE_LIMITED: 4429,
  /** The client did not read fast enough: events piled up beyond the send buffer. */
  TOO_SLOW: 4008,
  /** A message larger than the cap (ws answers this one itself). */
  TOO_LARGE: 1009,
  /** No pong to the last ping. */
  GONE: 1001,
} as const;

const uuid = z.uuid();
const pattern = z
  .string()
  .max(60)
  .refine((p) => p === '*' || EVENT_TYPES.includes(p as EventType) || /^[a-z]+\.\*$/.test(p), {
    message: 'an event type of the catalogue, a prefix such as "session.*", or "*"',
  });

export const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(4096) }),
  z.object({
    type: z.literal('subscribe'),
    /** Catalogue types or prefixes; absent or empty: every type the token may read. */
    events: z.array(pattern).max(50).optional(),
    scope: z
      .union([z.object({ siteId: uuid }).strict(), z.object({ chargerId: uuid }).strict(), z.object({}).strict()])
      .optional(),
    /** The last event id this client received: the missed events are sent first (bounded). */
    lastEventId: z
      .string()
      .regex(/^\d{1,19}$/)
      .optional(),
  }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;
export type Subscription = Extract<ClientMessage, { type: 'subscribe' }>;

/** The scope a token needs to see an event type (the REST routes' read scope for its resource). */
const RESOURCE: [prefix: string, scope: ApiScope][] = [
  ['charger.fault', 'faults:read'],
  ['session.', 'sessions:read'],
  ['charger.', 'chargers:read'],
  ['connector.', 'chargers:read'],
  ['payment.', 'payments:read'],
  ['tariff.', 'tariffs:read'],
  ['reservation.', 'reservations:read'],
  ['settlement.', 'settlements:read'],
  ['payout.', 'payouts:read'],
  ['command.', 'commands:read'],
];

export function scopeFor(type: string): ApiScope | null {
  return RESOURCE.find(([prefix]) => type.startsWith(prefix))?.[1] ?? null;
}

/** Whether this principal, with this subscription, gets this row. */
export function wants(principal: ApiPrincipal, sub: Subscription, row: StreamRow): boolean {
  if (row.tenantId !== principal.tenantId) return false;
  // A vendor's token sees only facts of its own chargers (or its own payouts and statements).
  if (principal.role === 'VENDOR_USER' && row.vendorId !== principal.vendorId) return false;
  const needed = scopeFor(row.type);
  if (!needed || !hasScope(principal.scopes, needed)) return false;
  const events = sub.events ?? [];
  if (
    events.length > 0 &&
    !events.some((p) => p === '*' || p === row.type || (p.endsWith('.*') && row.type.startsWith(p.slice(0, -1))))
  )
    return false;
  const scope = sub.scope ?? {};
  if ('siteId' in scope && row.siteId !== scope.siteId) return false;
  if ('chargerId' in scope && row.chargerId !== scope.chargerId) return false;
  return true;
}

/** The frame of one event: its stream id (a decimal string) and the webhook envelope. */
export function eventFrame(row: StreamRow): string {
  return JSON.stringify({ type: 'event', id: row.id.toString(), event: row.payload });
}

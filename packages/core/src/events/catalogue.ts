import { z } from 'zod';

// The one catalogue of domain events: what happened in a tenant, named and shaped once, for the
// live dashboard, webhooks and (later) push and roaming. Each type has a payload schema; a change
// that breaks a receiver is a new version (EVENT_VERSION), never an edit of a published shape.

export const EVENT_VERSION = 1;

const id = z.string().min(1).max(100);
const uuid = z.uuid();
const at = z.iso.datetime();
const minor = z.number().int();

const session = z.object({
  sessionId: uuid,
  chargerId: uuid,
  evseId: z.number().int().nonnegative(),
  startedAt: at,
});

const charger = z.object({ chargerId: uuid, identity: id });

const reservation = z.object({
  reservationId: uuid,
  chargerId: uuid,
  evseId: z.number().int().nonnegative().nullable(),
  expiresAt: at.optional(),
});

const payment = z.object({
  paymentId: uuid,
  sessionId: uuid.nullable(),
  amountMinor: minor,
  currency: z.string().length(3),
  gateway: z.string().max(40),
});

const payout = z.object({
  payoutId: uuid,
  vendorId: uuid,
  amountMinor: minor,
  currency: z.string().length(3),
});

export const EVENT_SCHEMAS = {
  'session.started': session.extend({ idTag: z.string().max(64).nullable(), meterStartWh: z.number() }),
  /**
   * A running session's figures moved (energy, power, SoC), at most once a minute per session and
   * only when something moved (SESSION_UPDATE_INTERVAL_S in charging/write-meter-values.ts, which
   * writes it in SQL). No price: a session is priced when it ends (session.stopped, then payments).
   */
  'session.updated': session.extend({
    energyWh: z.number(),
    powerW: z.number().nullable().optional(),
    soc: z.number().int().min(0).max(100).nullable().optional(),
  }),
  'session.stopped': session.extend({
    stoppedAt: at,
    energyWh: z.number(),
    reason: z.string().max(64).nullable(),
  }),
  'charger.connected': charger.extend({ protocol: z.enum(['OCPP16', 'OCPP201']) }),
  'charger.disconnected': charger,
  'charger.fault': z.object({
    chargerId: uuid,
    faultId: uuid,
    kind: z.string().max(40),
    code: z.string().max(100),
    evseId: z.number().int().nullable(),
  }),
  /**
   * A security event the charger reported (SecurityEventNotification, 2.0.1 and the 1.6 security
   * extension). `critical` as the version's specification marks the type; a critical one opened or
   * joined the alert `faultId` (a charger.fault for the opening one).
   */
  'charger.security_event': z.object({
    chargerId: uuid,
    securityEventId: uuid,
    type: z.string().max(50),
    timestamp: at,
    techInfo: z.string().max(255).nullable(),
    critical: z.boolean(),
    faultId: uuid.nullable(),
  }),
  'connector.status_changed': z.object({
    chargerId: uuid,
    evseId: z.number().int().nonnegative(),
    connectorId: z.number().int().nonnegative(),
    status: z.string().max(40),
    errorCode: z.string().max(100).nullable(),
  }),
  'payment.captured': payment,
  'payment.failed': payment.extend({ reason: z.string().max(500).nullable() }),
  'payment.refunded': payment.extend({ refundId: id }),
  'tariff.published': z.object({
    tariffId: uuid,
    versionId: uuid,
    version: z.number().int().positive(),
    activeFrom: at,
  }),
  'reservation.created': reservation,
  'reservation.cancelled': reservation,
  'reservation.expired': reservation,
  'reservation.used': reservation.extend({ sessionId: uuid }),
  'settlement.closed': z.object({
    settlementId: uuid,
    vendorId: uuid.nullable(),
    periodStart: at,
    periodEnd: at,
    amountMinor: minor,
    currency: z.string().length(3),
  }),
  'payout.created': payout,
  'payout.paid': payout,
  'payout.failed': payout.extend({ reason: z.string().max(500).nullable() }),
  'command.completed': z.object({
    commandId: uuid,
    chargerId: uuid,
    action: z.string().max(60),
    status: z.enum(['RESPONDED', 'ERROR', 'TIMEOUT', 'OFFLINE']),
    response: z.unknown().optional(),
  }),
  /** Sent from Settings → Webhooks to one endpoint, never to a filter. */
  'webhook.test': z.object({ message: z.string().max(200) }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
export const eventTypeSchema = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);

/** The types an endpoint can subscribe to (the test event goes to whichever endpoint asks for it). */
export const SUBSCRIBABLE_EVENT_TYPES = EVENT_TYPES.filter((t) => t !== 'webhook.test');

export type EventData<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;

/** One fact of one tenant. `id` is stable for the fact: emitting it twice delivers it once. */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: {
    id: string;
    type: K;
    tenantId: string;
    /** The site the fact belongs to (per-site endpoints); resolved from chargerId when absent. */
    siteId?: string | null;
    chargerId?: string | null;
    /** The vendor the fact belongs to (vendor-scoped streams); resolved from chargerId when absent. */
    vendorId?: string | null;
    occurredAt: Date;
    data: EventData<K>;
  };
}[T];

/** What a receiver gets as the body (Standard Webhooks' recommended shape, plus the version). */
export type EventEnvelope = { type: EventType; version: number; timestamp: string; data: unknown };

/** Validates the payload against the catalogue; a caller's malformed event is a bug, so it throws. */
export function envelopeOf(event: DomainEvent): EventEnvelope {
  const data = EVENT_SCHEMAS[event.type].parse(event.data);
  return { type: event.type, version: EVENT_VERSION, timestamp: event.occurredAt.toISOString(), data };
}

/**
 * A message id derived from the fact (`msg_` + type + the entity's key), so a use case retried
 * after a crash emits the same message and the outbox keeps one.
 */
export const eventIdOf = (type: EventType, key: string) => `msg_${type}_${key}`;

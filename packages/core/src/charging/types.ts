import type { Db, Prisma } from '@magma/db';
import type { LiveEventSink } from '../bus/live-events.ts';

/** The charger a message came from, resolved once at admission by the relay. */
export type ChargerRef = { tenantId: string; chargerId: string };

export type Tx = Prisma.TransactionClient;

/** Every charging use case takes the database, the charger, and where to report live events. */
export type ChargingDeps = { db: Db; charger: ChargerRef; events?: LiveEventSink };

/** One sampled value, already normalised from either OCPP version (2.0.1 multipliers applied). */
export type MeterSampleInput = {
  timestamp: Date;
  measurand: string;
  phase?: string | null;
  location?: string | null;
  context?: string | null;
  unit?: string | null;
  value: number;
};

export type IdTokenCheck = {
  status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';
  idTokenId: string | null;
  expiresAt: Date | null;
  parentToken: string | null;
};

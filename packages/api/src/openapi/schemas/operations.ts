import { z } from 'zod';
import {
  ConnectorType,
  FaultKind,
  IdTokenStatus,
  IdTokenType,
  PaymentProvider,
  PaymentsMode,
  PaymentStatus,
  DriverSessionStatus,
  ReservationStatus,
  TransactionStatus,
} from '@magma/db';
import { connectorDisplayStatus, commandBriefOutput } from './charger.ts';
import { dateTime, jsonValue, pageOutput } from './common.ts';

const int = () => z.number().int();
const siteRef = z.object({ id: z.string(), name: z.string(), city: z.string() });

// ---- fleet
// The use case counts only the states that occur; the REST body (and the dashboard) gets every state,
// a missing one as 0, which is what its type promises.
const count = () => int().default(0);
const connectorCounts = z.object({
  total: int(),
  unknown: count(),
  charging: count(),
  available: count(),
  preparing: count(),
  suspended: count(),
  finishing: count(),
  reserved: count(),
  occupied: count(),
  unavailable: count(),
  faulted: count(),
  offline: count(),
});

export const fleetKpisOutput = z.object({
  at: dateTime,
  currency: z.string(),
  activeSessions: int(),
  activeSessions7dAvg: z.number(),
  energyTodayWh: z.number(),
  energyYesterdayWh: z.number(),
  revenueTodayMinor: int(),
  revenueRunningEstimateMinor: int(),
  revenueYesterdayMinor: int(),
  connectors: connectorCounts,
});

export const powerChartOutput = z.array(z.object({ at: dateTime, kw: z.number() }));

export const connectorRowsOutput = z.object({
  rows: z.array(
    z.object({
      id: z.string(),
      chargerId: z.string(),
      identity: z.string(),
      model: z.string().nullable(),
      protocol: z.string(),
      evseId: int(),
      connectorId: int(),
      type: z.string(),
      ratedKw: z.number().nullable(),
      siteId: z.string().nullable(),
      siteName: z.string().nullable(),
      city: z.string().nullable(),
      livePowerW: z.number().nullable(),
      liveSoc: z.number().nullable(),
      liveEnergyWh: z.number().nullable(),
      status: connectorDisplayStatus,
      ocppStatus: z.string(),
      errorCode: z.string().nullable(),
      statusAt: dateTime.nullable(),
      online: z.boolean(),
    }),
  ),
  total: int(),
  page: int(),
  pageSize: int(),
});

export const filterOptionsOutput = z.object({
  cities: z.array(z.string()),
  sites: z.array(siteRef),
  models: z.array(z.string()),
  firmwares: z.array(z.string()),
  powerLevels: z.array(z.object({ value: z.enum(['ac_slow', 'ac_fast', 'dc_fast', 'dc_ultra']), label: z.string() })),
});

// ---- reservations
export const reservationOutput = z.object({
  id: z.string(),
  reservationId: int(),
  chargerId: z.string(),
  evseId: int(),
  idTag: z.string().nullable().meta({ description: 'The card; null for a vendor-scoped caller' }),
  parentIdTag: z.string().nullable(),
  expiresAt: dateTime,
  status: z.enum(ReservationStatus),
  note: z.string().nullable(),
  transactionId: z.string().nullable(),
  createdAt: dateTime,
  endedAt: dateTime.nullable(),
});

export const reservationListOutput = z.array(reservationOutput.extend({ chargerIdentity: z.string() }));
export const reservationPageOutput = pageOutput(reservationOutput.extend({ chargerIdentity: z.string() }));

export const reservationCommandOutput = z.object({ reservation: reservationOutput, command: commandBriefOutput });

// ---- sessions
const sessionRow = z.object({
  id: z.string(),
  seq: int(),
  status: z.enum(TransactionStatus),
  evseId: int(),
  idTag: z.string().nullable(),
  startedAt: dateTime,
  stoppedAt: dateTime.nullable(),
  energyWh: z.number(),
  livePowerW: z.number().nullable(),
  stopReason: z.string().nullable(),
  costMinor: int().nullable(),
  taxMinor: int().nullable(),
  currency: z.string(),
  charger: z.object({ id: z.string(), identity: z.string(), site: siteRef.nullable() }),
});

export const sessionPageOutput = pageOutput(sessionRow);

export const sessionListOutput = z.object({
  rows: z.array(sessionRow),
  page: int(),
  pageSize: int(),
  totals: z.object({ sessions: int(), energyWh: z.number(), costMinor: int() }),
});

const adjustmentRefund = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('refunded'),
    owedMinor: int(),
    amountMinor: int(),
    status: z.enum(['PENDING', 'PROCESSED']),
  }),
  z.object({ outcome: z.literal('below-minimum'), owedMinor: int(), minimumMinor: int() }),
  z.object({ outcome: z.literal('declined'), owedMinor: int(), amountMinor: int() }),
  z.object({ outcome: z.literal('sending'), owedMinor: int() }),
]);

export const sessionDetailOutput = z.object({
  session: z.object({
    id: z.string(),
    tenantId: z.string(),
    vendorId: z.string().nullable(),
    siteId: z.string().nullable(),
    chargerId: z.string(),
    connectorId: int(),
    evseId: int(),
    seq: int(),
    status: z.enum(TransactionStatus),
    ocppTransactionId: z.string(),
    startKey: z.string().nullable(),
    idTag: z.string().nullable(),
    idTokenId: z.string().nullable(),
    offline: z.boolean(),
    startedAt: dateTime,
    stoppedAt: dateTime.nullable(),
    meterStartWh: z.number().nullable(),
    meterStopWh: z.number().nullable(),
    energyWh: z.number(),
    lastMeterWh: z.number().nullable(),
    lastMeterAt: dateTime.nullable(),
    livePowerW: z.number().nullable(),
    liveSoc: z.number().nullable(),
    stopReason: z.string().nullable(),
    lastSeqNo: int().nullable(),
    orphanStop: z.boolean(),
    supersededById: z.string().nullable(),
    tariffVersionId: z.string().nullable(),
    currency: z.string(),
    costMinor: int().nullable(),
    taxMinor: int().nullable(),
    sponsorMinor: int().nullable(),
    writtenOffMinor: int().nullable(),
    pricedAt: dateTime.nullable(),
    remoteStartId: int().nullable(),
    authorizedAt: dateTime.nullable(),
    paymentId: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
    idToken: z.object({ token: z.string(), label: z.string().nullable(), type: z.enum(IdTokenType) }).nullable(),
    costLines: z.array(
      z.object({
        label: z.string(),
        dimension: z.string(),
        quantity: z.number(),
        unit: z.string(),
        amountMinor: int(),
        taxMinor: int(),
      }),
    ),
    charger: z.object({
      id: z.string(),
      identity: z.string(),
      model: z.string().nullable(),
      site: siteRef.nullable(),
    }),
  }),
  payment: z
    .object({
      status: z.enum(PaymentStatus),
      provider: z.enum(PaymentProvider),
      currency: z.string(),
      capturedMinor: int(),
      refundedMinor: int(),
      declinedMinor: int(),
      payerVpaMasked: z.string().nullable().meta({ description: 'The UPI payer’s VPA, masked (ra••••@okaxis)' }),
      payerPhoneMasked: z.string().nullable().meta({ description: 'The payer’s phone, masked (+91 ••••••3210)' }),
      refunds: z.array(
        z.object({
          id: z.string(),
          createdAt: dateTime,
          status: z.string(),
          amountMinor: int(),
          providerRefundId: z.string().nullable(),
          reason: z.string().nullable(),
          anomaly: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
  curve: z.array(
    z.object({
      at: dateTime,
      energyWh: z.number().nullable(),
      powerW: z.number().nullable(),
      soc: z.number().nullable(),
    }),
  ),
  tariff: z
    .object({
      tariffId: z.string(),
      name: z.string(),
      versionId: z.string(),
      version: int(),
    })
    .nullable()
    .meta({
      description:
        'The tariff version the session was priced with, or (running) the one its estimate uses; null when none applies',
    }),
  estimate: z
    .object({
      netMinor: int().meta({ description: 'Cost so far before GST, minor units' }),
      taxMinor: int().meta({ description: 'GST on it, minor units' }),
      totalMinor: int().meta({ description: 'Net + GST: what the driver pays so far, minor units' }),
      currency: z.string(),
      energyWh: int(),
      at: dateTime,
      lines: z.array(
        z.object({
          label: z.string(),
          dimension: z.string(),
          quantity: z.number(),
          unit: z.string(),
          amountMinor: int(),
          taxMinor: int(),
        }),
      ),
    })
    .nullable()
    .meta({ description: 'A running session’s live estimate (null once it has ended, or when no tariff applies)' }),
  driverSession: z
    .object({
      id: z.string(),
      status: z.enum(DriverSessionStatus),
      costMinor: int().nullable(),
      paymentId: z.string().nullable(),
      adjustmentMinor: int().nullable(),
      adjustedAt: dateTime.nullable(),
      adjustmentRefund: adjustmentRefund.nullable(),
    })
    .nullable(),
});

// ---- faults
const faultRecord = z.object({
  id: z.string(),
  tenantId: z.string(),
  vendorId: z.string().nullable(),
  chargerId: z.string(),
  connectorId: int().nullable(),
  evseId: int().nullable(),
  code: z.string(),
  kind: z.enum(FaultKind),
  severity: int(),
  description: z.string().nullable(),
  startedAt: dateTime,
  endedAt: dateTime.nullable(),
  acknowledgedAt: dateTime.nullable(),
  acknowledgedById: z.string().nullable(),
  /** The API client (public client_id) that acknowledged it with a client-credentials token. */
  acknowledgedByClientId: z.string().nullable(),
});

const chargerBrief = z.object({
  id: z.string(),
  identity: z.string(),
  site: z.object({ name: z.string(), city: z.string() }).nullable(),
});

export const faultListOutput = z.object({
  faults: z.array(faultRecord.extend({ charger: chargerBrief })),
  openCount: int(),
  offlineChargers: z.array(chargerBrief.extend({ lastSeenAt: dateTime.nullable() })),
  offlineCount: int(),
});

export const faultOutput = faultRecord.extend({ charger: chargerBrief });

export const faultEmailsOutput = z.object({
  enabled: z.boolean(),
  allSites: z.boolean(),
  siteIds: z.array(z.string()),
});

export const faultPageOutput = pageOutput(faultRecord.extend({ charger: chargerBrief })).extend({
  openCount: int().meta({ description: 'Open faults the filters match (all pages)' }),
});

export const acknowledgeFaultOutput = z.object({
  id: z.string(),
  acknowledgedAt: dateTime,
  /** The member who acknowledged it; null when an API client did, with a client-credentials token. */
  acknowledgedById: z.string().nullable(),
  /** The API client's public client_id (mgc_…) when it acknowledged the fault; otherwise null. */
  acknowledgedByClientId: z.string().nullable(),
});

// ---- id tokens and PINs
export const idTokenOutput = z.object({
  id: z.string(),
  token: z.string(),
  type: z.enum(IdTokenType),
  status: z.enum(IdTokenStatus),
  label: z.string().nullable(),
  parentToken: z.string().nullable(),
  expiresAt: dateTime.nullable(),
  createdAt: dateTime,
  sessions: int(),
});

export const idTokenListOutput = z.object({ tokens: z.array(idTokenOutput), total: int() });
export const idTokenPageOutput = pageOutput(idTokenOutput).extend({
  hasPrevious: z.boolean().meta({ description: 'Whether a page comes before this one' }),
  previousCursor: z
    .string()
    .nullable()
    .meta({ description: 'The previous page’s cursor; null when that page is the first (fetch it without a cursor)' }),
});
export const idTokenCountOutput = z.object({ total: int() });

export const idTokenImportOutput = z.object({
  created: int(),
  errors: z.array(z.object({ line: int(), token: z.string().optional(), message: z.string() })),
});

export const pushCardListsOutput = z.object({
  sent: int(),
  accepted: int(),
  refused: z.array(z.object({ identity: z.string(), outcome: z.string() })),
});

export const pinHolderOutput = z.object({
  id: z.string(),
  token: z.string(),
  label: z.string().nullable(),
  status: z.enum(IdTokenStatus),
  pinSet: z.boolean(),
  sessions: int(),
  expiresAt: dateTime.nullable(),
  createdAt: dateTime,
});

export const pinListOutput = z.object({
  holders: z.array(pinHolderOutput),
  total: int(),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
});

export const pinIssuedOutput = z.object({
  holder: pinHolderOutput,
  pin: z.string().meta({ description: 'The PIN, shown this once' }),
});

// ---- activity
const activityEntry = z.object({
  id: z.string(),
  at: dateTime,
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: jsonValue,
  after: jsonValue,
  actor: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable(),
  actorUserId: z.string().nullable(),
  /** The API client (public client_id, mgc_…) that acted with a client-credentials token. */
  actorClientId: z.string().nullable(),
});

export const activityOutput = z.object({
  entries: z.array(activityEntry),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `before` for the next page; null at the end' }),
});
export const activityPageOutput = pageOutput(activityEntry);

// ---- payment accounts
export const paymentAccountOutput = z.object({
  id: z.string(),
  provider: z.enum(PaymentProvider),
  label: z.string(),
  publicId: z.string(),
  secretHint: z.string(),
  keyId: z.string(),
  environment: z.string(),
  isDefault: z.boolean(),
  siteId: z.string().nullable(),
  lastTestedAt: dateTime.nullable(),
  lastTestOk: z.boolean().nullable(),
  lastTestMessage: z.string().nullable(),
  webhookPath: z.string(),
  createdAt: dateTime,
});

export const paymentAccountsOutput = z.object({
  paymentsMode: z.enum(PaymentsMode),
  accounts: z.array(paymentAccountOutput),
});

export const paymentsModeOutput = z.object({ paymentsMode: z.enum(PaymentsMode) });

export const testResultOutput = z.object({ ok: z.boolean(), message: z.string() });

export { ConnectorType };

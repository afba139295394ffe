import { z } from 'zod';
import {
  ChargerOrigin,
  ChargerRegistration,
  CommandStatus,
  ConnectorStatus,
  ConnectorType,
  FaultKind,
  OcppProtocol,
  TransactionStatus,
  UnknownChargerPolicy,
} from '@magma/db';
import { CHARGER_STATES, DISPLAY_STATUSES } from '@magma/core/fleet';
import { dateTime, decimal, idName, jsonValue, pageOutput } from './common.ts';

const siteRef = z.object({ id: z.string(), name: z.string(), city: z.string() });

const listedConnector = z.object({
  id: z.string(),
  evseId: z.number().int(),
  connectorId: z.number().int(),
  type: z.enum(ConnectorType),
  maxPowerKw: decimal.nullable(),
  status: z.enum(ConnectorStatus),
  livePowerW: z.number().nullable(),
});

const chargerSummary = z.object({
  id: z.string(),
  identity: z.string(),
  protocol: z.enum(OcppProtocol),
  registration: z.enum(ChargerRegistration),
  vendorName: z.string().nullable(),
  model: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  maxPowerKw: decimal.nullable(),
  status: z.enum(ConnectorStatus),
  online: z.boolean(),
  lastSeenAt: dateTime.nullable(),
  site: siteRef.nullable(),
  vendor: idName.nullable(),
  connectors: z.array(listedConnector),
});

export const chargerListOutput = z.array(chargerSummary);
export const chargerPageOutput = pageOutput(
  chargerSummary.extend({
    state: z.enum(CHARGER_STATES).meta({
      description:
        'offline, else faulted (station or a connector), charging, occupied, available, unavailable, unknown',
    }),
  }),
).extend({
  hasPrevious: z.boolean().meta({ description: 'Whether a page comes before this one' }),
  previousCursor: z
    .string()
    .nullable()
    .meta({ description: 'The previous page’s cursor; null when that page is the first (fetch it without a cursor)' }),
});

export const chargerOutput = chargerSummary.extend({
  serialNumber: z.string().nullable(),
  iccid: z.string().nullable(),
  securityProfile: z.number().int(),
  connectedAt: dateTime.nullable(),
  lastBootAt: dateTime.nullable(),
});

/** The charger row as stored (create and update answer with it). */
export const chargerRecordOutput = z.object({
  id: z.string(),
  tenantId: z.string(),
  vendorId: z.string().nullable(),
  siteId: z.string().nullable(),
  identity: z.string(),
  origin: z.enum(ChargerOrigin),
  protocol: z.enum(OcppProtocol),
  registration: z.enum(ChargerRegistration),
  vendorName: z.string().nullable(),
  model: z.string().nullable(),
  serialNumber: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  iccid: z.string().nullable(),
  imsi: z.string().nullable(),
  meterType: z.string().nullable(),
  meterSerialNumber: z.string().nullable(),
  securityProfile: z.number().int(),
  maxPowerKw: decimal.nullable(),
  status: z.enum(ConnectorStatus),
  online: z.boolean(),
  relayInstanceId: z.string().nullable(),
  connectedAt: dateTime.nullable(),
  lastSeenAt: dateTime.nullable(),
  lastBootAt: dateTime.nullable(),
  firmwareStatus: z.string().nullable(),
  diagnosticsStatus: z.string().nullable(),
  localListVersion: z.number().int().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const onboardingOutput = z.object({
  policy: z.enum(UnknownChargerPolicy),
  waiting: z.array(
    z.object({
      id: z.string(),
      identity: z.string(),
      protocol: z.enum(OcppProtocol),
      registration: z.enum(ChargerRegistration),
      vendorName: z.string().nullable(),
      model: z.string().nullable(),
      firmwareVersion: z.string().nullable(),
      createdAt: dateTime,
    }),
  ),
  importLimits: z.object({ bytes: z.number().int(), rows: z.number().int() }),
});

export const unknownPolicyOutput = z.object({ policy: z.enum(UnknownChargerPolicy) });

export const registrationOutput = z.object({
  id: z.string(),
  identity: z.string(),
  registration: z.enum(ChargerRegistration),
});

export const chargerImportOutput = z.object({
  created: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), identity: z.string().optional(), message: z.string() })),
});

export const setPasswordOutput = z.object({
  password: z.string().meta({ description: 'The new Basic-auth password, shown this once' }),
  securityProfile: z.number().int(),
});

export const clearPasswordOutput = z.object({ securityProfile: z.number().int() });

const commandRecord = z.object({
  id: z.string(),
  tenantId: z.string(),
  chargerId: z.string(),
  action: z.string(),
  status: z.enum(CommandStatus),
  payload: jsonValue,
  response: jsonValue,
  error: z.string().nullable(),
  requestedById: z.string().nullable(),
  source: z.string(),
  requestedAt: dateTime,
  sentAt: dateTime.nullable(),
  respondedAt: dateTime.nullable(),
});

export const chargerDetailOutput = z.object({
  charger: z.object({
    id: z.string(),
    identity: z.string(),
    protocol: z.enum(OcppProtocol),
    registration: z.enum(ChargerRegistration),
    vendorName: z.string().nullable(),
    model: z.string().nullable(),
    serialNumber: z.string().nullable(),
    firmwareVersion: z.string().nullable(),
    iccid: z.string().nullable(),
    meterType: z.string().nullable(),
    securityProfile: z.number().int(),
    hasPassword: z.boolean(),
    maxPowerKw: z.number().nullable(),
    status: z.enum(ConnectorStatus),
    online: z.boolean(),
    connectedAt: dateTime.nullable(),
    lastSeenAt: dateTime.nullable(),
    lastBootAt: dateTime.nullable(),
    firmwareStatus: z.string().nullable(),
    diagnosticsStatus: z.string().nullable(),
    site: z.object({ id: z.string(), name: z.string(), address: z.string(), city: z.string() }).nullable(),
    vendor: idName.nullable(),
  }),
  connectors: z.array(
    z.object({
      id: z.string(),
      evseId: z.number().int(),
      connectorId: z.number().int(),
      type: z.enum(ConnectorType),
      maxPowerKw: z.number().nullable(),
      status: z.enum(ConnectorStatus),
      displayStatus: z.union([z.enum(ConnectorStatus), z.literal('OFFLINE')]),
      errorCode: z.string().nullable(),
      statusInfo: z.string().nullable(),
      statusAt: dateTime.nullable(),
      livePowerW: z.number().nullable(),
      liveSoc: z.number().nullable(),
      liveEnergyWh: z.number().nullable(),
      shortCode: z.string().nullable(),
    }),
  ),
  statusEvents: z.array(
    z.object({
      id: z.string(),
      tenantId: z.string(),
      chargerId: z.string(),
      connectorId: z.number().int().nullable(),
      evseId: z.number().int().nullable(),
      status: z.enum(ConnectorStatus),
      errorCode: z.string().nullable(),
      vendorErrorCode: z.string().nullable(),
      info: z.string().nullable(),
      timestamp: dateTime,
      receivedAt: dateTime,
    }),
  ),
  faults: z.array(
    z.object({
      id: z.string(),
      tenantId: z.string(),
      vendorId: z.string().nullable(),
      chargerId: z.string(),
      connectorId: z.number().int().nullable(),
      evseId: z.number().int().nullable(),
      code: z.string(),
      kind: z.enum(FaultKind),
      severity: z.number().int(),
      description: z.string().nullable(),
      startedAt: dateTime,
      endedAt: dateTime.nullable(),
      acknowledgedAt: dateTime.nullable(),
      acknowledgedById: z.string().nullable(),
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.string(),
      status: z.enum(TransactionStatus),
      evseId: z.number().int(),
      idTag: z.string().nullable(),
      startedAt: dateTime,
      stoppedAt: dateTime.nullable(),
      energyWh: z.number(),
      stopReason: z.string().nullable(),
      costMinor: z.number().int().nullable(),
      currency: z.string(),
    }),
  ),
  commands: z.array(commandRecord),
  messages: z
    .array(
      z.object({
        id: z.string(),
        action: z.string(),
        receivedAt: dateTime,
        text: z.string(),
        truncated: z.boolean(),
        bytes: z.number().int(),
      }),
    )
    .nullable(),
  configuration: z
    .object({
      action: z.string(),
      at: dateTime.nullable(),
      entries: z.array(
        z.object({
          key: z.string(),
          value: z.string().nullable(),
          readonly: z.boolean().nullable(),
          status: z.string().optional(),
        }),
      ),
    })
    .nullable(),
});

/** A remote action as the charger answered it (or did not: status TIMEOUT / error). */
export const commandOutput = z.object({
  id: z.string(),
  action: z.string(),
  status: z.enum(CommandStatus),
  response: jsonValue.meta({ description: "The charger's reply payload (null until it answers)" }),
  error: z.string().nullable(),
  requestedAt: dateTime,
  respondedAt: dateTime.nullable(),
  note: z.string().optional(),
});

export const commandBriefOutput = commandOutput.pick({
  id: true,
  action: true,
  status: true,
  response: true,
  error: true,
});

export const connectorDisplayStatus = z.enum(DISPLAY_STATUSES);

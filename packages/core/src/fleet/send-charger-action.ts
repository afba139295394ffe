import {
  toClearChargingProfile16,
  toClearChargingProfile201,
  toSetChargingProfile16,
  toSetChargingProfile201,
  type TargetedProfile,
} from '@magma/allocator/profiles';
import { z } from 'zod';
import type { ChargerCommandModel, Db } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import {
  commandFor,
  isTriggerOf,
  TRIGGER_MESSAGES_16,
  TRIGGER_MESSAGES_201,
  type NeutralCommand,
  type TriggerMessage,
} from '../commands/command-for.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { parseVariableKey } from '../commands/variable-key.ts';
import { isPasswordKey } from '../chargers/rotate-charger-password.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { MANAGED_TOKEN_TYPES } from '../id-tokens/id-tokens.ts';
import { localListCall, MAX_LOCAL_LIST, type ListCard } from '../id-tokens/local-list.ts';
import { recordAudit } from '../audit/record-audit.ts';

// The remote actions of the charger page. Operator staff and admins send all of them. A vendor
// user (the site owner) may reset its own chargers, unlock or (un)block a connector, trigger a
// message and stop a running session; firmware, configuration, free starts, the card list and power
// caps run the operator's fleet, and a vendor asking for one is refused before anything is read or
// recorded. The charger is looked up through the scope, so another tenant's (or vendor's) charger
// is not found; the command row records who asked. Reservations (ReserveNow, CancelReservation)
// have their own use cases in ../reservations, operator-only for the reason free starts are.

const evseId = z.coerce.number().int().min(0).max(64);
/**
 * An OCPP id (int32, numbered from 1: 1.6 connectorId > 0, 2.0.1 EVSEs and connectors from 1):
 * which one exists is the charger's to answer (UnlockFailed, UnknownConnector, NotSupported).
 */
const ocppId = z.coerce
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);
const url = z.url({ protocol: /^(https?|ftp|sftp)$/, message: 'Enter an http(s) or ftp URL' }).max(512);

/** Every trigger either version defines; the charger's own version is checked once it is found. */
export const TRIGGER_MESSAGES = [...new Set([...TRIGGER_MESSAGES_16, ...TRIGGER_MESSAGES_201])] as [
  TriggerMessage,
  ...TriggerMessage[],
];

export const chargerActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reset'), hard: z.boolean().default(false) }),
  /** 1.6: evseId is the connectorId (> 0); 2.0.1: the EVSE and its connector (default 1). */
  z.object({ kind: z.literal('unlock'), evseId: ocppId, connectorId: ocppId.optional() }),
  /** evseId 0: the whole charger; connectorId (2.0.1) narrows it to one connector of the EVSE. */
  z.object({ kind: z.literal('availability'), evseId, connectorId: ocppId.optional(), available: z.boolean() }),
  z.object({
    kind: z.literal('trigger'),
    message: z.enum(TRIGGER_MESSAGES),
    evseId: ocppId.optional(),
    connectorId: ocppId.optional(),
  }),
  /** 2.0.1 GetTransactionStatus; without an id the charger says whether it still has messages queued. */
  z.object({ kind: z.literal('transactionStatus'), transactionId: z.string().trim().min(1).max(36).optional() }),
  z.object({ kind: z.literal('updateFirmware'), location: url, retrieveAt: z.coerce.date() }),
  z.object({ kind: z.literal('getDiagnostics'), location: url }),
  z.object({
    kind: z.literal('configure'),
    component: z.string().trim().min(1).max(50).optional(),
    variable: z.string().trim().min(1).max(50),
    value: z.string().max(500),
  }),
  z.object({
    kind: z.literal('getConfiguration'),
    /** 1.6 keys; 2.0.1 `Component[instance]@evse.connector/Variable[instance]` (commands/variable-key.ts). */
    keys: z.array(z.string().trim().min(1).max(140)).max(200).default([]),
  }),
  /** 2.0.1: several variables in one SetVariables (split to the charger's limits by the relay). */
  z.object({
    kind: z.literal('setVariables'),
    variables: z
      .array(z.object({ key: z.string().trim().min(1).max(140), value: z.string().max(1000) }))
      .min(1)
      .max(200),
  }),
  z.object({
    kind: z.literal('remoteStart'),
    idTag: z.string().trim().min(1).max(36),
    evseId: evseId.min(1).optional(),
  }),
  z.object({ kind: z.literal('remoteStop'), sessionId: z.uuid() }),
  z.object({ kind: z.literal('clearCache') }),
  /** Push the operator's cards as the charger's local authorization list (operators only). */
  z.object({ kind: z.literal('sendCardList') }),
  /** Cap the power of every session on the charger (connector 0 / EVSE 0), until cleared. */
  z.object({ kind: z.literal('limitPower'), kw: z.coerce.number().positive().max(1000) }),
  z.object({ kind: z.literal('clearPowerLimit') }),
  /** A vendor extension (1.6 and 2.0.1 DataTransfer): vendorId up to 255, messageId up to 50 characters. */
  z.object({
    kind: z.literal('dataTransfer'),
    vendorId: z.string().trim().min(1).max(255),
    messageId: z.string().trim().min(1).max(50).optional(),
    data: z.string().max(16_000).optional(),
  }),
]);
export type ChargerAction = z.output<typeof chargerActionSchema>;

/** What a vendor user may send to its own chargers. */
export const VENDOR_ACTION_KINDS: ReadonlySet<ChargerAction['kind']> = new Set([
  'reset',
  'unlock',
  'availability',
  'trigger',
  'remoteStop',
]);
/** The OCPP actions those become (both versions): the part of a charger's command log a vendor sees. */
export const VENDOR_COMMAND_ACTIONS = [
  'Reset',
  'UnlockConnector',
  'ChangeAvailability',
  'TriggerMessage',
  'RemoteStopTransaction',
  'RequestStopTransaction',
] as const;

export const sendChargerActionInput = z.object({ chargerId: z.uuid(), action: chargerActionSchema });

type Protocol = 'OCPP16' | 'OCPP201';

/** 2.0.1 has no "all keys": without named keys, ask for the variables the charger page shows. */
const DEFAULT_201_VARIABLES = [
  'OCPPCommCtrlr.HeartbeatInterval',
  'OCPPCommCtrlr.NetworkConfigurationPriority',
  'AuthCtrlr.AuthorizeRemoteStart',
  'AuthCtrlr.LocalAuthorizeOffline',
  'TxCtrlr.EVConnectionTimeOut',
  'TxCtrlr.StopTxOnEVSideDisconnect',
  'SampledDataCtrlr.TxUpdatedInterval',
  'SampledDataCtrlr.TxUpdatedMeasurands',
];

/**
 * The operator's power cap is one TxDefaultProfile with a fixed id on connector 0 / EVSE 0 (it
 * applies to every connector and to running sessions without their own profile): setting it again
 * replaces it (same id, and in 1.6 the same purpose and stack level). Absolute from now, one period
 * with no end: a constant cap in W (2.0.1 requires a startSchedule for Absolute, K01.FR.40).
 * Clearing names the id and the criteria it was set with, so a charger that clears by criteria
 * removes the same profile and nothing else of the station's.
 */
export const POWER_LIMIT_PROFILE_ID = 900_001;

const powerLimitPlace = { id: POWER_LIMIT_PROFILE_ID, evseId: 0, purpose: 'TxDefaultProfile', stackLevel: 0 } as const;

export function powerLimitProfile(kw: number, now: number): TargetedProfile {
  return {
    evseId: 0,
    profile: {
      id: POWER_LIMIT_PROFILE_ID,
      stackLevel: powerLimitPlace.stackLevel,
      purpose: powerLimitPlace.purpose,
      kind: 'Absolute',
      schedules: [
        {
          id: 1,
          startSchedule: Math.floor(now / 1000) * 1000,
          chargingRateUnit: 'W',
          periods: [{ startPeriod: 0, limit: Math.round(kw * 1000) }],
        },
      ],
    },
  };
}

function powerLimitCall(protocol: Protocol, kw: number, now: number) {
  const targeted = powerLimitProfile(kw, now);
  return {
    action: 'SetChargingProfile',
    payload: protocol === 'OCPP16' ? toSetChargingProfile16(targeted) : toSetChargingProfile201(targeted),
  };
}

/** Action name and payload for the charger's protocol. */
export function buildChargerCall(
  protocol: Protocol,
  action:
    Exclude<ChargerAction, { kind: 'remoteStop' | 'sendCardList' }> | { kind: 'remoteStop'; transactionId: string },
  requestId: number = Math.floor(Math.random() * 2 ** 31),
  now: number = Date.now(),
): { action: string; payload: Record<string, unknown> } {
  switch (action.kind) {
    case 'limitPower':
      return powerLimitCall(protocol, action.kw, now);
    case 'clearPowerLimit':
      return {
        action: 'ClearChargingProfile',
        payload:
          protocol === 'OCPP16'
            ? toClearChargingProfile16(powerLimitPlace)
            : toClearChargingProfile201(powerLimitPlace),
      };
    case 'updateFirmware':
      return protocol === 'OCPP16'
        ? {
            action: 'UpdateFirmware',
            payload: { location: action.location, retrieveDate: action.retrieveAt.toISOString() },
          }
        : {
            action: 'UpdateFirmware',
            payload: {
              requestId,
              firmware: { location: action.location, retrieveDateTime: action.retrieveAt.toISOString() },
            },
          };
    case 'getDiagnostics':
      return protocol === 'OCPP16'
        ? { action: 'GetDiagnostics', payload: { location: action.location } }
        : {
            action: 'GetLog',
            payload: { logType: 'DiagnosticsLog', requestId, log: { remoteLocation: action.location } },
          };
    case 'dataTransfer':
      return {
        action: 'DataTransfer',
        payload: {
          vendorId: action.vendorId,
          ...(action.messageId ? { messageId: action.messageId } : {}),
          ...(action.data !== undefined && action.data !== '' ? { data: action.data } : {}),
        },
      };
    case 'getConfiguration': {
      if (protocol === 'OCPP16')
        return { action: 'GetConfiguration', payload: action.keys.length ? { key: action.keys } : {} };
      const keys = action.keys.length ? action.keys : DEFAULT_201_VARIABLES;
      return { action: 'GetVariables', payload: { getVariableData: keys.map(parseVariableKey) } };
    }
    case 'setVariables':
      if (protocol === 'OCPP16')
        throw new AppError('BAD_INPUT', 'OCPP 1.6 ChangeConfiguration sets one key per request: use configure');
      return {
        action: 'SetVariables',
        payload: {
          setVariableData: action.variables.map(({ key, value }) => ({
            ...parseVariableKey(key),
            attributeValue: value,
          })),
        },
      };
    default:
      return commandFor({ protocol, ...(action as NeutralCommand) });
  }
}

export type ChargerActionResult = Pick<
  ChargerCommandModel,
  'id' | 'action' | 'status' | 'response' | 'error' | 'requestedAt' | 'respondedAt'
> & {
  /** Something the operator should know about what was sent (cards a 1.6 charger cannot hold). */
  note?: string;
};

/** The operator's cards for a local list, oldest first; refused past what one list may hold. */
export async function cardList(db: Db, scope: Scope): Promise<ListCard[]> {
  assertOperator(scope);
  const cards = await scopedDb(db, scope).idToken.findMany({
    where: { type: { in: [...MANAGED_TOKEN_TYPES] } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: MAX_LOCAL_LIST + 1,
    select: { token: true, type: true, status: true, expiresAt: true, parentToken: true },
  });
  if (cards.length > MAX_LOCAL_LIST)
    throw new AppError('BAD_INPUT', `More than ${MAX_LOCAL_LIST} cards: too many for one local list`);
  return cards;
}

export async function sendChargerAction({
  db,
  bus,
  scope,
  input,
  timeoutMs,
  cards,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: z.input<typeof sendChargerActionInput>;
  timeoutMs?: number;
  /** sendCardList: the cards, when the caller sends the same list to many chargers. */
  cards?: readonly ListCard[];
}): Promise<ChargerActionResult> {
  const { chargerId, action } = sendChargerActionInput.parse(input);
  if (!VENDOR_ACTION_KINDS.has(action.kind)) assertOperator(scope);
  refusePasswordKeys(action);
  const sdb = scopedDb(db, scope);
  const charger = await sdb.charger.findFirst({ where: { id: chargerId }, select: { id: true, protocol: true } });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  refuseOtherVersion(charger.protocol, action);
  let call: { action: string; payload: Record<string, unknown> };
  let note: string | undefined;
  if (action.kind === 'sendCardList') {
    const list = localListCall(charger.protocol, cards ?? (await cardList(db, scope)), new Date());
    if (list.skipped.length)
      note = `Left out ${list.skipped.length} card(s) with ids longer than OCPP 1.6 allows (20): ${list.skipped.slice(0, 5).join(', ')}${list.skipped.length > 5 ? ', …' : ''}`;
    call = list;
  } else if (action.kind === 'remoteStop') {
    const session = await sdb.transaction.findFirst({
      where: { id: action.sessionId, chargerId, status: 'ACTIVE' },
      select: { ocppTransactionId: true },
    });
    if (!session) throw new AppError('NOT_FOUND', 'No running session with that id on this charger');
    call = buildChargerCall(charger.protocol, { kind: 'remoteStop', transactionId: session.ocppTransactionId });
  } else {
    call = buildChargerCall(charger.protocol, action);
  }
  await recordAudit(db, scope, {
    action: 'charger.command_sent',
    entityType: 'Charger',
    entityId: chargerId,
    after: { command: call.action, ...auditedAction(action) },
  });
  try {
    const row = await sendChargerCommand({
      db,
      bus,
      tenantId: scope.tenantId,
      chargerId,
      action: call.action,
      payload: call.payload,
      requestedById: scope.userId,
      source: 'dashboard',
      timeoutMs,
    });
    return { ...pick(row), ...(note ? { note } : {}) };
  } catch (e) {
    // An offline charger is an answer the operator needs to see, not a failure of the page.
    const commandId =
      AppError.is(e) && e.code === 'CHARGER_OFFLINE'
        ? (e.details as { commandId?: string } | undefined)?.commandId
        : undefined;
    if (!commandId) throw e;
    return {
      ...pick(await db.chargerCommand.findUniqueOrThrow({ where: { id: commandId } })),
      ...(note ? { note } : {}),
    };
  }
}

/** What the charger's OCPP version does not define is refused before anything is recorded. */
function refuseOtherVersion(protocol: Protocol, action: ChargerAction): void {
  const version = protocol === 'OCPP16' ? 'OCPP 1.6' : 'OCPP 2.0.1';
  if (action.kind === 'trigger' && !isTriggerOf(protocol, action.message))
    throw new AppError('BAD_INPUT', `${action.message} is not a message an ${version} charger can be asked to send`);
  if (action.kind === 'transactionStatus' && protocol === 'OCPP16')
    throw new AppError('BAD_INPUT', 'GetTransactionStatus is an OCPP 2.0.1 action: a 1.6 charger has none');
  if ((action.kind === 'trigger' || action.kind === 'availability') && action.connectorId && protocol === 'OCPP16')
    throw new AppError('BAD_INPUT', 'OCPP 1.6 names a connector by its id alone: give it as evseId');
  if (action.kind === 'trigger' && action.connectorId && !action.evseId)
    throw new AppError('BAD_INPUT', 'A connector is named within its EVSE: give evseId too');
  if (action.kind === 'availability' && action.connectorId && !action.evseId)
    throw new AppError('BAD_INPUT', 'A connector is named within its EVSE: give evseId too');
}

/**
 * The charger's Basic-auth password set through the generic configuration action would lock it out
 * (it reconnects with a password the relay does not know): the rotation action does it instead.
 */
function refusePasswordKeys(action: ChargerAction): void {
  const keys =
    action.kind === 'configure'
      ? [action.variable, `${action.component ?? ''}.${action.variable}`]
      : action.kind === 'setVariables'
        ? action.variables.map((v) => parseVariableKey(v.key).variable.name)
        : [];
  if (keys.some(isPasswordKey))
    throw new AppError(
      'BAD_INPUT',
      "The charger's password (BasicAuthPassword, AuthorizationKey) is changed with the password rotation action, which keeps the charger admitted",
    );
}

/** What the audit log keeps of an action: all of it, but a secret-looking configuration value. */
function auditedAction(action: ChargerAction): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(action)) {
    if (v instanceof Date) out[k] = v.toISOString();
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.join(', ');
  }
  const secret = (name: string) => /key|pass|secret|token|pin/i.test(name);
  if (action.kind === 'configure' && secret(action.variable)) out.value = '(hidden)';
  if (action.kind === 'setVariables')
    out.variables = action.variables.map(({ key, value }) => `${key}=${secret(key) ? '(hidden)' : value}`).join(', ');
  return out;
}

function pick(r: ChargerCommandModel): ChargerActionResult {
  return {
    id: r.id,
    action: r.action,
    status: r.status,
    response: r.response,
    error: r.error,
    requestedAt: r.requestedAt,
    respondedAt: r.respondedAt,
  };
}

import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { canOperate, type Scope } from '../tenancy/scope.ts';
import { VENDOR_COMMAND_ACTIONS } from './send-charger-action.ts';

export const chargerDetailInput = z.object({ chargerId: z.uuid() });

export type ConfigurationEntry = { key: string; value: string | null; readonly: boolean | null; status?: string };

/** The settings a charger reported in its latest GetConfiguration (1.6) or GetVariables (2.0.1) reply. */
export function parseConfigurationReply(action: string, response: unknown): ConfigurationEntry[] {
  if (typeof response !== 'object' || response === null) return [];
  if (action === 'GetConfiguration') {
    const keys = (response as { configurationKey?: unknown }).configurationKey;
    if (!Array.isArray(keys)) return [];
    return keys.flatMap((k: { key?: unknown; value?: unknown; readonly?: unknown }) =>
      typeof k?.key === 'string'
        ? [
            {
              key: k.key,
              value: typeof k.value === 'string' ? k.value : null,
              readonly: typeof k.readonly === 'boolean' ? k.readonly : null,
            },
          ]
        : [],
    );
  }
  const results = (response as { getVariableResult?: unknown }).getVariableResult;
  if (!Array.isArray(results)) return [];
  return results.flatMap(
    (r: {
      component?: { name?: unknown };
      variable?: { name?: unknown };
      attributeValue?: unknown;
      attributeStatus?: unknown;
    }) => {
      const component = typeof r?.component?.name === 'string' ? r.component.name : null;
      const variable = typeof r?.variable?.name === 'string' ? r.variable.name : null;
      if (!component || !variable) return [];
      return [
        {
          key: `${component}.${variable}`,
          value: typeof r.attributeValue === 'string' ? r.attributeValue : null,
          readonly: null,
          status: typeof r.attributeStatus === 'string' ? r.attributeStatus : undefined,
        },
      ];
    },
  );
}

/** Longest message content the charger page carries; a bigger report is cut there and marked. */
export const MESSAGE_TEXT_MAX = 4000;

/** A message the charger sent (its log), as the page shows it: the payload as JSON text, cut at MESSAGE_TEXT_MAX. */
export function messageView(m: { id: bigint; action: string; payload: unknown; receivedAt: Date }) {
  const full = JSON.stringify(m.payload) ?? 'null';
  const truncated = full.length > MESSAGE_TEXT_MAX;
  return {
    id: m.id.toString(),
    action: m.action,
    receivedAt: m.receivedAt,
    text: truncated ? full.slice(0, MESSAGE_TEXT_MAX) : full,
    truncated,
    bytes: Buffer.byteLength(full),
  };
}

/**
 * Everything the charger page shows, read through the scope: a vendor user sees only its own
 * chargers, and none of the operator's diagnostics (`messages` and `configuration` are null, and
 * `commands` holds only the kinds a vendor may send itself): the raw message log, and the other
 * commands with their replies, which carry the operator's whole card list (SendLocalList) and
 * configuration values such as the charger's Basic-auth key.
 */
export async function getChargerDetail({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof chargerDetailInput>;
}) {
  const { chargerId } = chargerDetailInput.parse(input);
  const sdb = scopedDb(db, scope);
  const charger = await sdb.charger.findFirst({
    where: { id: chargerId },
    select: {
      id: true,
      identity: true,
      protocol: true,
      registration: true,
      vendorName: true,
      model: true,
      serialNumber: true,
      firmwareVersion: true,
      firmwareStatus: true,
      diagnosticsStatus: true,
      meterType: true,
      iccid: true,
      maxPowerKw: true,
      status: true,
      online: true,
      connectedAt: true,
      lastSeenAt: true,
      lastBootAt: true,
      securityProfile: true,
      passwordHash: true,
      site: { select: { id: true, name: true, city: true, address: true } },
      vendor: { select: { id: true, name: true } },
    },
  });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  const operator = canOperate(scope);

  const [connectors, statusEvents, faults, sessions, commands, configReply, messages] = await Promise.all([
    sdb.connector.findMany({
      where: { chargerId },
      orderBy: [{ evseId: 'asc' }, { connectorId: 'asc' }],
      select: {
        id: true,
        evseId: true,
        connectorId: true,
        type: true,
        maxPowerKw: true,
        status: true,
        errorCode: true,
        statusInfo: true,
        statusAt: true,
        livePowerW: true,
        liveSoc: true,
        liveEnergyWh: true,
        shortCode: true,
      },
    }),
    sdb.statusEvent.findMany({ where: { chargerId }, orderBy: { timestamp: 'desc' }, take: 30 }),
    sdb.fault.findMany({ where: { chargerId }, orderBy: [{ startedAt: 'desc' }], take: 30 }),
    sdb.transaction.findMany({
      where: { chargerId },
      orderBy: { startedAt: 'desc' },
      take: 20,
      select: {
        id: true,
        evseId: true,
        idTag: true,
        status: true,
        startedAt: true,
        stoppedAt: true,
        energyWh: true,
        costMinor: true,
        currency: true,
        stopReason: true,
      },
    }),
    sdb.chargerCommand.findMany({
      where: { chargerId, ...(operator ? {} : { action: { in: [...VENDOR_COMMAND_ACTIONS] } }) },
      orderBy: { requestedAt: 'desc' },
      take: 30,
    }),
    operator
      ? sdb.chargerCommand.findFirst({
          where: { chargerId, action: { in: ['GetConfiguration', 'GetVariables'] }, status: 'RESPONDED' },
          orderBy: { respondedAt: 'desc' },
          select: { action: true, response: true, respondedAt: true },
        })
      : null,
    operator
      ? sdb.chargerMessage.findMany({
          where: { chargerId },
          orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
          take: 30,
          select: { id: true, action: true, payload: true, receivedAt: true },
        })
      : null,
  ]);

  // Whether it has a Basic-auth password; the hash itself never leaves the server.
  const { passwordHash, ...chargerFields } = charger;
  return {
    charger: {
      ...chargerFields,
      hasPassword: passwordHash !== null,
      maxPowerKw: charger.maxPowerKw === null ? null : Number(charger.maxPowerKw),
    },
    connectors: connectors.map((c) => ({
      ...c,
      maxPowerKw: c.maxPowerKw === null ? null : Number(c.maxPowerKw),
      displayStatus: charger.online ? c.status : ('OFFLINE' as const),
    })),
    statusEvents: statusEvents.map((e) => ({ ...e, id: e.id.toString() })),
    faults,
    sessions,
    commands,
    messages: messages?.map(messageView) ?? null,
    configuration: configReply
      ? {
          action: configReply.action,
          at: configReply.respondedAt,
          entries: parseConfigurationReply(configReply.action, configReply.response),
        }
      : null,
  };
}

export type ChargerDetail = Awaited<ReturnType<typeof getChargerDetail>>;

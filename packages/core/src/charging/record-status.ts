import type { ConnectorStatus } from '@magma/db';
import type { LiveEvent } from '../bus/live-events.ts';
import { ensureConnector } from './ensure-connector.ts';
import type { ChargingDeps } from './types.ts';

export type StatusInput = {
  /** 0 means the charging station as a whole. */
  evseId: number;
  connectorId: number;
  status: ConnectorStatus;
  errorCode?: string | null;
  info?: string | null;
  vendorErrorCode?: string | null;
  timestamp: Date;
};

/**
 * StatusNotification (both versions). Faulted opens a CONNECTOR_ERROR fault for that connector
 * (once); any other status closes the open one.
 */
export async function recordStatus({ db, charger, events, input }: ChargingDeps & { input: StatusInput }): Promise<void> {
  const { tenantId, chargerId } = charger;
  const { evseId, connectorId, status, timestamp } = input;
  const errorCode = input.errorCode && input.errorCode !== 'NoError' ? input.errorCode : null;
  const now = new Date();
  const emitted: LiveEvent[] = [];

  await db.$transaction(async (tx) => {
    await tx.statusEvent.create({
      data: {
        tenantId,
        chargerId,
        evseId,
        connectorId,
        status,
        errorCode,
        info: input.info ?? null,
        vendorErrorCode: input.vendorErrorCode ?? null,
        timestamp,
      },
    });
    if (evseId === 0) {
      await tx.charger.update({ where: { id: chargerId }, data: { status, lastSeenAt: now } });
    } else {
      await ensureConnector(tx, { tenantId, chargerId, evseId, connectorId });
      await tx.connector.update({
        where: { chargerId_evseId_connectorId: { chargerId, evseId, connectorId } },
        data: {
          status,
          errorCode,
          vendorErrorCode: input.vendorErrorCode ?? null,
          statusInfo: input.info ?? null,
          statusAt: timestamp,
          ...(status === 'AVAILABLE' ? { livePowerW: null, liveSoc: null, liveEnergyWh: null } : {}),
        },
      });
    }

    const open = await tx.fault.findFirst({
      where: { chargerId, evseId, connectorId, kind: 'CONNECTOR_ERROR', endedAt: null },
      select: { id: true, code: true },
    });
    if (status === 'FAULTED' && !open) {
      const vendor = await tx.charger.findUnique({ where: { id: chargerId }, select: { vendorId: true } });
      const code = errorCode ?? 'Faulted';
      const fault = await tx.fault.create({
        data: {
          tenantId,
          chargerId,
          vendorId: vendor?.vendorId ?? null,
          evseId,
          connectorId,
          kind: 'CONNECTOR_ERROR',
          code,
          description: input.info ?? input.vendorErrorCode ?? null,
          startedAt: timestamp,
        },
      });
      emitted.push({ type: 'fault.opened', tenantId, chargerId, faultId: fault.id, kind: 'CONNECTOR_ERROR', code, evseId, at: timestamp.toISOString() });
    } else if (status !== 'FAULTED' && open) {
      await tx.fault.update({ where: { id: open.id }, data: { endedAt: timestamp } });
      emitted.push({ type: 'fault.closed', tenantId, chargerId, faultId: open.id, kind: 'CONNECTOR_ERROR', code: open.code, evseId, at: timestamp.toISOString() });
    }
  });

  if (!events) return;
  events({ type: 'connector.status', tenantId, chargerId, evseId, connectorId, status, errorCode, at: timestamp.toISOString() });
  for (const e of emitted) events(e);
}

import type { Db } from '@magma/db';
import type { Bus } from '../../bus/types.ts';
import { sendChargerCommand } from '../../commands/send-charger-command.ts';
import { AppError } from '../../errors/app-error.ts';
import type { ChargerCommandResult, DriverChargerPort } from '../types.ts';

/** Remote start/stop for the driver pages through the relay, in the charger's own OCPP version. */
export function chargerCommandsPort({
  db,
  bus,
  timeoutMs = 20_000,
}: {
  db: Db;
  bus: Bus;
  timeoutMs?: number;
}): DriverChargerPort {
  async function send(
    tenantId: string,
    chargerId: string,
    build: (protocol: 'OCPP16' | 'OCPP201') => { action: string; payload: Record<string, unknown> },
  ) {
    const charger = await db.charger.findFirst({ where: { id: chargerId, tenantId }, select: { protocol: true } });
    if (!charger) throw new AppError('NOT_FOUND', 'Charger not found');
    const { action, payload } = build(charger.protocol);
    const row = await sendChargerCommand({
      db,
      bus,
      tenantId,
      chargerId,
      action,
      payload,
      source: 'driver',
      timeoutMs,
    });
    return resultOf(row.status, row.response, row.error);
  }
  return {
    remoteStart: ({ tenantId, chargerId, evseId, idTag, remoteStartId }) =>
      send(tenantId, chargerId, (protocol) =>
        protocol === 'OCPP16'
          ? { action: 'RemoteStartTransaction', payload: { connectorId: evseId, idTag } }
          : {
              action: 'RequestStartTransaction',
              payload: { evseId, remoteStartId, idToken: { idToken: idTag, type: 'Central' } },
            },
      ),
    remoteStop: ({ tenantId, chargerId, ocppTransactionId }) =>
      send(tenantId, chargerId, (protocol) =>
        protocol === 'OCPP16'
          ? { action: 'RemoteStopTransaction', payload: { transactionId: Number(ocppTransactionId) } }
          : { action: 'RequestStopTransaction', payload: { transactionId: ocppTransactionId } },
      ),
  };
}

function resultOf(status: string, response: unknown, error: string | null): ChargerCommandResult {
  if (status === 'TIMEOUT') throw new AppError('CHARGER_TIMEOUT', error ?? 'The charger did not answer');
  if (status === 'OFFLINE') throw new AppError('CHARGER_OFFLINE', error ?? 'The charger is offline');
  if (status !== 'RESPONDED') return { accepted: false, reason: error ?? status };
  const r = response as { status?: unknown; transactionId?: unknown } | null;
  const s = r?.status;
  if (s !== 'Accepted') return { accepted: false, reason: typeof s === 'string' ? s : 'no status' };
  // A 2.0.1 station with a cable already plugged in names the transaction it had started.
  return typeof r?.transactionId === 'string' && r.transactionId
    ? { accepted: true, transactionId: r.transactionId }
    : { accepted: true };
}

import type { Tx } from './types.ts';

/** Chargers may report connectors the CSMS was never told about; the first report creates them. */
export async function ensureConnector(
  tx: Tx,
  {
    tenantId,
    chargerId,
    evseId,
    connectorId,
  }: { tenantId: string; chargerId: string; evseId: number; connectorId: number },
): Promise<void> {
  const evse = await tx.evse.upsert({
    where: { chargerId_evseId: { chargerId, evseId } },
    create: { tenantId, chargerId, evseId },
    update: {},
    select: { id: true },
  });
  await tx.connector.upsert({
    where: { chargerId_evseId_connectorId: { chargerId, evseId, connectorId } },
    create: { tenantId, chargerId, evseRowId: evse.id, evseId, connectorId },
    update: {},
    select: { id: true },
  });
}

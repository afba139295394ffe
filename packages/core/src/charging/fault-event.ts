import type { FaultModel } from '@magma/db';
import { eventIdOf, type DomainEvent } from '../events/index.ts';

/** charger.fault for a fault just opened (written in the transaction that opened it). */
export function chargerFaultEvent({
  tenantId,
  chargerId,
  fault,
}: {
  tenantId: string;
  chargerId: string;
  fault: Pick<FaultModel, 'id' | 'kind' | 'code' | 'evseId' | 'startedAt'>;
}): DomainEvent<'charger.fault'> {
  return {
    id: eventIdOf('charger.fault', fault.id),
    type: 'charger.fault',
    tenantId,
    chargerId,
    occurredAt: fault.startedAt,
    data: { chargerId, faultId: fault.id, kind: fault.kind, code: fault.code.slice(0, 100), evseId: fault.evseId },
  };
}

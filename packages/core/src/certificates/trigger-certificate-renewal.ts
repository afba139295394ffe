import type { z } from 'zod';
import { answerOf, callCharger, replyOf, type CallDeps, type CommandReply } from '../device-model/charger-call.ts';
import { pncAnswerStatus16, pncCommand16 } from '../plug-and-charge/pnc-16-messages.ts';
import { certificateCharger } from './charger.ts';
import { triggerCertificateRenewalInput } from './schemas.ts';

type SignedType = z.output<typeof triggerCertificateRenewalInput>['certificateType'];

/** The trigger that makes a charger send a new SignCertificate for a certificate type. */
export function renewalTrigger(protocol: 'OCPP16' | 'OCPP201', type: SignedType) {
  if (protocol === 'OCPP16') {
    // The V2G certificate: the Plug & Charge application note's TriggerMessage in DataTransfer.
    if (type === 'V2GCertificate') return pncCommand16('TriggerMessage', { requestedMessage: 'SignV2GCertificate' });
    return { action: 'ExtendedTriggerMessage', payload: { requestedMessage: 'SignChargePointCertificate' } };
  }
  const requestedMessage = type === 'V2GCertificate' ? 'SignV2GCertificate' : 'SignChargingStationCertificate';
  return { action: 'TriggerMessage', payload: { requestedMessage } };
}

/**
 * Starts a certificate renewal (2.0.1 A02/A03 by TriggerMessage, 1.6 by ExtendedTriggerMessage
 * SignChargePointCertificate, or for its V2G certificate the Plug & Charge application note's
 * TriggerMessage SignV2GCertificate in DataTransfer): the charger answers the trigger, then sends SignCertificate with a
 * new CSR, which the relay signs and sends back in CertificateSigned.
 */
export async function triggerCertificateRenewal(
  deps: CallDeps & { input: z.input<typeof triggerCertificateRenewalInput> },
): Promise<{ command: CommandReply; answer: string }> {
  const { db, scope } = deps;
  const input = triggerCertificateRenewalInput.parse(deps.input);
  const charger = await certificateCharger(db, scope, input.chargerId);
  const { action, payload } = renewalTrigger(charger.protocol, input.certificateType);
  const row = await callCharger(deps, charger.id, action, payload);
  return { command: replyOf(row), answer: action === 'DataTransfer' ? pncAnswerStatus16(row) : answerOf(row) };
}

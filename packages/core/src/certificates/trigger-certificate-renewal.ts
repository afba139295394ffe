import type { z } from 'zod';
import { answerOf, callCharger, replyOf, type CallDeps, type CommandReply } from '../device-model/charger-call.ts';
import { AppError } from '../errors/app-error.ts';
import { certificateCharger } from './charger.ts';
import { triggerCertificateRenewalInput } from './schemas.ts';

type SignedType = z.output<typeof triggerCertificateRenewalInput>['certificateType'];

/** The trigger that makes a charger send a new SignCertificate for a certificate type. */
export function renewalTrigger(protocol: 'OCPP16' | 'OCPP201', type: SignedType) {
  if (protocol === 'OCPP16') {
    // The 1.6 security extension knows the charge point's own certificate only.
    if (type !== 'ChargingStationCertificate')
      throw new AppError(
        'BAD_INPUT',
        'OCPP 1.6 chargers have no V2G certificate to renew (SignChargePointCertificate only)',
      );
    return { action: 'ExtendedTriggerMessage', payload: { requestedMessage: 'SignChargePointCertificate' } };
  }
  const requestedMessage = type === 'V2GCertificate' ? 'SignV2GCertificate' : 'SignChargingStationCertificate';
  return { action: 'TriggerMessage', payload: { requestedMessage } };
}

/**
 * Starts a certificate renewal (2.0.1 A02/A03 by TriggerMessage, 1.6 by ExtendedTriggerMessage
 * SignChargePointCertificate): the charger answers the trigger, then sends SignCertificate with a
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
  return { command: replyOf(row), answer: answerOf(row) };
}

import type { z } from 'zod';
import { readCertificate } from '@magma/pki';
import { answerOf, callCharger, replyOf, type CallDeps, type CommandReply } from '../device-model/charger-call.ts';
import { AppError } from '../errors/app-error.ts';
import {
  PNC_INSTALL_TYPES_16,
  isPncInstallType16,
  pncAnswerStatus16,
  pncCommand16,
} from '../plug-and-charge/pnc-16-messages.ts';
import type { CertificateAuthority } from './authority.ts';
import { certificateCharger } from './charger.ts';
import { INSTALL_TYPES_16, INSTALL_TYPES_201, installCertificateInput } from './schemas.ts';

/**
 * InstallCertificate (2.0.1 M05, 1.6 security extension): a root certificate the charger is to
 * trust, uploaded in PEM or the operator's own CA root. The certificate must parse as X.509 and the
 * type must be one the charger's version defines; the charger's answer is the outcome.
 */
export async function installCertificate(
  deps: CallDeps & { ca: CertificateAuthority; input: z.input<typeof installCertificateInput> },
): Promise<{ command: CommandReply; answer: string }> {
  const { db, scope, ca } = deps;
  const input = installCertificateInput.parse(deps.input);
  const charger = await certificateCharger(db, scope, input.chargerId);
  // 1.6: the ISO 15118 roots go through the Plug & Charge application note's DataTransfer.
  const allowed: readonly string[] =
    charger.protocol === 'OCPP16' ? [...INSTALL_TYPES_16, ...PNC_INSTALL_TYPES_16] : INSTALL_TYPES_201;
  if (!allowed.includes(input.certificateType))
    throw new AppError(
      'BAD_INPUT',
      `${input.certificateType} is not a certificate type of OCPP ${charger.protocol === 'OCPP16' ? '1.6' : '2.0.1'} (${allowed.join(', ')})`,
    );
  const pem = input.operatorRoot ? await ca.rootCertificate(scope.tenantId) : input.certificate!;
  const cert = readCertificate(pem);
  if (!cert) throw new AppError('BAD_INPUT', 'The certificate is not an X.509 certificate in PEM');
  const payload = { certificateType: input.certificateType, certificate: cert.pem };
  const audited = { certificateType: input.certificateType, subject: cert.subject, serialNumber: cert.serialNumber };
  if (charger.protocol === 'OCPP16' && isPncInstallType16(input.certificateType)) {
    const pnc = pncCommand16('InstallCertificate', payload);
    const row = await callCharger(deps, charger.id, pnc.action, pnc.payload, {
      messageId: 'InstallCertificate',
      ...audited,
    });
    return { command: replyOf(row), answer: pncAnswerStatus16(row) };
  }
  const row = await callCharger(deps, charger.id, 'InstallCertificate', payload, audited);
  return { command: replyOf(row), answer: answerOf(row) };
}

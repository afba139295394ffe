import type { z } from 'zod';
import { answerOf, callCharger, replyOf, type CallDeps, type CommandReply } from '../device-model/charger-call.ts';
import { AppError } from '../errors/app-error.ts';
import { isPncInstallType16, pncAnswerStatus16, pncCommand16 } from '../plug-and-charge/pnc-16-messages.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { certificateCharger } from './charger.ts';
import { deleteInstalledCertificateInput } from './schemas.ts';

/**
 * DeleteCertificate (2.0.1 M04, 1.6 security extension or Plug & Charge application note) of one certificate from the charger's last
 * reported list, named by its hash data; removed from the list once the charger says Accepted.
 */
export async function deleteInstalledCertificate(
  deps: CallDeps & { input: z.input<typeof deleteInstalledCertificateInput> },
): Promise<{ command: CommandReply; answer: string }> {
  const { db, scope } = deps;
  const input = deleteInstalledCertificateInput.parse(deps.input);
  const charger = await certificateCharger(db, scope, input.chargerId);
  const sdb = scopedDb(db, scope);
  const cert = await sdb.installedCertificate.findFirst({ where: { id: input.installedId, chargerId: charger.id } });
  if (!cert) throw new AppError('NOT_FOUND', 'No such installed certificate on this charger');
  const certificateHashData = {
    hashAlgorithm: cert.hashAlgorithm,
    issuerNameHash: cert.issuerNameHash,
    issuerKeyHash: cert.issuerKeyHash,
    serialNumber: cert.serialNumber,
  };
  // A 1.6 charger's ISO 15118 certificates are deleted through the Plug & Charge application note.
  const pnc =
    charger.protocol === 'OCPP16' &&
    (isPncInstallType16(cert.certificateType) || cert.certificateType === 'V2GCertificateChain');
  const command = pnc
    ? pncCommand16('DeleteCertificate', { certificateHashData })
    : { action: 'DeleteCertificate', payload: { certificateHashData } };
  const row = await callCharger(deps, charger.id, command.action, command.payload);
  const answer = pnc ? pncAnswerStatus16(row) : answerOf(row);
  if (answer === 'Accepted') await sdb.installedCertificate.deleteMany({ where: { id: cert.id } });
  return { command: replyOf(row), answer };
}

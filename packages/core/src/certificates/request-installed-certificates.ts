import type { z } from 'zod';
import type { Prisma } from '@magma/db';
import { answerOf, callCharger, replyOf, type CallDeps, type CommandReply } from '../device-model/charger-call.ts';
import {
  PNC_INSTALL_TYPES_16,
  pncAnswer16,
  pncAnswerStatus16,
  pncCommand16,
} from '../plug-and-charge/pnc-16-messages.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { certificateCharger } from './charger.ts';
import { INSTALL_TYPES_16, requestInstalledCertificatesInput } from './schemas.ts';

type HashData = { hashAlgorithm: string; issuerNameHash: string; issuerKeyHash: string; serialNumber: string };
type Reported = { certificateType: string; hash: HashData; children?: HashData[] };

/**
 * GetInstalledCertificateIds (2.0.1 M03, 1.6 security extension) and the charger's list stored in
 * place of the one before. 2.0.1 answers every type in one call; a 1.6 charger is asked once per
 * type its version defines (its request must name one), then for its ISO 15118 certificates in the
 * Plug & Charge application note's DataTransfer (a charger without it, UnknownVendorId or
 * UnknownMessageId, has none). The list is replaced only when every call was answered: Accepted
 * with the list, or NotFound (none of that type).
 */
export async function requestInstalledCertificates(
  deps: CallDeps & { input: z.input<typeof requestInstalledCertificatesInput> },
): Promise<{ commands: CommandReply[]; answer: string; installed: number }> {
  const { db, scope } = deps;
  const input = requestInstalledCertificatesInput.parse(deps.input);
  const charger = await certificateCharger(db, scope, input.chargerId);
  const asks: { payload: Record<string, unknown>; type?: string; pnc?: boolean }[] =
    charger.protocol === 'OCPP16'
      ? [
          ...INSTALL_TYPES_16.map((type) => ({ payload: { certificateType: type }, type })),
          { payload: { certificateType: [...PNC_INSTALL_TYPES_16, 'V2GCertificateChain'] }, pnc: true },
        ]
      : [{ payload: {} }];
  const commands: CommandReply[] = [];
  const reported: Reported[] = [];
  let answer = 'Accepted';
  for (const ask of asks) {
    const command = ask.pnc
      ? pncCommand16('GetInstalledCertificateIds', ask.payload)
      : { action: 'GetInstalledCertificateIds', payload: ask.payload };
    const row = await callCharger(deps, charger.id, command.action, command.payload);
    commands.push(replyOf(row));
    const a = ask.pnc ? pncAnswerStatus16(row) : answerOf(row);
    if (a === 'NotFound' || (ask.pnc && (a === 'UnknownVendorId' || a === 'UnknownMessageId'))) continue;
    if (a !== 'Accepted') {
      answer = a;
      break;
    }
    const response = ((ask.pnc ? pncAnswer16(row) : row.response) ?? {}) as {
      certificateHashDataChain?: {
        certificateType: string;
        certificateHashData: HashData;
        childCertificateHashData?: HashData[];
      }[];
      certificateHashData?: HashData[];
    };
    for (const c of response.certificateHashDataChain ?? [])
      reported.push({
        certificateType: c.certificateType,
        hash: c.certificateHashData,
        children: c.childCertificateHashData,
      });
    for (const h of response.certificateHashData ?? []) reported.push({ certificateType: ask.type!, hash: h });
  }
  if (answer !== 'Accepted') return { commands, answer, installed: 0 };
  const sdb = scopedDb(db, scope);
  const reportedAt = new Date();
  await db.$transaction(async (tx) => {
    await tx.installedCertificate.deleteMany({ where: { tenantId: scope.tenantId, chargerId: charger.id } });
    await tx.installedCertificate.createMany({
      data: reported.map((r) => ({
        tenantId: scope.tenantId,
        chargerId: charger.id,
        certificateType: r.certificateType,
        hashAlgorithm: r.hash.hashAlgorithm,
        issuerNameHash: r.hash.issuerNameHash.toLowerCase(),
        issuerKeyHash: r.hash.issuerKeyHash.toLowerCase(),
        serialNumber: r.hash.serialNumber.toLowerCase(),
        children: r.children?.length ? (r.children as unknown as Prisma.InputJsonArray) : undefined,
        reportedAt,
      })),
      skipDuplicates: true,
    });
  });
  const installed = await sdb.installedCertificate.count({ where: { chargerId: charger.id } });
  return { commands, answer, installed };
}

import { Prisma, type Db } from '@magma/db';
import type { ChargerRef } from '../charging/types.ts';
import { notifyCustomerInformation } from './schemas.ts';

// N09: NotifyCustomerInformation parts answering one CustomerInformation, matched by requestId and
// put together by seqNo: out of order and twice over are both fine (a part is kept once per seqNo).
// Once every seqNo up to the one with tbc false is held, their data is joined into the request's
// report. A report the charger sends unasked gets its own row.

/** A charger's data on one customer is a few lines; more parts than this is not such a report. */
export const MAX_PARTS = 200;

export async function receiveCustomerInformation({
  db,
  charger,
  payload,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  payload: unknown;
  now?: Date;
}): Promise<{ status: string; duplicate: boolean }> {
  const p = notifyCustomerInformation.parse(payload);
  const generatedAt = new Date(p.generatedAt);
  return db.$transaction(async (tx) => {
    await tx.customerInformationRequest.createMany({
      data: [
        {
          tenantId: charger.tenantId,
          chargerId: charger.chargerId,
          requestId: p.requestId,
          report: true,
          clear: false,
          status: 'RECEIVING',
          answer: 'UNASKED',
        },
      ],
      skipDuplicates: true,
    });
    const [row] = await tx.$queryRaw<{ id: string; status: string; lastSeqNo: number | null }[]>(Prisma.sql`
      SELECT id, status, "lastSeqNo" FROM "CustomerInformationRequest"
       WHERE "chargerId" = ${charger.chargerId}::uuid AND "requestId" = ${p.requestId}
       FOR UPDATE`);
    const request = row!;
    if (p.seqNo >= MAX_PARTS) return { status: request.status, duplicate: false };
    const kept = await tx.customerInformationPart.createMany({
      data: [
        {
          tenantId: charger.tenantId,
          requestRowId: request.id,
          seqNo: p.seqNo,
          tbc: p.tbc === true,
          generatedAt: Number.isNaN(generatedAt.getTime()) ? now : generatedAt,
          data: p.data,
        },
      ],
      skipDuplicates: true,
    });
    if (kept.count === 0) return { status: request.status, duplicate: true };
    const lastSeqNo = p.tbc === true ? request.lastSeqNo : p.seqNo;
    const parts = await tx.customerInformationPart.findMany({
      where: { requestRowId: request.id },
      orderBy: { seqNo: 'asc' },
      select: { seqNo: true, data: true },
    });
    const complete =
      request.status !== 'COMPLETE' &&
      lastSeqNo !== null &&
      parts.length === lastSeqNo + 1 &&
      parts.every((part, i) => part.seqNo === i);
    const status = complete ? 'COMPLETE' : request.status === 'REQUESTED' ? 'RECEIVING' : request.status;
    await tx.customerInformationRequest.update({
      where: { id: request.id },
      data: {
        partCount: parts.length,
        lastSeqNo,
        lastPartAt: now,
        status,
        ...(complete ? { completedAt: now, data: parts.map((part) => part.data).join('\n') } : {}),
      },
    });
    return { status, duplicate: false };
  });
}

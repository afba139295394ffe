import type { Db } from '@magma/db';
import type { z } from 'zod';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { customerInfoCharger } from './charger.ts';
import { listCustomerInformationInput } from './schemas.ts';

export type CustomerInformationRow = {
  id: string;
  requestId: number;
  idToken: string | null;
  idTokenType: string | null;
  customerIdentifier: string | null;
  certificateSerial: string | null;
  report: boolean;
  clear: boolean;
  status: string;
  answer: string | null;
  partCount: number;
  data: string | null;
  erasureId: string | null;
  createdAt: Date;
  completedAt: Date | null;
};

type Row = Omit<CustomerInformationRow, 'certificateSerial'> & { customerCertificate: unknown };

export const customerInformationRow = (r: Row): CustomerInformationRow => ({
  id: r.id,
  requestId: r.requestId,
  idToken: r.idToken,
  idTokenType: r.idTokenType,
  customerIdentifier: r.customerIdentifier,
  certificateSerial: (r.customerCertificate as { serialNumber?: string } | null)?.serialNumber ?? null,
  report: r.report,
  clear: r.clear,
  status: r.status,
  answer: r.answer,
  partCount: r.partCount,
  data: r.data,
  erasureId: r.erasureId,
  createdAt: r.createdAt,
  completedAt: r.completedAt,
});

/** A 2.0.1 charger's last 20 CustomerInformation requests with the reports they got. */
export async function listCustomerInformation({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof listCustomerInformationInput>;
}): Promise<{ requests: CustomerInformationRow[] }> {
  const { chargerId } = listCustomerInformationInput.parse(input);
  await customerInfoCharger(db, scope, chargerId);
  const rows = await scopedDb(db, scope).customerInformationRequest.findMany({
    where: { chargerId },
    orderBy: { createdAt: 'desc' },
    take: 20,
  });
  return { requests: rows.map(customerInformationRow) };
}

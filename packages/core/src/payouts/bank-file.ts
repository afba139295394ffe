import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { minorOf } from '../ledger/money-columns.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';

// The offline rail: a bulk-upload file for the operator's bank portal (NEFT, one row a payout),
// then each payout marked paid with its UTR. Rupees are written from integer paise, never a float.

const HEADER = ['Payout ID', 'Beneficiary Name', 'Account Number', 'IFSC', 'Amount (INR)', 'Mode', 'Remarks'];

export function rupees(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The bank upload file of a run's payouts still waiting to be paid. Operator admins only. */
export async function payoutBankFile({ db, scope, runId }: { db: Db; scope: Scope; runId: string }) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const run = await sdb.payoutRun.findFirst({ where: { id: runId } });
  if (!run) throw new AppError('NOT_FOUND', 'No such payout run');
  // A RazorpayX run's payouts are sent by the worker: paying them from a bank file too would pay twice.
  if (run.rail !== 'OFFLINE') throw new AppError('CONFLICT', `This run is paid through ${run.rail}, not a bank file`);
  const payouts = await sdb.payout.findMany({
    where: { runId, status: { in: ['CREATED', 'QUEUED', 'PENDING', 'PROCESSING'] } },
    orderBy: { createdAt: 'asc' },
  });
  const vendors = await sdb.vendor.findMany({
    where: { id: { in: payouts.flatMap((p) => p.vendorId ?? []) } },
    select: { id: true, legalName: true, bankAccountName: true, bankAccountNumber: true, bankIfsc: true },
  });
  const funds = await sdb.vendorFundAccount.findMany({
    where: { id: { in: payouts.flatMap((p) => p.fundAccountId ?? []) } },
  });
  const rows = payouts.map((p) => {
    const v = vendors.find((x) => x.id === p.vendorId);
    const f = funds.find((x) => x.id === p.fundAccountId);
    return [
      p.id,
      f?.accountName ?? v?.bankAccountName ?? v?.legalName ?? '',
      f?.accountNumber ?? v?.bankAccountNumber ?? '',
      f?.ifsc ?? v?.bankIfsc ?? '',
      rupees(minorOf(p.amountMinor)),
      'NEFT',
      `Settlement ${p.idempotencyKey.split(':')[1]?.slice(0, 8) ?? ''}`,
    ];
  });
  const csv = [HEADER, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return { filename: `payouts-${run.id.slice(0, 8)}.csv`, csv };
}

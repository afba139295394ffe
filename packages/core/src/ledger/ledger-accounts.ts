import { randomUUID } from 'node:crypto';
import type { Prisma } from '@magma/db';
import { accountKey, type Account, type AccountKind } from '@magma/ledger';

export type Tx = Prisma.TransactionClient;

const NAMES: Record<AccountKind, string> = {
  GATEWAY_CLEARING: 'Gateway clearing',
  SESSION_REVENUE: 'Session revenue (transient)',
  OPERATOR_REVENUE: 'Operator revenue',
  VENDOR_PAYABLE: 'Vendor payable',
  PLATFORM_FEES: 'Platform fees',
  GST_OUTPUT: 'GST output',
  TDS_PAYABLE: 'TDS payable (194-O)',
  TCS_PAYABLE: 'GST TCS payable (section 52)',
  SPONSOR_RECEIVABLE: 'Sponsor receivable',
  ON_ACCOUNT_RECEIVABLE: 'On-account receivable (id-token sessions)',
  GATEWAY_FEES_EXPENSE: 'Gateway fees',
  GST_INPUT: 'GST input (gateway fees)',
  DRIVER_BALANCE: 'Driver prepayments unapplied',
  BANK: 'Bank',
  SUSPENSE: 'Suspense (write-offs)',
};

/**
 * The ids of a tenant's accounts, created on first use. `cache` (code → id) may be kept across calls
 * for one tenant: account rows are never deleted.
 */
export async function accountIds(
  tx: Tx,
  tenantId: string,
  accounts: Iterable<Account>,
  cache: Map<string, string> = new Map(),
): Promise<Map<string, string>> {
  const missing = new Map<string, Account>();
  for (const a of accounts) {
    const code = accountKey(a);
    if (!cache.has(code)) missing.set(code, a);
  }
  if (missing.size === 0) return cache;
  await tx.ledgerAccount.createMany({
    data: [...missing].map(([code, a]) => ({
      id: randomUUID(),
      tenantId,
      code,
      kind: a.kind,
      vendorId: a.vendorId ?? null,
      name: NAMES[a.kind],
    })),
    skipDuplicates: true,
  });
  const rows = await tx.ledgerAccount.findMany({
    where: { tenantId, code: { in: [...missing.keys()] } },
    select: { id: true, code: true },
  });
  for (const r of rows) cache.set(r.code, r.id);
  return cache;
}

/** An account as the pure package names it, from a stored row. */
export function accountOf(row: { kind: string; vendorId: string | null }): Account {
  return row.kind === 'VENDOR_PAYABLE' && row.vendorId
    ? { kind: 'VENDOR_PAYABLE', vendorId: row.vendorId }
    : { kind: row.kind as AccountKind };
}

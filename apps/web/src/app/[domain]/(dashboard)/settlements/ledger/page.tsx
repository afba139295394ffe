import Link from 'next/link';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { inr } from '../format.ts';

export const metadata = { title: 'Ledger' };

const query = z.object({
  vendorId: z.uuid().optional().catch(undefined),
  transactionId: z.uuid().optional().catch(undefined),
  sourceKind: z.string().max(40).optional().catch(undefined),
  from: z.iso.datetime().optional().catch(undefined),
  to: z.iso.datetime().optional().catch(undefined),
  cursor: z.uuid().optional().catch(undefined),
});

export default async function LedgerPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const ctx = await requireMember();
  if (ctx.scope.role === 'VENDOR_USER') redirect('/earnings');
  const q = query.parse(await searchParams);
  const api = await serverApi();
  const [balances, page] = await Promise.all([api.ledger.balances(), api.ledger.entries({ ...q, take: 50 })]);
  const nonZero = balances.filter((b) => b.balanceMinor !== 0 || b.kind !== 'VENDOR_PAYABLE');
  const total = balances.reduce((n, b) => n + b.balanceMinor, 0);
  const tz = ctx.tenant.timezone;
  const next = page.nextCursor
    ? `?${new URLSearchParams({ ...q, cursor: page.nextCursor } as Record<string, string>)}`
    : null;
  return (
    <>
      <PageHeader
        title="Ledger"
        description="Every money movement as balanced postings (debit +, credit −), append-only. Balances are sums of postings."
        actions={
          <Link href="/settlements" className="text-sm underline">
            Settlements
          </Link>
        }
      />
      <div className="grid items-start gap-8 lg:grid-cols-[1fr_2fr]">
        <Card>
          <CardTitle description={`All accounts sum to ${inr(total)}.`}>Balances</CardTitle>
          <Table>
            <tbody>
              {nonZero.map((b) => (
                <tr key={b.id}>
                  <Td>
                    {b.name}
                    {b.vendorId ? (
                      <Link
                        href={`/settlements/ledger?vendorId=${b.vendorId}`}
                        className="block text-xs text-muted underline"
                      >
                        {b.code}
                      </Link>
                    ) : null}
                  </Td>
                  <Td className="text-right tabular-nums">{inr(b.balanceMinor)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
        <div>
          <form className="mb-3 flex flex-wrap items-end gap-2 text-sm" method="get">
            <label>
              Kind{' '}
              <select
                name="sourceKind"
                defaultValue={q.sourceKind ?? ''}
                className="rounded border border-line px-2 py-1"
              >
                <option value="">all</option>
                {[
                  'DRIVER_PAYMENT',
                  'GST_ON_CHARGING',
                  'VENDOR_SHARE',
                  'OPERATOR_SHARE',
                  'PLATFORM_FEE',
                  'GATEWAY_FEE',
                  'REFUND',
                  'UNAPPLIED_REFUND',
                  'TDS_WITHHELD',
                  'TCS_COLLECTED',
                  'PAYOUT_SENT',
                  'PAYOUT_FAILED',
                  'ADJUSTMENT',
                  'WRITE_OFF',
                ].map((k) => (
                  <option key={k} value={k}>
                    {k.toLowerCase().replaceAll('_', ' ')}
                  </option>
                ))}
              </select>
            </label>
            {q.vendorId ? <input type="hidden" name="vendorId" value={q.vendorId} /> : null}
            {q.from ? <input type="hidden" name="from" value={q.from} /> : null}
            {q.to ? <input type="hidden" name="to" value={q.to} /> : null}
            <button className="rounded border border-line px-2 py-1" type="submit">
              Filter
            </button>
            {Object.keys(q).length ? (
              <Link href="/settlements/ledger" className="underline">
                Clear filters
              </Link>
            ) : null}
          </form>
          {page.entries.length === 0 ? (
            <EmptyState title="No postings">Nothing matches these filters.</EmptyState>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Booked</Th>
                  <Th>Entry</Th>
                  <Th>Account</Th>
                  <Th className="text-right">Amount</Th>
                </tr>
              </thead>
              <tbody>
                {page.entries.flatMap((e) =>
                  e.lines.map((l, i) => (
                    <tr key={`${e.id}-${i}`} className={i === 0 ? 'border-t border-line' : ''}>
                      <Td className="whitespace-nowrap text-sm">
                        {i === 0
                          ? e.bookedAt.toLocaleString('en-IN', {
                              timeZone: tz,
                              dateStyle: 'medium',
                              timeStyle: 'short',
                            })
                          : ''}
                      </Td>
                      <Td className="text-sm">
                        {i === 0 ? (
                          <>
                            <span className="font-medium">{e.sourceKind.toLowerCase().replaceAll('_', ' ')}</span>
                            <span className="block text-xs text-muted">{e.memo}</span>
                          </>
                        ) : null}
                      </Td>
                      <Td className="text-sm">{l.accountName}</Td>
                      <Td className="text-right tabular-nums">{inr(l.amountMinor)}</Td>
                    </tr>
                  )),
                )}
              </tbody>
            </Table>
          )}
          {next ? (
            <Link href={`/settlements/ledger${next}`} className="mt-3 inline-block text-sm underline">
              Older postings
            </Link>
          ) : null}
        </div>
      </div>
    </>
  );
}

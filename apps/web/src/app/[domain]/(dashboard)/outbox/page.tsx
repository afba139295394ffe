import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { canAdminister, listOutboxEmails } from '@magma/core/driver';
import { getContext } from '@/server/api.ts';
import { getDb } from '@/server/db.ts';

export const metadata = { title: 'Email outbox' };
export const dynamic = 'force-dynamic';

const TONE = { OUTBOX: 'neutral', QUEUED: 'warn', SENT: 'good', FAILED: 'bad' } as const;

/** The dev outbox: every email the app queued for this tenant (receipts, refund notices, invitations). */
export default async function OutboxPage() {
  const ctx = await getContext();
  if (!ctx.scope || !ctx.tenant) redirect('/sign-in');
  if (!canAdminister(ctx.scope)) redirect('/not-available');
  const emails = await listOutboxEmails({ db: getDb(), scope: ctx.scope });
  const when = new Intl.DateTimeFormat('en-IN', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.tenant.timezone,
  });
  return (
    <>
      <PageHeader
        title="Email outbox"
        description="Emails sent to drivers and users. Without an email provider configured they stay here, unsent."
      />
      {emails.length === 0 ? (
        <EmptyState title="No emails yet">
          Receipts appear here when a driver who gave an email finishes charging.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>When</Th>
              <Th>To</Th>
              <Th>Subject</Th>
              <Th>Template</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody>
            {emails.map((e) => (
              <tr key={e.id} data-testid="outbox-row">
                <Td className="whitespace-nowrap text-muted">{when.format(e.createdAt)}</Td>
                <Td>{e.to}</Td>
                <Td>
                  <Link href={`/outbox/${e.id}`} className="font-medium text-primary hover:underline">
                    {e.subject}
                  </Link>
                </Td>
                <Td className="text-muted">{e.template}</Td>
                <Td>
                  <Badge tone={TONE[e.status]}>{e.status === 'OUTBOX' ? 'In outbox' : e.status.toLowerCase()}</Badge>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

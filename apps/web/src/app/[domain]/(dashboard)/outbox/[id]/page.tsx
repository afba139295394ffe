import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { AppError } from '@magma/core';
import { canAdminister, getOutboxEmail } from '@magma/core/driver';
import { Card, PageHeader } from '@magma/ui';
import { getContext } from '@/server/api.ts';
import { getDb } from '@/server/db.ts';

export const metadata = { title: 'Email' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

/** One queued email, its HTML rendered in a sandboxed frame (no scripts, no same-origin access). */
export default async function OutboxEmailPage({ params }: Props) {
  const ctx = await getContext();
  if (!ctx.scope || !ctx.tenant) redirect('/sign-in');
  if (!canAdminister(ctx.scope)) redirect('/not-available');
  let email;
  try {
    email = await getOutboxEmail({ db: getDb(), scope: ctx.scope, id: (await params).id });
  } catch (e) {
    if (AppError.is(e) && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
  return (
    <>
      <PageHeader
        title={email.subject}
        description={`To ${email.to} · from ${email.from} · ${email.template}`}
        actions={
          <Link href="/outbox" className="text-sm font-medium text-primary hover:underline">
            ← Outbox
          </Link>
        }
      />
      <Card className="p-0">
        <iframe
          title={email.subject}
          data-testid="email-frame"
          sandbox=""
          srcDoc={email.html}
          className="h-[75vh] w-full rounded-lg bg-white"
        />
      </Card>
      {email.text ? (
        <details className="mt-4">
          <summary className="cursor-pointer text-sm text-muted">Plain text</summary>
          <pre className="mt-2 whitespace-pre-wrap rounded-lg border border-line bg-surface p-4 text-sm">
            {email.text}
          </pre>
        </details>
      ) : null}
    </>
  );
}

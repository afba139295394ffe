import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';

// The dev outbox: what the driver flow (receipts, refund notices) and the rest of the app queued
// in EmailOutbox, for an operator admin to read when no email provider is configured.

export async function listOutboxEmails({ db, scope, take = 100 }: { db: Db; scope: Scope; take?: number }) {
  assertAdmin(scope);
  return scopedDb(db, scope).emailOutbox.findMany({
    orderBy: { createdAt: 'desc' },
    take: Math.min(Math.max(take, 1), 500),
    select: {
      id: true,
      to: true,
      from: true,
      subject: true,
      template: true,
      status: true,
      createdAt: true,
      sentAt: true,
      error: true,
    },
  });
}

export async function getOutboxEmail({ db, scope, id }: { db: Db; scope: Scope; id: string }) {
  assertAdmin(scope);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', 'No such email');
  const row = await scopedDb(db, scope).emailOutbox.findFirst({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', 'No such email');
  return row;
}

import type { Db } from '@magma/db';
import type { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { CallDeps } from '../device-model/charger-call.ts';
import { AppError } from '../errors/app-error.ts';
import { ID_TOKEN_TYPE_201 } from '../id-tokens/local-list.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { customerInformationRow, type CustomerInformationRow } from './list-customer-information.ts';
import { sendCustomerInformation } from './request-customer-information.ts';
import { eraseCustomerDataInput, listErasuresInput, type ID_TOKEN_TYPES_201 } from './schemas.ts';

// A data-erasure request for one card or PIN (N10): CustomerInformation with clear sent to every
// charger of the tenant that has seen the token (a session started with it), a few at a time, and
// each charger's answer kept. A 1.6 charger has no such message and is listed as skipped.

const AT_ONCE = 5;
/** A token seen on more chargers than this is erased in several requests, oldest first. */
const MAX_CHARGERS = 200;

export type ErasureCharger = {
  chargerId: string;
  identity: string;
  /** Sent, or why not: OCPP16 (no CustomerInformation in 1.6). */
  outcome: 'SENT' | 'OCPP16';
  request: CustomerInformationRow | null;
};

async function findToken(db: Db, scope: Scope, idTokenId: string) {
  assertOperator(scope);
  const token = await scopedDb(db, scope).idToken.findFirst({
    where: { id: idTokenId },
    select: { id: true, token: true, type: true },
  });
  if (!token) throw new AppError('NOT_FOUND', 'No such card or PIN');
  return token;
}

async function chargersThatSaw(db: Db, scope: Scope, token: { id: string; token: string }) {
  const seen = await scopedDb(db, scope).transaction.findMany({
    where: { OR: [{ idTokenId: token.id }, { idTag: { equals: token.token, mode: 'insensitive' } }] },
    select: { chargerId: true },
    distinct: ['chargerId'],
    take: MAX_CHARGERS,
  });
  return scopedDb(db, scope).charger.findMany({
    where: { id: { in: seen.map((s) => s.chargerId) } },
    select: { id: true, identity: true, protocol: true },
    orderBy: { identity: 'asc' },
  });
}

export async function eraseCustomerData(
  deps: CallDeps & { input: z.input<typeof eraseCustomerDataInput> },
): Promise<{ erasureId: string; chargers: ErasureCharger[] }> {
  const { db, scope } = deps;
  const { idTokenId } = eraseCustomerDataInput.parse(deps.input);
  const token = await findToken(db, scope, idTokenId);
  const chargers = await chargersThatSaw(db, scope, token);
  const type = (ID_TOKEN_TYPE_201[token.type] ?? 'Central') as (typeof ID_TOKEN_TYPES_201)[number];
  const idToken = { idToken: token.token, type };
  const erasure = await scopedDb(db, scope).customerDataErasure.create({
    data: {
      tenantId: scope.tenantId,
      idToken: idToken.idToken,
      idTokenType: idToken.type,
      chargerCount: chargers.length,
      requestedById: scope.userId,
    },
  });
  await recordAudit(db, scope, {
    action: 'customer_data.erasure_requested',
    entityType: 'IdToken',
    entityId: token.id,
    after: { erasureId: erasure.id, chargers: chargers.length },
  });
  const results: ErasureCharger[] = [];
  for (let i = 0; i < chargers.length; i += AT_ONCE) {
    const batch = chargers.slice(i, i + AT_ONCE);
    results.push(
      ...(await Promise.all(
        batch.map(async (c): Promise<ErasureCharger> => {
          const base = { chargerId: c.id, identity: c.identity };
          if (c.protocol !== 'OCPP201') return { ...base, outcome: 'OCPP16', request: null };
          await sendCustomerInformation(deps, {
            chargerId: c.id,
            customer: { idToken: { idToken: idToken.idToken, type: idToken.type } },
            report: false,
            clear: true,
            erasureId: erasure.id,
          });
          const row = await scopedDb(db, scope).customerInformationRequest.findFirstOrThrow({
            where: { erasureId: erasure.id, chargerId: c.id },
          });
          return { ...base, outcome: 'SENT', request: customerInformationRow(row) };
        }),
      )),
    );
  }
  return { erasureId: erasure.id, chargers: results };
}

/** A card's data-erasure requests, newest first, with each charger's answer. */
export async function listErasures({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof listErasuresInput>;
}) {
  const { idTokenId } = listErasuresInput.parse(input);
  const token = await findToken(db, scope, idTokenId);
  const sdb = scopedDb(db, scope);
  const erasures = await sdb.customerDataErasure.findMany({
    where: { idToken: token.token },
    orderBy: { createdAt: 'desc' },
    take: 10,
  });
  const requests = await sdb.customerInformationRequest.findMany({
    where: { erasureId: { in: erasures.map((e) => e.id) } },
    include: { charger: { select: { identity: true } } },
  });
  return {
    erasures: erasures.map((e) => ({
      id: e.id,
      createdAt: e.createdAt,
      chargerCount: e.chargerCount,
      chargers: requests
        .filter((r) => r.erasureId === e.id)
        .map((r) => ({ chargerId: r.chargerId, identity: r.charger.identity, ...pick(customerInformationRow(r)) })),
    })),
  };
}

const pick = (r: CustomerInformationRow) => ({ status: r.status, answer: r.answer, completedAt: r.completedAt });

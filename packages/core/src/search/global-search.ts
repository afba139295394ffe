import { z } from 'zod';
import type { Db } from '@magma/db';
import type { Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { containsText } from './like-pattern.ts';
import { payerLookupsOf } from '../payments/payer-identity.ts';

// The dashboard header's search: one box finds a charger by identity, a site by name, address or
// city, a card by its id token or label, a session by its id (or the charger's transaction id), and
// a driver's sessions by the email given at payment (3 characters at least) or by the full UPI VPA
// or phone number the gateway reported at capture (stored only masked and as a keyed hash, so the
// typed value is hashed alike and matched exactly, never in part). Every group is read through the scoped client,
// so an operator finds only its own tenant's rows and a vendor user only its own chargers, sites,
// cards and sessions. Input is text (LIKE wildcards escaped), at least 2 and at most 80 characters;
// each group answers at most `limit` rows and says whether there were more.

export const SEARCH_MIN = 2;
export const SEARCH_MAX = 80;

export const globalSearchInput = z.object({
  q: z.string().trim().min(SEARCH_MIN, `Type at least ${SEARCH_MIN} characters`).max(SEARCH_MAX),
  limit: z.coerce.number().int().min(1).max(10).default(5),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Group<T> = { items: T[]; more: boolean };

function group<T>(rows: T[], limit: number): Group<T> {
  return { items: rows.slice(0, limit), more: rows.length > limit };
}

export async function globalSearch({
  db,
  scope,
  input,
  payerLookupKey,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof globalSearchInput>;
  /** The payer lookup key (payerLookupKeyOf); without it drivers are found by email only. */
  payerLookupKey?: string;
}) {
  const { q, limit } = globalSearchInput.parse(input);
  const payer = payerLookupKey ? payerLookupsOf(q, { key: payerLookupKey, tenantId: scope.tenantId }) : null;
  const driverMatch = [
    ...(q.length >= 3 ? [{ email: containsText(q) }] : []),
    ...(payer?.vpa ? [{ payerVpaLookup: payer.vpa }] : []),
    ...(payer?.phone ? [{ payerPhoneLookup: payer.phone }] : []),
  ];
  const sdb = scopedDb(db, scope);
  const take = limit + 1;
  const isId = UUID.test(q);

  const [chargers, sites, cards, sessions, drivers] = await Promise.all([
    sdb.charger.findMany({
      where: { identity: containsText(q) },
      orderBy: { identity: 'asc' },
      take,
      select: { id: true, identity: true, online: true, model: true, site: { select: { name: true, city: true } } },
    }),
    sdb.site.findMany({
      where: { OR: [{ name: containsText(q) }, { address: containsText(q) }, { city: containsText(q) }] },
      orderBy: [{ archivedAt: { sort: 'desc', nulls: 'first' } }, { name: 'asc' }],
      take,
      select: { id: true, name: true, city: true, archivedAt: true, _count: { select: { chargers: true } } },
    }),
    sdb.idToken.findMany({
      where: { OR: [{ token: containsText(q) }, { label: containsText(q) }] },
      orderBy: { token: 'asc' },
      take,
      select: { id: true, token: true, type: true, status: true, label: true },
    }),
    sdb.transaction.findMany({
      where: isId ? { id: q.toLowerCase() } : { ocppTransactionId: q },
      orderBy: { startedAt: 'desc' },
      take,
      select: {
        id: true,
        status: true,
        startedAt: true,
        energyWh: true,
        charger: { select: { identity: true } },
      },
    }),
    driverMatch.length
      ? sdb.payment.findMany({
          where: { OR: driverMatch, transaction: { isNot: null } },
          orderBy: { createdAt: 'desc' },
          take,
          select: {
            email: true,
            payerVpaMasked: true,
            payerPhoneMasked: true,
            createdAt: true,
            transaction: {
              select: { id: true, status: true, startedAt: true, charger: { select: { identity: true } } },
            },
          },
        })
      : Promise.resolve([]),
  ]);

  return {
    q,
    chargers: group(
      chargers.map((c) => ({
        id: c.id,
        identity: c.identity,
        online: c.online,
        model: c.model,
        site: c.site ? `${c.site.name}, ${c.site.city}` : null,
      })),
      limit,
    ),
    sites: group(
      sites.map((s) => ({
        id: s.id,
        name: s.name,
        city: s.city,
        archived: s.archivedAt !== null,
        chargers: s._count.chargers,
      })),
      limit,
    ),
    cards: group(cards, limit),
    sessions: group(
      sessions.map((t) => ({
        id: t.id,
        status: t.status,
        startedAt: t.startedAt,
        energyWh: t.energyWh,
        charger: t.charger.identity,
      })),
      limit,
    ),
    drivers: group(
      drivers.flatMap((p) =>
        p.transaction
          ? [
              {
                email: p.email,
                /** The payer as shown (masked VPA and/or phone), or null. */
                payer: [p.payerVpaMasked, p.payerPhoneMasked].filter(Boolean).join(' · ') || null,
                sessionId: p.transaction.id,
                status: p.transaction.status,
                startedAt: p.transaction.startedAt,
                charger: p.transaction.charger.identity,
              },
            ]
          : [],
      ),
      limit,
    ),
  };
}

export type GlobalSearchResult = Awaited<ReturnType<typeof globalSearch>>;

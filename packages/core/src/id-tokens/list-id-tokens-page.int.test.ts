import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { AppError } from '../errors/app-error.ts';
import { demoFleet, type DemoFleet } from '../fleet/test-builders.ts';
import { countIdTokens, exportIdTokensCsv, listIdTokensPage } from './list-id-tokens-page.ts';

let t: TestDatabase;
let fleet: DemoFleet;
const NOW = new Date('2026-12-05T12:00:00Z');
const P = 'PGX'; // every card of this file: the filters below are narrowed to it with q

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
  const sunrise = fleet.sunrise.vendorId!;
  // 12 cards a minute apart: even ones Sunrise Malls', every third blocked, 4 and 8 lapsed, 11 an eMAID.
  await t.db.idToken.createMany({
    data: Array.from({ length: 12 }, (_, i) => ({
      tenantId: fleet.tenantId,
      vendorId: i % 2 === 0 ? sunrise : null,
      token: `${P}-${String(i).padStart(2, '0')}`,
      label: i === 5 ? 'Fleet van, night shift' : null,
      type: i === 11 ? ('CONTRACT' as const) : ('RFID' as const),
      status: i % 3 === 0 ? ('BLOCKED' as const) : ('ACCEPTED' as const),
      expiresAt: i === 4 || i === 8 ? new Date('2026-12-01T00:00:00Z') : null,
      createdAt: new Date(Date.UTC(2026, 10, 1, 10, i)),
    })),
  });
});
afterAll(async () => t.drop());

async function walk(input: Parameters<typeof listIdTokensPage>[0]['input'], scope = fleet.operator) {
  const pages: { tokens: string[]; previousCursor: string | null; hasPrevious: boolean; cursor?: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await listIdTokensPage({ db: t.db, scope, input: { ...input, cursor }, now: NOW });
    pages.push({ tokens: page.items.map((c) => c.token), ...page, cursor });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

const csvText = async (gen: AsyncGenerator<string>) => {
  let s = '';
  for await (const c of gen) s += c;
  return s.split('\r\n').filter(Boolean);
};

describe('the Cards list at fleet scale', () => {
  it('pages newest first, five at a time, and each page’s previous cursor fetches the page before', async () => {
    const pages = await walk({ q: P, limit: 5 });
    expect(pages.map((p) => p.tokens)).toEqual([
      ['PGX-11', 'PGX-10', 'PGX-09', 'PGX-08', 'PGX-07'],
      ['PGX-06', 'PGX-05', 'PGX-04', 'PGX-03', 'PGX-02'],
      ['PGX-01', 'PGX-00'],
    ]);
    expect(pages.map((p) => p.hasPrevious)).toEqual([false, true, true]);
    // Page 3's previous is page 2 (a cursor), page 2's previous is the first page (no cursor).
    expect(pages[1]!.previousCursor).toBeNull();
    const back = await listIdTokensPage({
      db: t.db,
      scope: fleet.operator,
      input: { q: P, limit: 5, cursor: pages[2]!.previousCursor! },
      now: NOW,
    });
    expect(back.items.map((c) => c.token)).toEqual(pages[1]!.tokens);
  });

  it.each([
    ['token', ['PGX-00', 'PGX-01', 'PGX-02', 'PGX-03']],
    ['-token', ['PGX-11', 'PGX-10', 'PGX-09', 'PGX-08']],
    ['createdAt', ['PGX-00', 'PGX-01', 'PGX-02', 'PGX-03']],
  ] as const)('sorts by %s across pages', async (sort, firstFour) => {
    const pages = await walk({ q: P, limit: 4, sort });
    expect(pages[0]!.tokens).toEqual(firstFour);
    expect(pages.flatMap((p) => p.tokens)).toHaveLength(12);
  });

  it.each([
    [{ status: 'BLOCKED' }, ['PGX-09', 'PGX-06', 'PGX-03', 'PGX-00']],
    // Active: accepted and not past its expiry; expired: the lapsed ones.
    [{ status: 'ACCEPTED' }, ['PGX-11', 'PGX-10', 'PGX-07', 'PGX-05', 'PGX-02', 'PGX-01']],
    [{ status: 'EXPIRED' }, ['PGX-08', 'PGX-04']],
    [{ type: 'CONTRACT' }, ['PGX-11']],
    [{ q: 'night shift' }, ['PGX-05']],
  ] as const)('filters %j on the server', async (filter, tokens) => {
    const pages = await walk({ q: P, limit: 50, ...filter });
    expect(pages.flatMap((p) => p.tokens)).toEqual(tokens);
    expect(await countIdTokens({ db: t.db, scope: fleet.operator, input: { q: P, ...filter }, now: NOW })).toBe(
      tokens.length,
    );
  });

  it('filters by vendor for an operator; a vendor user sees its own cards whatever it asks', async () => {
    const sunrise = (await walk({ q: P, vendorId: fleet.sunrise.vendorId! })).flatMap((p) => p.tokens);
    expect(sunrise).toEqual(['PGX-10', 'PGX-08', 'PGX-06', 'PGX-04', 'PGX-02', 'PGX-00']);
    const asVendor = (await walk({ q: P, vendorId: fleet.highway.vendorId! }, fleet.sunrise)).flatMap((p) => p.tokens);
    expect(asVendor).toEqual(sunrise);
    expect((await walk({ q: P }, fleet.highway)).flatMap((p) => p.tokens)).toEqual([]);
  });

  it('refuses a forged cursor with BAD_INPUT', async () => {
    const forged = Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url');
    await expect(listIdTokensPage({ db: t.db, scope: fleet.operator, input: { cursor: forged } })).rejects.toSatisfy(
      (e: unknown) => AppError.is(e) && e.code === 'BAD_INPUT',
    );
  });

  it('exports the filter as CSV in the tenant’s time zone, in the page’s order, across batches', async () => {
    const lines = await csvText(
      exportIdTokensCsv({
        db: t.db,
        scope: fleet.operator,
        input: { q: P, sort: 'token', status: '', vendorId: fleet.sunrise.vendorId! },
        batchSize: 2,
        now: NOW,
      }),
    );
    expect(lines[0]).toBe('card_id,kind,status,name,group_id,vendor,expires_at,registered_at,sessions');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([
      'PGX-00',
      'PGX-02',
      'PGX-04',
      'PGX-06',
      'PGX-08',
      'PGX-10',
    ]);
    // The demo tenant is in Asia/Kolkata: 10:04 UTC is 15:34 there; a lapsed card reads EXPIRED.
    expect(lines[3]).toBe(
      'PGX-04,RFID,EXPIRED,,,Sunrise Malls,2026-12-01 05:30:00 +05:30,2026-11-01 15:34:00 +05:30,0',
    );
    await expect(
      exportIdTokensCsv({ db: t.db, scope: fleet.operator, input: { q: P }, maxRows: 3 }).next(),
    ).rejects.toSatisfy((e: unknown) => AppError.is(e) && e.code === 'BAD_INPUT');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, sqlExecute, sqlQuery, type Db } from './client.ts';
import { Prisma } from './generated/prisma/client.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

// The relay's hot statements run through sqlQuery (prepared, straight on the pool). What they
// read must be exactly what $queryRaw reads, or a use case would see other values on that path.

let t: TestDatabase;
let one: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  one = createDb({ url: t.url, max: 1, idleTimeoutMs: 0 });
});
afterAll(async () => {
  await one?.$disconnect();
  await t.drop();
});

describe('sqlQuery', () => {
  it('plans each statement once (generic plans) and passes arrays of booleans, numbers and nulls', async () => {
    const [row] = await sqlQuery<Record<string, unknown>>(
      one,
      Prisma.sql`SELECT current_setting('plan_cache_mode') AS mode, ${[true, false, null]}::bool[] AS flags,
        ${[1, null, 3]}::int[] AS ints, ${['x', null, 'with "quotes", commas']}::text[] AS texts`,
    );
    expect(row).toEqual({
      mode: 'force_generic_plan',
      flags: [true, false, null],
      ints: [1, null, 3],
      texts: ['x', null, 'with "quotes", commas'],
    });
  });

  it('reads timestamps, bigints, uuids, arrays and nulls as $queryRaw does', async () => {
    const at = new Date('2026-03-01T10:20:30.456Z');
    const query = Prisma.sql`
      SELECT (${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')::timestamp(3) AS at,
             ${'9007199254740993'}::bigint AS big, ${7}::int AS small,
             '7c6f4a2e-3f1b-4a7e-9d2c-1b2a3c4d5e6f'::uuid AS id, ${null}::text AS nothing,
             ${['a', 'b']}::text[] AS list, ${2.5}::float8 AS real, true AS yes`;
    const viaPrisma = await t.db.$queryRaw<Record<string, unknown>[]>(query);
    const [row] = await sqlQuery<Record<string, unknown>>(t.db, query);
    expect(row).toEqual(viaPrisma[0]);
    expect(row).toEqual({
      at,
      big: 9007199254740993n,
      small: 7,
      id: '7c6f4a2e-3f1b-4a7e-9d2c-1b2a3c4d5e6f',
      nothing: null,
      list: ['a', 'b'],
      real: 2.5,
      yes: true,
    });
  });

  it('stores a Date parameter as UTC in a timestamp column, whatever the process time zone', async () => {
    const at = new Date('2026-07-04T23:30:00.125Z');
    const tenant = await t.db.tenant.create({ data: { slug: 'tz', name: 'TZ' } });
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      await sqlExecute(t.db, Prisma.sql`UPDATE "Tenant" SET "updatedAt" = ${at} WHERE id = ${tenant.id}::uuid`);
    } finally {
      process.env.TZ = before;
    }
    expect((await t.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).updatedAt).toEqual(at);
  });

  it('survives the server ending an idle connection: the next statement opens another', async () => {
    const own = createDb({ url: t.url, max: 1, idleTimeoutMs: 0, applicationName: 'magma-terminated' });
    const pid = async () => (await sqlQuery<{ pid: number }>(own, Prisma.sql`SELECT pg_backend_pid() AS pid`))[0]!.pid;
    const first = await pid();
    await t.db.$queryRaw`SELECT pg_terminate_backend(${first}::int)`;
    // The pool learns of it when the socket closes; a statement sent before that would fail once.
    let next: number | undefined;
    for (let i = 0; i < 40 && next === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      next = await pid().catch(() => undefined);
    }
    expect(next).toBeDefined();
    expect(next).not.toBe(first);
    await own.$disconnect();
    // The backend goes once it reads the goodbye; under load that may take a moment.
    let left = -1n;
    for (let i = 0; i < 40 && left !== 0n; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      const [row] = await t.db.$queryRaw<{ left: bigint }[]>`
        SELECT count(*) AS left FROM pg_stat_activity WHERE application_name = 'magma-terminated'`;
      left = row?.left ?? -1n;
    }
    expect(left).toBe(0n);
  });

  it('prepares a statement once per connection and reuses it with new values', async () => {
    const text = (n: number) => Prisma.sql`SELECT ${n}::int + 1 AS next`;
    expect(await sqlQuery(one, text(1))).toEqual([{ next: 2 }]);
    expect(await sqlQuery(one, text(41))).toEqual([{ next: 42 }]);
    const prepared = await sqlQuery<{ statement: string }>(
      one,
      Prisma.sql`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%AS next'`,
    );
    expect(prepared).toHaveLength(1);
  });

  it('counts the rows a statement changed, and rolls back nothing it did not own', async () => {
    const tenant = await t.db.tenant.create({ data: { slug: 'sqlx', name: 'Before' } });
    const changed = await sqlExecute(
      t.db,
      Prisma.sql`UPDATE "Tenant" SET name = ${'After'} WHERE id = ${tenant.id}::uuid OR slug = ${'nobody'}`,
    );
    expect(changed).toBe(1);
    expect((await t.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).name).toBe('After');
  });

  it('runs inside an interactive transaction on that transaction, through $queryRaw', async () => {
    await expect(
      t.db.$transaction(async (tx) => {
        await sqlExecute(
          tx,
          Prisma.sql`INSERT INTO "Tenant"(id, slug, name, "updatedAt") VALUES (gen_random_uuid(), 'rolled', 'R', now())`,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.db.tenant.count({ where: { slug: 'rolled' } })).toBe(0);
  });
});

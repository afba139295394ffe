import { describe, expect, it } from 'vitest';
import { readEnv } from '../env.ts';
import { DB_OUTAGE_HOLD_MS, holdThroughOutage, isDbUnavailable } from './db-outage.ts';

// Shapes as the pg driver and Prisma's pg adapter throw them (seen against a cut connection).
const adapter = (cause: object) => ({
  name: 'PrismaClientKnownRequestError',
  code: 'P2010',
  meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
});

describe('isDbUnavailable', () => {
  it.each([
    ['Prisma raw query, connection closed', adapter({ kind: 'ConnectionClosed' }), true],
    ['Prisma raw query, not reachable', adapter({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 1 }), true],
    ['Prisma model query, server closed the connection', { code: 'P1017' }, true],
    ['Prisma model query, server unreachable', { code: 'P1001' }, true],
    ['pg, connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['pg, connection ended mid-query', new Error('Connection terminated unexpectedly'), true],
    [
      'PostgreSQL starting up',
      { code: '57P03', severity: 'FATAL', message: 'the database system is starting up' },
      true,
    ],
    ['PostgreSQL shutting down', adapter({ kind: 'postgres', code: '57P01' }), true],
    ['wrapped in an AppError', new Error('Something went wrong', { cause: { code: 'P1017' } }), true],
    ['a unique violation', adapter({ kind: 'UniqueConstraintViolation' }), false],
    ['a statement error', { code: '22P02', severity: 'ERROR', message: 'invalid input syntax' }, false],
    ['a plain bug', new TypeError('x is undefined'), false],
    ['nothing', undefined, false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isDbUnavailable(error)).toBe(expected);
  });
});

describe('holdThroughOutage', () => {
  it('retries while the database is away and returns the write once it succeeds', async () => {
    let calls = 0;
    const held = await holdThroughOutage(
      async () => {
        if (++calls < 3) throw { code: 'P1017' };
        return 'stored';
      },
      { holdMs: 5_000 },
    );
    expect(held).toEqual({ stored: true, value: 'stored' });
    expect(calls).toBe(3);
  });

  it('gives up at the bound, also while an attempt hangs', async () => {
    const started = Date.now();
    const held = await holdThroughOutage(() => new Promise<never>(() => {}), { holdMs: 300 });
    expect(held).toMatchObject({ stored: false, reason: 'outage' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('throws any other error at once, without retrying', async () => {
    let calls = 0;
    const bug = new TypeError('bug');
    await expect(
      holdThroughOutage(
        async () => {
          calls++;
          throw bug;
        },
        { holdMs: 5_000 },
      ),
    ).rejects.toBe(bug);
    expect(calls).toBe(1);
  });

  it('stops when the charger has gone (the call is aborted)', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const held = await holdThroughOutage(
      async () => {
        throw { code: 'P1001' };
      },
      { holdMs: 10_000, signal: ac.signal },
    );
    expect(held).toMatchObject({ stored: false, reason: 'aborted' });
  });
});

describe('DB_OUTAGE_HOLD_MS', () => {
  const base = { DATABASE_URL: 'postgresql://u@127.0.0.1:5432/db' };
  it('defaults to 20 s, below the 30 s call timeout common among chargers', () => {
    expect(readEnv(base).DB_OUTAGE_HOLD_MS).toBe(DB_OUTAGE_HOLD_MS);
    expect(DB_OUTAGE_HOLD_MS).toBe(20_000);
  });
  it('takes milliseconds', () => {
    expect(readEnv({ ...base, DB_OUTAGE_HOLD_MS: '8000' }).DB_OUTAGE_HOLD_MS).toBe(8_000);
  });
  it.each(['-1', '1.5', 'soon', '600000'])('refuses %s', (value) => {
    expect(() => readEnv({ ...base, DB_OUTAGE_HOLD_MS: value })).toThrow(/DB_OUTAGE_HOLD_MS/);
  });
});

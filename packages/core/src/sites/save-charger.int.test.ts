import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { importChargers } from '../chargers/import-chargers.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { createCharger } from './save-charger.ts';

let t: TestDatabase;
let a: { id: string };
let b: { id: string };

beforeAll(async () => {
  t = await createTestDatabase();
  a = await t.db.tenant.create({ data: { slug: 'tenant-a', name: 'A' } });
  b = await t.db.tenant.create({ data: { slug: 'tenant-b', name: 'B' } });
});
afterAll(async () => t.drop());

describe('charger identities are unique per tenant', () => {
  it('two operators register the same identity, by hand or by CSV; within one tenant it stays unique', async () => {
    await createCharger({ db: t.db, scope: tenantScope(a.id), input: { identity: 'SAME-1' } });
    const theirs = await createCharger({ db: t.db, scope: tenantScope(b.id), input: { identity: 'SAME-1' } });
    expect(theirs).toMatchObject({ tenantId: b.id, identity: 'SAME-1', origin: 'OPERATOR' });
    await expect(
      createCharger({ db: t.db, scope: tenantScope(a.id), input: { identity: 'SAME-1' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    await createCharger({ db: t.db, scope: tenantScope(a.id), input: { identity: 'SAME-2' } });
    expect(
      await importChargers({ db: t.db, tenantId: b.id, csv: 'identity,protocol,connectors\nSAME-2,ocpp1.6,1\n' }),
    ).toEqual({ created: 1, errors: [] });
    const again = await importChargers({
      db: t.db,
      tenantId: b.id,
      csv: 'identity,protocol,connectors\nSAME-2,ocpp1.6,1\n',
    });
    expect(again.errors).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/already exists/) }),
    ]);
    expect(
      await t.db.charger.findMany({ where: { identity: 'SAME-2' }, select: { tenantId: true, origin: true } }),
    ).toEqual(
      expect.arrayContaining([
        { tenantId: a.id, origin: 'OPERATOR' },
        { tenantId: b.id, origin: 'IMPORT' },
      ]),
    );
  });
});

import { verifySecret } from '../auth/password.ts';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importChargers } from './import-chargers.ts';

let database: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const tenant = await database.db.tenant.create({ data: { slug: 'imp', name: 'Importers' } });
  tenantId = tenant.id;
  await database.db.site.create({
    data: { tenantId, name: 'Koramangala Hub', address: '1 Main Rd', city: 'Bengaluru', state: 'KA' },
  });
});
afterAll(async () => {
  await database.drop();
});

describe('importChargers', () => {
  it('creates chargers with their EVSEs, connectors, site and hashed password', async () => {
    const csv = [
      'identity,protocol,site,connectors,password,model',
      'BLR-001,ocpp1.6,Koramangala Hub,2,a-very-long-password-1,AC-22',
      'BLR-002,OCPP 2.0.1,,CCS2:60;TYPE2:22,,DC-60',
    ].join('\n');
    const result = await importChargers({ db: database.db, tenantId, csv });
    expect(result).toEqual({ created: 2, errors: [] });
    const a = await database.db.charger.findFirstOrThrow({
      where: { identity: 'BLR-001' },
      include: { connectors: true, site: true },
    });
    expect(a).toMatchObject({ protocol: 'OCPP16', securityProfile: 1, model: 'AC-22' });
    expect(a.site?.name).toBe('Koramangala Hub');
    expect(a.connectors).toHaveLength(2);
    expect(await verifySecret('a-very-long-password-1', a.passwordHash)).toBe(true);
    const b = await database.db.charger.findFirstOrThrow({
      where: { identity: 'BLR-002' },
      include: { connectors: { orderBy: { evseId: 'asc' } } },
    });
    expect(b).toMatchObject({ protocol: 'OCPP201', passwordHash: null });
    expect(b.connectors.map((c) => [c.evseId, c.type, Number(c.maxPowerKw)])).toEqual([
      [1, 'CCS2', 60],
      [2, 'TYPE2', 22],
    ]);
  });

  it('reports every bad row with its line and imports nothing', async () => {
    const csv = [
      'identity,protocol,site,connectors,password',
      'OK-1,ocpp1.6,,1,',
      'bad id!,ocpp1.6,,1,',
      'OK-2,ocpp3,,1,',
      'OK-3,ocpp1.6,Nowhere,1,',
      'OK-4,ocpp1.6,,PLUG:5,',
      'OK-5,ocpp1.6,,1,short',
      'OK-1,ocpp1.6,,1,',
      'BLR-001,ocpp1.6,,1,',
    ].join('\n');
    const result = await importChargers({ db: database.db, tenantId, csv });
    expect(result.created).toBe(0);
    const byLine = Object.fromEntries(result.errors.map((e) => [e.line, e.message]));
    expect(byLine[3]).toMatch(/^identity:/);
    expect(byLine[4]).toMatch(/^protocol:/);
    expect(byLine[5]).toMatch(/no site named 'Nowhere'/);
    expect(byLine[6]).toMatch(/unknown connector type 'PLUG'/);
    expect(byLine[7]).toMatch(/password must be at least 16/);
    expect(byLine[8]).toMatch(/duplicate of line 2/);
    expect(byLine[9]).toMatch(/already exists/);
    expect(await database.db.charger.count({ where: { identity: { startsWith: 'OK-' } } })).toBe(0);
  });

  it('refuses a file without the required columns', async () => {
    await expect(importChargers({ db: database.db, tenantId, csv: 'identity,model\nX,Y' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});

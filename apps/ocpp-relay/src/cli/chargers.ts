import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importChargers } from '@magma/core/chargers';
import { createDb } from '@magma/db';
import { readCliEnv } from '../env.ts';

// npm run chargers -- import file.csv --tenant demo

const USAGE = `Usage: npm run chargers -- import <file.csv> --tenant <slug>

CSV columns (header row): identity, protocol (ocpp1.6 | ocpp2.0.1), connectors (a count, or
types with kW like "CCS2:60;TYPE2:22"), and optionally site (an existing site's name),
password (16-40 chars, enables HTTP Basic), securityProfile, maxPowerKw, vendorName, model.
Nothing is imported unless every row is valid.`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { tenant: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, file] = positionals;
  if (values.help || command !== 'import' || !file || !values.tenant) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const db = createDb({ url: readCliEnv().DATABASE_URL, max: 2, applicationName: 'magma-chargers-cli' });
  try {
    const tenant = await db.tenant.findUnique({ where: { slug: values.tenant } });
    if (!tenant) {
      console.error(`No tenant with slug '${values.tenant}'`);
      return 1;
    }
    const result = await importChargers({ db, tenantId: tenant.id, csv: readFileSync(file, 'utf8') });
    if (result.errors.length) {
      console.error(`Nothing imported: ${result.errors.length} problem(s) in ${file}`);
      for (const e of result.errors)
        console.error(`  line ${e.line}${e.identity ? ` (${e.identity})` : ''}: ${e.message}`);
      return 1;
    }
    console.log(`Imported ${result.created} charger(s) into ${tenant.slug}`);
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main();

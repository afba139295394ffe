import { applyMigrations, createMigration } from '../src/migrate.ts';

// The WebAssembly engine leaves a timer behind after its work is done, so the CLI exits explicitly.
async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required (npm start sets it for the embedded database).');
    return 2;
  }
  if (command === 'deploy') {
    const applied = await applyMigrations(url);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return 0;
  }
  if (command === 'create') {
    if (!name || !/^[a-z0-9_]+$/.test(name)) {
      console.error('usage: npm run db:migration:create -- <name_in_snake_case>');
      return 2;
    }
    const created = await createMigration(url, name);
    console.log(
      created ? `created prisma/migrations/${created}` : 'no changes: the migrations already match the schema',
    );
    return 0;
  }
  console.error('usage: migrate.ts deploy | create <name>');
  return 2;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

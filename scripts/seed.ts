// `npm run db:seed [-- --large 12000] [-- --migrate] [-- --history 30 [--now ISO] [--seed N]]`: seeds the
// demo operator (once) into DATABASE_URL; with --history D, D days of sessions, payments and settled
// weeks before --now (default: now) when the operator is created; with --large N, adds a fleet of N
// connectors to it for scale tests.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDb } from '@magma/db';
import { applyMigrations } from '@magma/db/migrate';
import { seedDemo, seedLargeFleet } from '@magma/core';

const env = z
  .object({ DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL') })
  .parse(process.env);

const { values } = parseArgs({
  options: {
    large: { type: 'string' },
    migrate: { type: 'boolean', default: false },
    slug: { type: 'string', default: 'demo' },
    history: { type: 'string' },
    now: { type: 'string' },
    seed: { type: 'string' },
  },
});
const large = values.large === undefined ? 0 : z.coerce.number().int().min(1).max(1_000_000).parse(values.large);

const history =
  values.history === undefined
    ? undefined
    : {
        days: z.coerce.number().int().min(1).max(90).parse(values.history),
        now: values.now === undefined ? new Date() : z.coerce.date().parse(values.now),
        ...(values.seed === undefined ? {} : { seed: z.coerce.number().int().min(0).parse(values.seed) }),
      };

if (values.migrate) await applyMigrations(env.DATABASE_URL);
const db = createDb({ url: env.DATABASE_URL, max: 4, applicationName: 'magma-seed' });
try {
  const demo = await seedDemo({ db, slug: values.slug, ...(history ? { history } : {}) });
  console.log(
    demo.created ? `seeded the demo operator "${values.slug}"` : `demo operator "${values.slug}" already present`,
  );
  if (demo.history) {
    const h = demo.history;
    console.log(
      `history: ${h.sessions} sessions, ${h.meterSamples} meter samples, ${h.payments} payments, ${h.refunds} refunds, ` +
        `${h.faults} faults, ${h.reservations} reservations, ${h.closedWeeks} closed weeks, ${h.payouts} payouts in ${h.ms} ms`,
    );
  }
  if (large) {
    const started = Date.now();
    const prefix = `FLEET${Date.now().toString(36).toUpperCase()}`;
    const r = await seedLargeFleet({ db, tenantId: demo.tenantId, connectors: large, prefix });
    console.log(
      `added ${r.connectors} connectors on ${r.chargers} chargers (${prefix}-…) in ${Date.now() - started} ms`,
    );
  }
} finally {
  await db.$disconnect();
}

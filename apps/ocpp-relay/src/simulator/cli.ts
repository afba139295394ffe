import { parseArgs } from 'node:util';
import { createDb } from '@magma/db';
import { protocolOfVersion } from '../connection/context.ts';
import { readCliEnv } from '../env.ts';
import { SimulatedCharger } from './simulated-charger.ts';
import type { Version } from './payloads.ts';

// npm run simulate -- --chargers 50 --protocol ocpp2.0.1 [--url ws://localhost:9000/ocpp] [--tenant demo]

const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '10' },
    protocol: { type: 'string', default: 'ocpp1.6' },
    url: { type: 'string', default: 'ws://localhost:9000/ocpp' },
    tenant: { type: 'string' },
    prefix: { type: 'string', default: 'SIM' },
    password: { type: 'string' },
    sessions: { type: 'string' },
    'meter-interval': { type: 'string', default: '10' },
    register: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run simulate -- [--chargers N] [--protocol ocpp1.6|ocpp2.0.1] [--url ws://host:9000/ocpp]
  [--tenant slug] [--prefix SIM] [--password secret] [--sessions N] [--meter-interval seconds] [--register]

Connects N simulated chargers named {prefix}-{protocol}-{n}. They must exist in the tenant, or the
tenant's unknown-charger policy must be ACCEPT/PENDING; --register creates them first (needs DATABASE_URL).`);
  process.exit(0);
}

const count = Number(values.chargers);
const protocol = values.protocol as Version;
if (!Number.isInteger(count) || count < 1) throw new Error('--chargers must be a positive integer');
if (protocol !== 'ocpp1.6' && protocol !== 'ocpp2.0.1') throw new Error('--protocol must be ocpp1.6 or ocpp2.0.1');
const tag = protocol === 'ocpp1.6' ? '16' : '201';
const identities = Array.from({ length: count }, (_, i) => `${values.prefix}-${tag}-${String(i + 1).padStart(4, '0')}`);
const base = values.tenant ? `${values.url.replace(/\/$/, '')}/${values.tenant}` : values.url;

if (values.register) {
  const db = createDb({ url: readCliEnv().DATABASE_URL, max: 2, applicationName: 'magma-simulate' });
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: values.tenant ?? 'demo' } });
  await db.charger.createMany({
    data: identities.map((identity) => ({ tenantId: tenant.id, identity, protocol: protocolOfVersion(protocol) })),
    skipDuplicates: true,
  });
  await db.$disconnect();
}

const sims = identities.map(
  (identity) =>
    new SimulatedCharger({
      url: base,
      identity,
      protocol,
      password: values.password ?? null,
      meterIntervalMs: Number(values['meter-interval']) * 1000,
      reconnect: true,
    }),
);
let up = 0;
await Promise.all(
  sims.map(async (sim) => {
    try {
      const boot = await sim.start();
      sim.startHeartbeats();
      up++;
      if (boot.status !== 'Accepted') console.log(`${sim.identity}: BootNotification ${boot.status}`);
    } catch (e) {
      console.error(`${sim.identity}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }),
);
const sessions = Math.min(Number(values.sessions ?? Math.ceil(count / 2)), up);
let started = 0;
for (const sim of sims) {
  if (started >= sessions) break;
  const evseId = sim.freeEvse();
  if (!evseId) continue;
  await sim.startTransaction({ evseId, idTag: 'SIM-TAG' }).then(
    () => started++,
    () => {},
  );
}
console.log(
  `${up}/${count} chargers connected to ${base} (${protocol}), ${started} session(s) running. Ctrl-C to stop.`,
);

const stop = async () => {
  await Promise.allSettled(sims.map((s) => s.close()));
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

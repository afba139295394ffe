import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createPersonalToken } from '@magma/core/oauth';
import { publishTariffVersion } from '@magma/core/tariffs';
import type { Db } from '@magma/db';
import { E2E } from './e2e/seed.ts';
import { e2eDb } from './e2e/browser.ts';

// The event stream on the real web process (next-server.mjs with the production build): the
// upgrade of /api/v1/stream reaches the stream that instrumentation started inside Next's bundle,
// and a fact a use case commits arrives on the socket.

let db: Db;
let token = '';
let tenantId = '';

beforeAll(async () => {
  db = e2eDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: E2E.demo.admin } });
  tenantId = tenant.id;
  const created = await createPersonalToken({
    db,
    scope: { tenantId, vendorId: null, role: 'OPERATOR_ADMIN', userId: admin.id },
    input: { name: 'stream e2e', scopes: ['tariffs:read'] },
  });
  token = created.secret;
});
afterAll(async () => db?.$disconnect());

describe('/api/v1/stream on the web server', () => {
  it('authenticates a personal token and pushes a tariff.published the use case committed', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${process.env.MAGMA_E2E_PORT}/api/v1/stream`, {
      headers: { host: `${E2E.demo.slug}.localhost`, authorization: `Bearer ${token}` },
    });
    const messages: { type: string; [k: string]: unknown }[] = [];
    let closed = '';
    ws.on('message', (d: Buffer) => messages.push(JSON.parse(d.toString()) as { type: string }));
    ws.on('close', (code) => (closed = `closed ${code}`));
    const next = async (type: string) => {
      for (let i = 0; i < 300; i++) {
        const hit = messages.find((m) => m.type === type);
        if (hit) return hit;
        if (closed) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no ${type} (${closed}): ${JSON.stringify(messages)}`);
    };
    expect(await next('ready')).toMatchObject({ tenantId, role: 'OPERATOR_ADMIN' });
    ws.send(JSON.stringify({ type: 'subscribe', events: ['tariff.published'] }));
    await next('subscribed');
    const published = await publishTariffVersion({
      db,
      tenantId,
      name: 'Stream e2e',
      definition: { elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 1900 }] }] },
    });
    expect(await next('event')).toMatchObject({
      event: { type: 'tariff.published', data: { versionId: published.versionId } },
    });
    ws.close();
  });
});

import { rotateChargerPassword } from '@magma/core/chargers';
import { sendChargerAction } from '@magma/core/fleet';
import { tenantScope } from '@magma/core/tenancy';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, startHarness, waitFor, type Harness } from './support.ts';

// Password rotation as one action: generated, sent, stored as the charger's once it accepts, the
// old one admitted until the charger connects with the new one; the generic configuration action
// refuses the password keys (they would lock the charger out).

let h: Harness;
const clients: RPCClient[] = [];
const OLD = 'old-password-0123456789';

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close({ force: true })));
  await h?.stop();
});

async function open(identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', password: string) {
  const client = await connect(h.url, identity, protocol, { password });
  clients.push(client);
  await waitFor(() => h.db.charger.findFirst({ where: { identity, online: true } }));
  return client;
}
const refused = (identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', password: string) =>
  expect(open(identity, protocol, password)).rejects.toThrow();

/** A charger that takes the new password and remembers it, as a real one does. */
function takesPasswords(client: RPCClient, protocol: 'ocpp1.6' | 'ocpp2.0.1', answer = 'Accepted') {
  const got: string[] = [];
  if (protocol === 'ocpp1.6')
    client.handle('ChangeConfiguration', (call) => {
      const p = call.params as { key: string; value: string };
      if (p.key === 'AuthorizationKey') got.push(p.value);
      return Promise.resolve({ status: answer });
    });
  else
    client.handle('SetVariables', (call) => {
      const [d] = (
        call.params as { setVariableData: { attributeValue: string; component: unknown; variable: unknown }[] }
      ).setVariableData;
      got.push(d!.attributeValue);
      return Promise.resolve({
        setVariableResult: [{ component: d!.component, variable: d!.variable, attributeStatus: answer }],
      });
    });
  return got;
}

const scope = () => tenantScope(h.tenant.id);

describe('password rotation', () => {
  it.each(['ocpp2.0.1', 'ocpp1.6'] as const)(
    '%s: the charger takes the new one and is not locked out',
    async (protocol) => {
      const charger = await aCharger(h.db, {
        tenantId: h.tenant.id,
        protocol: protocol === 'ocpp1.6' ? 'OCPP16' : 'OCPP201',
        password: OLD,
      });
      const first = await open(charger.identity, protocol, OLD);
      const got = takesPasswords(first, protocol);
      const r = await rotateChargerPassword({ db: h.db, bus: h.bus, scope: scope(), input: { chargerId: charger.id } });
      expect(r).toMatchObject({ status: 'ACCEPTED', command: { status: 'RESPONDED' } });
      const [password] = got;
      expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
      // The password is kept nowhere in the clear.
      const command = await h.db.chargerCommand.findUniqueOrThrow({ where: { id: r.command.id } });
      expect(JSON.stringify(command.payload)).not.toContain(password);

      // Until it reconnects with the new one, the old one still works.
      await first.close();
      (await open(charger.identity, protocol, OLD)).close().catch(() => {});
      await open(charger.identity, protocol, password!);
      expect(await h.db.chargerPasswordRotation.findUniqueOrThrow({ where: { id: r.rotationId } })).toMatchObject({
        status: 'COMPLETED',
      });
      await refused(charger.identity, protocol, OLD);
      const audit = await h.db.auditLog.findMany({ where: { entityId: charger.id }, orderBy: { at: 'asc' } });
      expect(audit.map((a) => a.action)).toEqual([
        'charger.password.rotation_sent',
        'charger.password.rotation_accepted',
      ]);
    },
  );

  it('a charger that applies it before answering is admitted with it', async () => {
    const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201', password: OLD });
    const first = await open(charger.identity, 'ocpp2.0.1', OLD);
    let reconnected: Promise<RPCClient> | undefined;
    first.handle('SetVariables', (call) => {
      const [d] = (call.params as { setVariableData: { attributeValue: string }[] }).setVariableData;
      reconnected = open(charger.identity, 'ocpp2.0.1', d!.attributeValue);
      return new Promise(() => {}); // never answers: the new socket replaces this one
    });
    const r = await rotateChargerPassword({
      db: h.db,
      bus: h.bus,
      scope: scope(),
      input: { chargerId: charger.id },
      timeoutMs: 1500,
    });
    expect(r.status).toBe('SENT');
    await expect(reconnected).resolves.toBeDefined();
    expect(await h.db.chargerPasswordRotation.findUniqueOrThrow({ where: { id: r.rotationId } })).toMatchObject({
      status: 'COMPLETED',
    });
    await refused(charger.identity, 'ocpp2.0.1', OLD);
  });

  it('a refused password changes nothing', async () => {
    const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201', password: OLD });
    const first = await open(charger.identity, 'ocpp2.0.1', OLD);
    const got = takesPasswords(first, 'ocpp2.0.1', 'Rejected');
    const r = await rotateChargerPassword({ db: h.db, bus: h.bus, scope: scope(), input: { chargerId: charger.id } });
    expect(r.status).toBe('REFUSED');
    await first.close();
    await refused(charger.identity, 'ocpp2.0.1', got[0]!);
    await open(charger.identity, 'ocpp2.0.1', OLD);
  });

  it.each([
    [{ kind: 'configure', component: 'SecurityCtrlr', variable: 'BasicAuthPassword', value: 'x'.repeat(20) }],
    [{ kind: 'configure', variable: 'AuthorizationKey', value: 'x'.repeat(20) }],
    [{ kind: 'setVariables', variables: [{ key: 'SecurityCtrlr/BasicAuthPassword', value: 'x'.repeat(20) }] }],
  ])('the generic configuration action refuses %o', async (action) => {
    const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201', password: OLD });
    await open(charger.identity, 'ocpp2.0.1', OLD);
    await expect(
      sendChargerAction({
        db: h.db,
        bus: h.bus,
        scope: scope(),
        input: { chargerId: charger.id, action: action as never },
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/password rotation/) });
    expect(await h.db.chargerCommand.count({ where: { chargerId: charger.id } })).toBe(0);
  });
});

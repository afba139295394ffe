import { sendChargerCommand } from '@magma/core/commands';
import {
  clearAuthorizationCache,
  getLocalList,
  getLocalListVersion,
  sendLocalList,
  type LocalListMode,
} from '@magma/core/local-auth-list';
import { tenantScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, lastCommand, startHarness, waitFor, type Harness } from './support.ts';

// The operator's local authorization list against the simulated charger through the real relay
// (issue #20): Full, Differential, the empty Full, VersionMismatch, splitting to the charger's
// ItemsPerMessage, GetLocalListVersion and ClearCache — each answer stored.

describe.each([
  ['ocpp1.6', 'OCPP16'],
  ['ocpp2.0.1', 'OCPP201'],
] as const)('local authorization list on an %s charger', (version, protocol) => {
  let h: Harness;
  let sim: SimulatedCharger;
  let chargerId: string;
  const ids: Record<string, string> = {};
  const scope = () => tenantScope(h.tenant.id);

  beforeAll(async () => {
    h = await startHarness();
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    chargerId = c.id;
    sim = new SimulatedCharger({ url: h.url, identity: c.identity, protocol: version, meterIntervalMs: 0 });
    await sim.start();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
    const tokens = ['CARD-A', 'CARD-B', 'CARD-C', 'CARD-D', 'CARD-E'];
    await h.db.idToken.createMany({ data: tokens.map((token) => ({ tenantId: h.tenant.id, token })) });
    for (const t of await h.db.idToken.findMany({ where: { tenantId: h.tenant.id } })) ids[t.token] = t.id;
  });
  afterAll(async () => {
    await sim?.close();
    await h?.stop();
  });

  const send = (mode: LocalListMode, tokens: string[] = []) =>
    sendLocalList({
      db: h.db,
      bus: h.bus,
      scope: scope(),
      input: { chargerId, mode, idTokenIds: tokens.map((t) => ids[t]!) },
    });
  const held = () => [...sim.localList.entries.keys()].sort();
  const lines = (n: number) => {
    const p = sim.received.at(n)!.params as { localAuthorizationList?: unknown[] };
    return p.localAuthorizationList ?? null;
  };
  const versionOf = (p: unknown) => {
    const body = p as { listVersion?: number; versionNumber?: number };
    return body.listVersion ?? body.versionNumber;
  };

  it('GetLocalListVersion is answered and stored', async () => {
    const { reply, version: v } = await getLocalListVersion({ db: h.db, bus: h.bus, scope: scope(), chargerId });
    expect(reply.status).toBe('RESPONDED');
    expect(v).toBe(0);
    const state = await getLocalList({ db: h.db, scope: scope(), chargerId });
    expect(state).toMatchObject({ reportedVersion: 0, acceptedVersion: null, entries: [] });
    expect(state.reportedAt).toBeInstanceOf(Date);
  });

  it('a Full list is held by the charger, its version and entries stored', async () => {
    const r = await send('FULL', ['CARD-A', 'CARD-B', 'CARD-C']);
    expect(r.send).toMatchObject({ mode: 'FULL', outcome: 'Accepted', parts: 1, entryCount: 3, version: 1 });
    expect(r.replies).toEqual([expect.objectContaining({ status: 'RESPONDED', response: { status: 'Accepted' } })]);
    expect(held()).toEqual(['CARD-A', 'CARD-B', 'CARD-C']);
    expect(sim.localListVersion).toBe(1);
    const state = await getLocalList({ db: h.db, scope: scope(), chargerId });
    expect(state.acceptedVersion).toBe(1);
    expect(state.entries.map((e) => e.token).sort()).toEqual(['CARD-A', 'CARD-B', 'CARD-C']);
    expect((await getLocalListVersion({ db: h.db, bus: h.bus, scope: scope(), chargerId })).version).toBe(1);
  });

  it('Differential sends only the changes since the accepted version', async () => {
    await h.db.idToken.update({ where: { id: ids['CARD-B'] }, data: { status: 'BLOCKED' } });
    const r = await send('CHANGES', ['CARD-B', 'CARD-C', 'CARD-D']);
    expect(r.send).toMatchObject({ outcome: 'Accepted', version: 2, parts: 1 });
    const sent = lastCommand(sim)!.params as Record<string, unknown>;
    expect(sent.updateType).toBe('Differential');
    // CARD-B blocked, CARD-D added, CARD-A removed (a line without its info); CARD-C unchanged.
    expect(lines(-1)).toHaveLength(3);
    expect(held()).toEqual(['CARD-B', 'CARD-C', 'CARD-D']);
    expect(sim.localList.statusOf('card-b')).toBe('Blocked');
    await expect(send('CHANGES', ['CARD-B', 'CARD-C', 'CARD-D'])).rejects.toThrow(/Nothing changed since version 2/);
  });

  it('VersionMismatch is stored and asks for a Full send, which brings the charger back', async () => {
    sim.localListVersion = 500;
    const r = await send('CHANGES', ['CARD-C']);
    expect(r.send.outcome).toBe('VersionMismatch');
    expect(held()).toEqual(['CARD-B', 'CARD-C', 'CARD-D']);
    const state = await getLocalList({ db: h.db, scope: scope(), chargerId });
    expect(state).toMatchObject({ needsFull: true, acceptedVersion: 2 });
    expect((await send('FULL', ['CARD-C'])).send.outcome).toBe('Accepted');
    expect(held()).toEqual(['CARD-C']);
    expect(await getLocalList({ db: h.db, scope: scope(), chargerId })).toMatchObject({
      needsFull: false,
      acceptedVersion: 4,
    });
  });

  it('the empty Full list clears it', async () => {
    const r = await send('CLEAR');
    expect(r.send).toMatchObject({ mode: 'CLEAR', outcome: 'Accepted', entryCount: 0 });
    expect(lines(-1)).toEqual(protocol === 'OCPP16' ? [] : null);
    expect(held()).toEqual([]);
    expect((await getLocalList({ db: h.db, scope: scope(), chargerId })).entries).toEqual([]);
  });

  it("splits a Full list over the charger's ItemsPerMessage into Full + Differential parts", async () => {
    // The charger reports its limits; the CSMS learns them from its answer.
    const [key, action, payload] =
      protocol === 'OCPP16'
        ? ['SendLocalListMaxLength', 'GetConfiguration', { key: ['SendLocalListMaxLength'] }]
        : [
            'LocalAuthListCtrlr.ItemsPerMessage',
            'GetVariables',
            {
              getVariableData: [{ component: { name: 'LocalAuthListCtrlr' }, variable: { name: 'ItemsPerMessage' } }],
            },
          ];
    sim.config.set(key, '2');
    await sendChargerCommand({ db: h.db, bus: h.bus, tenantId: h.tenant.id, chargerId, action, payload });
    expect((await getLocalList({ db: h.db, scope: scope(), chargerId })).limits.itemsPerMessage).toBe(2);

    const before = sim.received.length;
    const r = await send('FULL', ['CARD-A', 'CARD-B', 'CARD-C', 'CARD-D', 'CARD-E']);
    expect(r.send).toMatchObject({ outcome: 'Accepted', parts: 3, entryCount: 5 });
    const calls = sim.received.slice(before).map((c) => c.params as Record<string, unknown>);
    expect(calls.map((c) => [c.updateType, (c.localAuthorizationList as unknown[]).length])).toEqual([
      ['Full', 2],
      ['Differential', 2],
      ['Differential', 1],
    ]);
    const versions = calls.map(versionOf);
    expect(versions).toEqual([versions[0], versions[0]! + 1, versions[0]! + 2]);
    expect(held()).toEqual(['CARD-A', 'CARD-B', 'CARD-C', 'CARD-D', 'CARD-E']);
    expect((await getLocalList({ db: h.db, scope: scope(), chargerId })).acceptedVersion).toBe(versions[2]);
    sim.config.delete(key);
  });

  it('ClearCache is answered', async () => {
    const { reply } = await clearAuthorizationCache({ db: h.db, bus: h.bus, scope: scope(), chargerId });
    expect(reply).toMatchObject({ action: 'ClearCache', status: 'RESPONDED', response: { status: 'Accepted' } });
  });
});

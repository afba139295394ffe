import { sendChargerAction } from '@magma/core/fleet';
import {
  clearDisplayMessage,
  listDisplayMessages,
  requestDisplayMessages,
  setDisplayMessage,
  showPayPage,
} from '@magma/core/display-messages';
import { TRIGGER_MESSAGES_16, TRIGGER_MESSAGES_201 } from '@magma/core/commands';
import { tenantScope, vendorScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { simDisplay } from '../src/simulator/display-messages.ts';
import { aCharger, lastCommand, startHarness, waitFor, type Harness } from './support.ts';

type Sent = { action: string; payload: Record<string, unknown>; reply: unknown };

/** A simulated charger whose own calls (and the CSMS's answers to them) are recorded. */
async function aRecordingCharger(h: Harness, protocol: 'OCPP16' | 'OCPP201') {
  const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
  const sim = new SimulatedCharger({
    url: h.url,
    identity: c.identity,
    protocol: protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1',
    meterIntervalMs: 0,
  });
  const sent: Sent[] = [];
  const call = sim.call.bind(sim);
  sim.call = async (action, payload) => {
    const reply = await call(action, payload);
    sent.push({ action, payload: payload as Record<string, unknown>, reply });
    return reply;
  };
  await sim.start();
  await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
  return { chargerId: c.id, sim, sent };
}

// What each trigger makes the charger send: without an EVSE, status and meter values of each of
// its two EVSEs; SignCombinedCertificate asks for both certificates.
const SENDS: Record<string, string[]> = {
  StatusNotification: ['StatusNotification', 'StatusNotification'],
  MeterValues: ['MeterValues', 'MeterValues'],
  SignChargingStationCertificate: ['SignCertificate'],
  SignV2GCertificate: ['SignCertificate'],
  SignCombinedCertificate: ['SignCertificate', 'SignCertificate'],
};

describe.each([
  ['OCPP16', TRIGGER_MESSAGES_16],
  ['OCPP201', TRIGGER_MESSAGES_201],
] as const)('TriggerMessage on an %s charger', (protocol, triggers) => {
  let h: Harness;
  let c: Awaited<ReturnType<typeof aRecordingCharger>>;
  beforeAll(async () => {
    h = await startHarness();
    c = await aRecordingCharger(h, protocol);
  });
  afterAll(async () => {
    await c?.sim.close();
    await h?.stop();
  });
  const act = (action: Parameters<typeof sendChargerAction>[0]['input']['action'], scope = tenantScope(h.tenant.id)) =>
    sendChargerAction({ db: h.db, bus: h.bus, scope, input: { chargerId: c.chargerId, action } });

  it.each(triggers.filter((t) => t !== 'TransactionEvent'))(
    '%s is accepted and the charger sends it, answered by the CSMS',
    async (message) => {
      const before = c.sent.length;
      const row = await act({ kind: 'trigger', message });
      expect(row).toMatchObject({ action: 'TriggerMessage', status: 'RESPONDED', response: { status: 'Accepted' } });
      const expected = SENDS[message] ?? [message];
      const sent = await waitFor(async () => {
        const s = c.sent.slice(before);
        return s.length >= expected.length && s;
      });
      expect(sent.map((s) => s.action)).toEqual(expected);
      if (message === 'BootNotification') expect(sent[0]!.reply).toMatchObject({ status: 'Accepted' });
      if (message === 'SignCombinedCertificate')
        expect(sent.map((s) => s.payload.certificateType)).toEqual(['ChargingStationCertificate', 'V2GCertificate']);
      if (message.startsWith('Sign'))
        expect(String(sent[0]!.payload.csr)).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    },
  );

  it('names the connector (1.6) or the EVSE and connector (2.0.1), and the charger reports only that one', async () => {
    const before = c.sent.length;
    const where = protocol === 'OCPP16' ? { evseId: 2 } : { evseId: 2, connectorId: 1 };
    const row = await act({ kind: 'trigger', message: 'StatusNotification', ...where });
    expect(row.response).toEqual({ status: 'Accepted' });
    expect(lastCommand(c.sim)!.params).toEqual(
      protocol === 'OCPP16'
        ? { requestedMessage: 'StatusNotification', connectorId: 2 }
        : { requestedMessage: 'StatusNotification', evse: { id: 2, connectorId: 1 } },
    );
    const [status] = await waitFor(async () => c.sent.length > before && c.sent.slice(before));
    expect(status!.payload).toMatchObject(protocol === 'OCPP16' ? { connectorId: 2 } : { evseId: 2 });
  });

  it('an EVSE the charger lacks is Rejected by the charger, not by us', async () => {
    const row = await act({ kind: 'trigger', message: 'MeterValues', evseId: 9 });
    expect(row.response).toEqual({ status: 'Rejected' });
  });

  it("a trigger of the other version is refused before it is recorded, and so is a vendor's of another site", async () => {
    const other = protocol === 'OCPP16' ? 'LogStatusNotification' : 'DiagnosticsStatusNotification';
    const commands = await h.db.chargerCommand.count({ where: { chargerId: c.chargerId } });
    await expect(act({ kind: 'trigger', message: other })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const vendor = await h.db.vendor.create({
      data: { tenantId: h.tenant.id, name: 'Some site owner', legalName: 'Some site owner' },
    });
    await expect(
      act({ kind: 'trigger', message: 'Heartbeat' }, vendorScope(h.tenant.id, vendor.id)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.db.chargerCommand.count({ where: { chargerId: c.chargerId } })).toBe(commands);
  });

  it('ChangeAvailability of one connector', async () => {
    const where = protocol === 'OCPP16' ? { evseId: 1 } : { evseId: 1, connectorId: 1 };
    const row = await act({ kind: 'availability', available: false, ...where });
    expect(row).toMatchObject({ action: 'ChangeAvailability', response: { status: 'Accepted' } });
    expect(lastCommand(c.sim)!.params).toEqual(
      protocol === 'OCPP16'
        ? { connectorId: 1, type: 'Inoperative' }
        : { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } },
    );
    await waitFor(async () => c.sim.statusOf(1) === 'Unavailable');
    expect(c.sim.statusOf(2)).toBe('Available');
    await act({ kind: 'availability', available: true, ...where });
    await waitFor(async () => c.sim.statusOf(1) === 'Available');
  });

  if (protocol === 'OCPP201') {
    it('TransactionEvent: Rejected with no transaction; with one, an Updated event with triggerReason Trigger', async () => {
      expect((await act({ kind: 'trigger', message: 'TransactionEvent' })).response).toEqual({ status: 'Rejected' });
      const transactionId = await c.sim.startTransaction({ evseId: 2, idTag: 'CARD-T' });
      const before = c.sent.length;
      expect((await act({ kind: 'trigger', message: 'TransactionEvent', evseId: 2 })).response).toEqual({
        status: 'Accepted',
      });
      const [event] = await waitFor(async () => c.sent.length > before && c.sent.slice(before));
      expect(event).toMatchObject({
        action: 'TransactionEvent',
        payload: { eventType: 'Updated', triggerReason: 'Trigger', transactionInfo: { transactionId } },
      });
    });

    it('GetTransactionStatus of a running, an unknown and no transaction', async () => {
      const running = c.sim.transactionOn(2)!;
      expect((await act({ kind: 'transactionStatus', transactionId: running })).response).toEqual({
        ongoingIndicator: true,
        messagesInQueue: false,
      });
      expect((await act({ kind: 'transactionStatus', transactionId: 'not-a-transaction' })).response).toEqual({
        ongoingIndicator: false,
        messagesInQueue: false,
      });
      expect((await act({ kind: 'transactionStatus' })).response).toEqual({ messagesInQueue: false });
      expect(lastCommand(c.sim)).toMatchObject({ action: 'GetTransactionStatus', params: {} });
      await c.sim.stopTransaction({ evseId: 2 });
    });
  } else {
    it('GetTransactionStatus is refused for a 1.6 charger', async () => {
      await expect(act({ kind: 'transactionStatus' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    });
  }
});

describe('display messages on a 2.0.1 charger', () => {
  let h: Harness;
  let c: Awaited<ReturnType<typeof aRecordingCharger>>;
  let deps: { db: Harness['db']; bus: Harness['bus']; scope: ReturnType<typeof tenantScope> };
  beforeAll(async () => {
    h = await startHarness();
    c = await aRecordingCharger(h, 'OCPP201');
    deps = { db: h.db, bus: h.bus, scope: tenantScope(h.tenant.id) };
  });
  afterAll(async () => {
    await c?.sim.close();
    await h?.stop();
  });
  const list = () => listDisplayMessages({ ...deps, input: { chargerId: c.chargerId } });
  const message = (content: string, extra: Record<string, unknown> = {}) => ({
    chargerId: c.chargerId,
    message: { priority: 'NormalCycle' as const, format: 'UTF8' as const, content, language: 'en', ...extra },
  });

  it('sets messages (ids given or next free), stores what the charger accepted and not what it refused', async () => {
    const a = await setDisplayMessage({ ...deps, input: message('Welcome ✓', { state: 'Idle' }) });
    expect(a).toMatchObject({ answer: 'Accepted', messageId: 1, command: { action: 'SetDisplayMessage' } });
    expect(lastCommand(c.sim)!.params).toEqual({
      message: {
        id: 1,
        priority: 'NormalCycle',
        state: 'Idle',
        message: { format: 'UTF8', language: 'en', content: 'Welcome ✓' },
      },
    });
    const until = new Date(Date.now() + 3600_000);
    expect(
      (await setDisplayMessage({ ...deps, input: message('Closing at 22:00', { id: 7, endsAt: until }) })).answer,
    ).toBe('Accepted');
    expect((await setDisplayMessage({ ...deps, input: message('Tariff', { id: 8 }) })).answer).toBe('Accepted');
    const html = await setDisplayMessage({ ...deps, input: message('<b>bold</b>', { id: 9, format: 'HTML' }) });
    expect(html.answer).toBe('NotSupportedMessageFormat');
    const { messages } = await list();
    expect(messages.map((m) => [m.messageId, m.content, m.source])).toEqual([
      [1, 'Welcome ✓', 'SET'],
      [7, 'Closing at 22:00', 'SET'],
      [8, 'Tariff', 'SET'],
    ]);
    expect(messages[1]!.endsAt?.toISOString()).toBe(until.toISOString());
  });

  it('refuses a message beyond the schema (content over 512 characters) before sending it', async () => {
    const before = c.sim.received.length;
    await expect(setDisplayMessage({ ...deps, input: message('x'.repeat(513)) })).rejects.toThrow();
    expect(c.sim.received.length).toBe(before);
  });

  it('GetDisplayMessages: the parts of the report are assembled by requestId; what the charger dropped goes', async () => {
    simDisplay(c.sim).messages.delete(8);
    const r = await requestDisplayMessages({ ...deps, input: { chargerId: c.chargerId } });
    expect(r.answer).toBe('Accepted');
    const report = await waitFor(() =>
      h.db.displayMessageReport.findFirst({
        where: { chargerId: c.chargerId, requestId: r.requestId, status: 'COMPLETE' },
      }),
    );
    // 2 messages per part (the simulator's screen): 1 and 7 in one part, complete.
    expect(report).toMatchObject({ partCount: 1, messageCount: 2, answer: 'Accepted' });
    const { messages, reports } = await list();
    expect(messages.map((m) => [m.messageId, m.source])).toEqual([
      [1, 'REPORTED'],
      [7, 'REPORTED'],
    ]);
    expect(reports[0]).toMatchObject({ requestId: r.requestId, status: 'COMPLETE' });
    const logged = await h.db.chargerMessage.count({
      where: { chargerId: c.chargerId, action: 'NotifyDisplayMessages' },
    });
    expect(logged).toBe(1);
  });

  it('a report in several parts (tbc) is complete only with its last part', async () => {
    for (const id of [20, 21, 22])
      expect((await setDisplayMessage({ ...deps, input: message(`m${id}`, { id }) })).answer).toBe('Accepted');
    expect([...simDisplay(c.sim).messages.keys()].sort((a, b) => a - b)).toEqual([1, 7, 20, 21, 22]);
    const r = await requestDisplayMessages({ ...deps, input: { chargerId: c.chargerId } });
    const report = await waitFor(() =>
      h.db.displayMessageReport.findFirst({
        where: { chargerId: c.chargerId, requestId: r.requestId, status: 'COMPLETE' },
      }),
    );
    expect(report).toMatchObject({ partCount: 3, messageCount: 5 });
    const parts = c.sent.filter((s) => s.action === 'NotifyDisplayMessages' && s.payload.requestId === r.requestId);
    expect(parts.map((p) => p.payload.tbc ?? false)).toEqual([true, true, false]);
    expect((await list()).messages).toHaveLength(5);
  });

  it('asking for ids the charger does not hold answers Unknown and changes nothing stored', async () => {
    const r = await requestDisplayMessages({ ...deps, input: { chargerId: c.chargerId, ids: [555] } });
    expect(r.answer).toBe('Unknown');
    expect((await list()).messages).toHaveLength(5);
  });

  it('clears a message; clearing one it does not hold answers Unknown', async () => {
    expect((await clearDisplayMessage({ ...deps, input: { chargerId: c.chargerId, id: 20 } })).answer).toBe('Accepted');
    expect(simDisplay(c.sim).messages.has(20)).toBe(false);
    expect((await clearDisplayMessage({ ...deps, input: { chargerId: c.chargerId, id: 20 } })).answer).toBe('Unknown');
    expect((await list()).messages.map((m) => m.messageId)).not.toContain(20);
  });

  it("shows a connector's pay page as a URI message (the QR a driver scans), replaced when shown again", async () => {
    const shown = await showPayPage({
      ...deps,
      origin: 'https://acme.example.com',
      input: { chargerId: c.chargerId, evseId: 2, state: 'Idle' },
    });
    const connector = await h.db.connector.findFirstOrThrow({ where: { chargerId: c.chargerId, evseId: 2 } });
    expect(connector.shortCode).toMatch(/^\w+$/);
    expect(shown).toMatchObject({ answer: 'Accepted', url: `https://acme.example.com/c/${connector.shortCode}` });
    expect(simDisplay(c.sim).messages.get(shown.messageId)).toMatchObject({
      priority: 'InFront',
      state: 'Idle',
      message: { format: 'URI', content: shown.url },
    });
    const again = await showPayPage({
      ...deps,
      origin: 'https://acme.example.com',
      input: { chargerId: c.chargerId, evseId: 2 },
    });
    expect(again.messageId).toBe(shown.messageId);
    expect((await list()).messages.filter((m) => m.format === 'URI')).toHaveLength(1);
  });

  it('is operator-only and 2.0.1-only', async () => {
    const vendor = await h.db.vendor.create({ data: { tenantId: h.tenant.id, name: 'Owner', legalName: 'Owner' } });
    await expect(
      setDisplayMessage({ ...deps, scope: vendorScope(h.tenant.id, vendor.id), input: message('hi') }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const c16 = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
    await expect(setDisplayMessage({ ...deps, input: { ...message('hi'), chargerId: c16.id } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    const other = await h.db.tenant.create({ data: { slug: 'other-display', name: 'Other' } });
    await expect(
      setDisplayMessage({ ...deps, scope: tenantScope(other.id), input: message('hi') }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

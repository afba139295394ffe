import { sendChargerCommand } from '@magma/core/commands';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, now, startHarness, type Harness } from './support.ts';

// A 2.0.1 transaction our RequestStartTransaction started is the card we sent (matched by
// remoteStartId), whatever tokens the station's events carry; a disagreeing token and a second
// Started are kept in the charger's log and raised as faults.

let h: Harness;
let client: RPCClient;
let charger: Awaited<ReturnType<typeof aCharger>>;
let remoteCard: { id: string };

beforeAll(async () => {
  h = await startHarness();
  charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
  remoteCard = await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'REMOTE-CARD' } });
  await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'OTHER-CARD' } });
  client = await connect(h.url, charger.identity, 'ocpp2.0.1');
  client.handle('RequestStartTransaction', () => Promise.resolve({ status: 'Accepted' }));
});
afterAll(async () => {
  await client?.close();
  await h?.stop();
});

const requestStart = (remoteStartId: number) =>
  sendChargerCommand({
    db: h.db,
    bus: h.bus,
    tenantId: h.tenant.id,
    chargerId: charger.id,
    action: 'RequestStartTransaction',
    payload: { remoteStartId, idToken: { idToken: 'REMOTE-CARD', type: 'Central' }, evseId: 1 },
  });

const event = (
  eventType: 'Started' | 'Updated',
  transactionId: string,
  seqNo: number,
  extra: { remoteStartId?: number; idToken?: string } = {},
) => ({
  eventType,
  timestamp: now(),
  triggerReason: eventType === 'Started' ? 'RemoteStart' : 'Authorized',
  seqNo,
  transactionInfo: {
    transactionId,
    ...(extra.remoteStartId !== undefined ? { remoteStartId: extra.remoteStartId } : {}),
  },
  evse: { id: 1, connectorId: 1 },
  ...(extra.idToken ? { idToken: { idToken: extra.idToken, type: 'ISO14443' } } : {}),
});

const tx = (ocppTransactionId: string) =>
  h.db.transaction.findFirstOrThrow({ where: { chargerId: charger.id, ocppTransactionId } });
const faults = (code: string) => h.db.fault.findMany({ where: { chargerId: charger.id, code, endedAt: null } });
const logged = (action: string) => h.db.chargerMessage.findMany({ where: { chargerId: charger.id, action } });

describe('remote start attribution (2.0.1)', () => {
  it('a Started without a token, then another card: the transaction is our remote start card', async () => {
    await requestStart(501);
    await client.call('TransactionEvent', event('Started', 'RS-1', 0, { remoteStartId: 501 }));
    await client.call('TransactionEvent', event('Updated', 'RS-1', 1, { idToken: 'OTHER-CARD' }));
    expect(await tx('RS-1')).toMatchObject({ idTag: 'REMOTE-CARD', idTokenId: remoteCard.id, remoteStartId: 501 });
    const conflicts = await logged('TransactionTokenConflict');
    expect(conflicts.map((m) => m.payload)).toContainEqual(
      expect.objectContaining({ transactionId: 'RS-1', kept: 'REMOTE-CARD', received: 'OTHER-CARD' }),
    );
    expect(await faults('TransactionTokenConflict')).toHaveLength(1);
  });

  it('a card before the remoteStartId is replaced by our remote start card, and flagged', async () => {
    await requestStart(502);
    await client.call('TransactionEvent', event('Started', 'RS-2', 0, { idToken: 'OTHER-CARD' }));
    await client.call('TransactionEvent', event('Updated', 'RS-2', 1, { remoteStartId: 502 }));
    expect(await tx('RS-2')).toMatchObject({ idTag: 'REMOTE-CARD', idTokenId: remoteCard.id });
    expect((await logged('TransactionTokenConflict')).map((m) => m.payload)).toContainEqual(
      expect.objectContaining({ transactionId: 'RS-2', kept: 'REMOTE-CARD', received: 'OTHER-CARD' }),
    );
  });

  it('a Started sent again (same seqNo) is a retry; a second Started is flagged', async () => {
    const started = event('Started', 'RS-3', 0, { remoteStartId: 503 });
    await requestStart(503);
    await client.call('TransactionEvent', started);
    await client.call('TransactionEvent', started);
    expect(await logged('TransactionRepeatedStarted')).toHaveLength(0);
    await client.call('TransactionEvent', event('Started', 'RS-3', 4, { idToken: 'REMOTE-CARD' }));
    const repeated = await logged('TransactionRepeatedStarted');
    expect(repeated.map((m) => m.payload)).toEqual([expect.objectContaining({ transactionId: 'RS-3', seqNo: 4 })]);
    expect(await faults('TransactionRepeatedStarted')).toHaveLength(1);
    expect(await tx('RS-3')).toMatchObject({ idTag: 'REMOTE-CARD', startedSeqNo: 0 });
  });
});

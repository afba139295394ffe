import { RPCClient } from 'ocpp-rpc';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay } from '../src/server.ts';
import { silentLogger } from '../src/logger.ts';
import { aCharger, connect, now, startHarness, waitFor, type Harness } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

type Frame = unknown[];

/** A bare WebSocket speaking raw OCPP-J frames, to send what no well-behaved client would. */
async function rawSocket(url: string, protocol: string) {
  const ws = new WebSocket(url, [protocol]);
  const inbox: Frame[] = [];
  const waiters: ((f: Frame) => void)[] = [];
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as Frame;
    const w = waiters.shift();
    if (w) w(frame);
    else inbox.push(frame);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    send: (text: string) => ws.send(text),
    next: () => new Promise<Frame>((resolve) => (inbox.length ? resolve(inbox.shift()!) : waiters.push(resolve))),
    close: () => ws.close(),
  };
}

const BAD = {
  'ocpp1.6': {
    heartbeat: '[2,"hb","Heartbeat",{}]',
    wrongType: '[2,"t1","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available"}]',
    missing: '[2,"t2","StatusNotification",{"connectorId":1,"status":"Available"}]',
    extra: '[2,"t3","Heartbeat",{"surprise":true}]',
    tooLong: `[2,"t4","Authorize",{"idTag":"${'X'.repeat(21)}"}]`,
    badEnum: '[2,"t5","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}]',
    badDate:
      '[2,"t6","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"yesterday"}]',
    notObject: '[2,"t7","Heartbeat",[]]',
    outOfRange: '[2,"r1","StatusNotification",{"connectorId":2147483648,"errorCode":"NoError","status":"Available"}]',
    outOfRangeField: 'connectorId',
  },
  'ocpp2.0.1': {
    heartbeat: '[2,"hb","Heartbeat",{}]',
    wrongType:
      '[2,"t1","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Available","evseId":"one","connectorId":1}]',
    missing:
      '[2,"t2","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Available","evseId":1}]',
    extra: '[2,"t3","Heartbeat",{"surprise":true}]',
    tooLong: `[2,"t4","Authorize",{"idToken":{"idToken":"${'X'.repeat(37)}","type":"ISO14443"}}]`,
    badEnum:
      '[2,"t5","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Sleeping","evseId":1,"connectorId":1}]',
    badDate:
      '[2,"t6","StatusNotification",{"timestamp":"yesterday","connectorStatus":"Available","evseId":1,"connectorId":1}]',
    notObject: '[2,"t7","Heartbeat",[]]',
    outOfRange:
      '[2,"r1","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Available","evseId":2147483648,"connectorId":1}]',
    outOfRangeField: 'evseId',
  },
} as const;

// Each version names its own CALLERROR codes (OCPP-J 1.6 Table 7; OCPP-J 2.0.1 §4.3).
describe.each([
  [
    'ocpp1.6',
    'OCPP16',
    {
      malformed: 'FormationViolation',
      messageType: 'FormationViolation',
      wrongType: 'TypeConstraintViolation',
      missing: 'OccurenceConstraintViolation',
      extra: 'FormationViolation',
      notObject: 'FormationViolation',
      tooLong: 'PropertyConstraintViolation',
      badEnum: 'PropertyConstraintViolation',
      badDate: 'PropertyConstraintViolation',
    },
  ],
  [
    'ocpp2.0.1',
    'OCPP201',
    {
      malformed: 'RpcFrameworkError',
      messageType: 'MessageTypeNotSupported',
      wrongType: 'TypeConstraintViolation',
      missing: 'OccurrenceConstraintViolation',
      extra: 'FormatViolation',
      notObject: 'FormatViolation',
      tooLong: 'PropertyConstraintViolation',
      badEnum: 'PropertyConstraintViolation',
      badDate: 'PropertyConstraintViolation',
    },
  ],
] as const)('%s CALLERRORs', (version, protocol, codes) => {
  let sock: Awaited<ReturnType<typeof rawSocket>>;
  beforeAll(async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    sock = await rawSocket(`${h.url}/${c.identity}`, version);
  });
  afterAll(() => sock?.close());

  // A fresh message id each time: a CALL repeated with an id and content just answered is taken
  // for the same message sent again, and not answered twice (connection/inbound-guard.ts).
  let beats = 0;
  const stillUp = async () => {
    const id = `hb-${++beats}`;
    sock.send(BAD[version].heartbeat.replace('"hb"', `"${id}"`));
    const reply = await sock.next();
    expect(reply.slice(0, 2)).toEqual([3, id]);
  };

  it('answers a frame that is not JSON, and stays up', async () => {
    sock.send('this is not json');
    const [type, , code] = await sock.next();
    expect([type, code]).toEqual([4, codes.malformed]);
    await stillUp();
  });

  it('answers an unknown message type', async () => {
    sock.send('[7,"m1","Heartbeat",{}]');
    const [type, id, code] = await sock.next();
    expect([type, id, code]).toEqual([4, 'm1', codes.messageType]);
    await stillUp();
  });

  it('answers an unknown action with NotImplemented', async () => {
    sock.send('[2,"u1","MakeCoffee",{}]');
    expect((await sock.next()).slice(0, 3)).toEqual([4, 'u1', 'NotImplemented']);
    await stillUp();
  });

  // The code says what is wrong (OCPP-J 1.6 Table 7, 2.0.1 §4.3): a field of the wrong JSON type, a
  // field missing, a payload not shaped like the action's PDU (not an object, a property it does
  // not have), a field whose value is invalid (too long, not in its enumeration, not a date-time).
  it.each(['wrongType', 'missing', 'extra', 'notObject', 'tooLong', 'badEnum', 'badDate'] as const)(
    'answers a schema-invalid payload (%s)',
    async (kind) => {
      sock.send(BAD[version][kind]);
      const reply = await sock.next();
      expect(reply[0]).toBe(4);
      expect(reply[2]).toBe(codes[kind]);
      await stillUp();
    },
  );

  it('refuses an id no charger can have (past 32 bits) with PropertyConstraintViolation, storing nothing', async () => {
    const before = await h.db.statusEvent.count();
    sock.send(BAD[version].outOfRange);
    const [type, id, code, description] = await sock.next();
    expect([type, id, code]).toEqual([4, 'r1', 'PropertyConstraintViolation']);
    expect(description).toContain(BAD[version].outOfRangeField);
    expect(await h.db.statusEvent.count()).toBe(before);
    await stillUp();
  });

  it('changes nothing for an invalid payload', async () => {
    const before = await h.db.statusEvent.count();
    sock.send(BAD[version].badEnum.replace('"t5"', '"t5-again"'));
    expect((await sock.next())[0]).toBe(4);
    expect(await h.db.statusEvent.count()).toBe(before);
  });
});

describe('ids beyond 32 bits that are never stored as such', () => {
  it('accepts request and reservation ids of any size (echoed back or logged)', async () => {
    const c16 = await aCharger(h.db, { tenantId: h.tenant.id });
    const v16 = await connect(h.url, c16.identity, 'ocpp1.6');
    const start = { connectorId: 1, idTag: 'ANY', meterStart: 0, timestamp: now(), reservationId: 2 ** 31 };
    expect(await v16.call('StartTransaction', start)).toMatchObject({ transactionId: expect.any(Number) });
    await v16.close();
    const c201 = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    const v201 = await connect(h.url, c201.identity, 'ocpp2.0.1');
    expect(await v201.call('LogStatusNotification', { status: 'Uploaded', requestId: 2 ** 40 })).toEqual({});
    await v201.close();
  });
});

describe('transactions survive retries and unknowns', () => {
  it('a StartTransaction retried after a reconnect gets the same transactionId', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const start = { connectorId: 1, idTag: 'ANY', meterStart: 100, timestamp: now() };
    const first = await connect(h.url, c.identity, 'ocpp1.6');
    const a = (await first.call('StartTransaction', start)) as { transactionId: number };
    await first.close();
    const second = await connect(h.url, c.identity, 'ocpp1.6');
    const b = (await second.call('StartTransaction', start)) as { transactionId: number };
    expect(b.transactionId).toBe(a.transactionId);
    expect(await h.db.transaction.count({ where: { chargerId: c.id } })).toBe(1);
    await second.close();
  });

  it('a StopTransaction for an unknown transaction is accepted and kept as an orphan stop', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const client = await connect(h.url, c.identity, 'ocpp1.6');
    const res = await client.call('StopTransaction', {
      transactionId: 987654,
      meterStop: 5000,
      timestamp: now(),
      transactionData: [
        { timestamp: new Date(Date.now() - 3600_000).toISOString(), sampledValue: [{ value: '1000' }] },
      ],
    });
    expect(res).toEqual({});
    const orphan = await h.db.transaction.findFirstOrThrow({ where: { chargerId: c.id } });
    expect(orphan).toMatchObject({
      orphanStop: true,
      status: 'COMPLETED',
      meterStopWh: 5000,
      energyWh: 4000,
      ocppTransactionId: 'orphan:987654',
    });
    await client.call('StopTransaction', { transactionId: 987654, meterStop: 5000, timestamp: now() });
    expect(await h.db.transaction.count({ where: { chargerId: c.id } })).toBe(1);
    await client.close();
  });

  it('a TransactionEvent Ended for an unknown transaction is accepted and kept as an orphan stop', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    const client = await connect(h.url, c.identity, 'ocpp2.0.1');
    await client.call('TransactionEvent', {
      eventType: 'Ended',
      timestamp: now(),
      triggerReason: 'EVDeparted',
      seqNo: 7,
      transactionInfo: { transactionId: 'never-started', stoppedReason: 'EVDisconnected' },
      evse: { id: 1 },
    });
    const orphan = await h.db.transaction.findFirstOrThrow({
      where: { chargerId: c.id, ocppTransactionId: 'never-started' },
    });
    expect(orphan).toMatchObject({ orphanStop: true, status: 'COMPLETED', stopReason: 'EVDisconnected', lastSeqNo: 7 });
    await client.close();
  });
});

describe('ordering', () => {
  it("processes one charger's messages in the order they arrived", async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const sock = await rawSocket(`${h.url}/${c.identity}`, 'ocpp1.6');
    const statuses = [
      'Preparing',
      'Charging',
      'SuspendedEV',
      'Charging',
      'Finishing',
      'Available',
      'Preparing',
      'Charging',
      'Finishing',
      'Available',
    ];
    const base = Date.now();
    statuses.forEach((status, i) =>
      sock.send(
        JSON.stringify([
          2,
          `s${i}`,
          'StatusNotification',
          { connectorId: 1, errorCode: 'NoError', status, timestamp: new Date(base + i).toISOString() },
        ]),
      ),
    );
    const replies = await Promise.all(statuses.map(() => sock.next()));
    expect(replies.map((r) => r[1])).toEqual(statuses.map((_, i) => `s${i}`));
    const events = await h.db.statusEvent.findMany({ where: { chargerId: c.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.timestamp.getTime())).toEqual(statuses.map((_, i) => base + i));
    expect((await h.db.connector.findFirstOrThrow({ where: { chargerId: c.id, evseId: 1 } })).status).toBe('AVAILABLE');
    sock.close();
  });
});

describe('shutdown and restart', () => {
  it('SIGTERM-style close: Going Away to every socket, chargers offline; after a restart they reconnect and the open transaction continues', async () => {
    const instanceId = 'relay-restart-test';
    const opts = { db: h.db, bus: h.bus, host: '127.0.0.1', defaultTenantSlug: 'acme', instanceId, log: silentLogger };
    const relay = await startRelay({ ...opts, port: 0 });
    const port = relay.port;
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const client = new RPCClient({
      endpoint: `ws://127.0.0.1:${port}/ocpp`,
      identity: c.identity,
      protocols: ['ocpp1.6'],
      reconnect: true,
      backoff: { initialDelay: 100, maxDelay: 300, factor: 1.5, randomisationFactor: 0 },
    } as ConstructorParameters<typeof RPCClient>[0]);
    await client.connect();
    const { transactionId } = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'X',
      meterStart: 0,
      timestamp: now(),
    })) as { transactionId: number };

    const closeCode = new Promise<number>((resolve) =>
      client.once('disconnect', ({ code }: { code: number }) => resolve(code)),
    );
    await relay.close();
    expect(await closeCode).toBe(1001);
    expect(await h.db.charger.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      online: false,
      relayInstanceId: null,
    });

    const restarted = await startRelay({ ...opts, port });
    await waitFor(
      () => h.db.charger.findFirst({ where: { id: c.id, online: true, relayInstanceId: instanceId } }),
      10_000,
    );
    await client.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: now(), sampledValue: [{ value: '4000' }] }],
    });
    await client.call('StopTransaction', { transactionId, meterStop: 5000, timestamp: now() });
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId: c.id, seq: transactionId } });
    expect(tx).toMatchObject({ status: 'COMPLETED', energyWh: 5000, orphanStop: false });
    await client.close();
    await restarted.close();
  });
});

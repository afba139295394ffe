import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, startHarness, type Harness } from './support.ts';
import { rawSocket, type RawSocket } from './raw-socket.ts';

// Schema-valid payloads that nothing downstream can hold: U+0000 and unpaired surrogates (PostgreSQL
// refuses both in text and jsonb) and JSON nested thousands of levels deep (recursion overflows).
// Each is answered PropertyConstraintViolation in both versions, nothing is stored, and the
// connection stays up.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const call = (id: string, action: string, payload: unknown) => JSON.stringify([2, id, action, payload]);
/** `{"x":{"x":…1…}}` nested `levels` deep, spelled out as text (building it as an object would recurse). */
const nested = (levels: number, key = 'x') => `${`{"${key}":`.repeat(levels)}1${'}'.repeat(levels)}`;
const nestedArray = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

const NUL = 'A\u0000B';
const LONE_HIGH = 'A\ud800B';
const LONE_LOW = '\udc00';

type Case = [name: string, frame: string];

const CASES: Record<'ocpp1.6' | 'ocpp2.0.1', Case[]> = {
  'ocpp1.6': [
    ['NUL in idTag (Authorize)', call('a1', 'Authorize', { idTag: NUL })],
    ['lone surrogate in idTag (Authorize)', call('a2', 'Authorize', { idTag: LONE_HIGH })],
    [
      'NUL in idTag (StartTransaction)',
      call('a3', 'StartTransaction', {
        connectorId: 1,
        idTag: NUL,
        meterStart: 0,
        timestamp: new Date().toISOString(),
      }),
    ],
    ['NUL in vendorId (DataTransfer)', call('a4', 'DataTransfer', { vendorId: NUL })],
    ['NUL in DataTransfer data', call('a5', 'DataTransfer', { vendorId: 'acme', data: `x${NUL}y` })],
    ['lone low surrogate in DataTransfer data', call('a6', 'DataTransfer', { vendorId: 'acme', data: LONE_LOW })],
    [
      'NUL in a BootNotification field',
      call('a7', 'BootNotification', { chargePointVendor: NUL, chargePointModel: 'M' }),
    ],
  ],
  'ocpp2.0.1': [
    ['NUL in idToken (Authorize)', call('b1', 'Authorize', { idToken: { idToken: NUL, type: 'ISO14443' } })],
    [
      'lone surrogate in idToken (Authorize)',
      call('b2', 'Authorize', { idToken: { idToken: LONE_HIGH, type: 'ISO14443' } }),
    ],
    ['NUL in vendorId (DataTransfer)', call('b3', 'DataTransfer', { vendorId: NUL })],
    ['NUL in DataTransfer data', call('b4', 'DataTransfer', { vendorId: 'acme', data: { note: `x${NUL}y` } })],
    ['NUL in a DataTransfer data key', call('b5', 'DataTransfer', { vendorId: 'acme', data: { [NUL]: 1 } })],
    ['lone surrogate deep in DataTransfer data', call('b6', 'DataTransfer', { vendorId: 'acme', data: [[LONE_LOW]] })],
    ['NUL in customData', call('b7', 'Heartbeat', { customData: { vendorId: 'acme', note: NUL } })],
    [
      'customData nested 10,000 levels',
      `[2,"b8","Heartbeat",{"customData":{"vendorId":"acme","deep":${nested(10_000)}}}]`,
    ],
    ['DataTransfer data nested 10,000 levels', `[2,"b9","DataTransfer",{"vendorId":"acme","data":${nested(10_000)}}]`],
    [
      'DataTransfer data of arrays nested 10,000 levels',
      `[2,"b10","DataTransfer",{"vendorId":"acme","data":${nestedArray(10_000)}}]`,
    ],
    ['DataTransfer data nested 40 levels', `[2,"b11","DataTransfer",{"vendorId":"acme","data":${nested(40)}}]`],
  ],
};

describe.each([
  ['ocpp1.6', 'OCPP16'],
  ['ocpp2.0.1', 'OCPP201'],
] as const)('%s', (version, protocol) => {
  let sock: RawSocket;
  let chargerId: string;
  beforeAll(async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    chargerId = c.id;
    sock = await rawSocket(`${h.url}/${c.identity}`, version);
  });
  afterAll(() => sock?.close());

  it.each(CASES[version])('%s: PropertyConstraintViolation, nothing stored, still up', async (_name, frame) => {
    const id = /^\[2,"([^"]+)"/.exec(frame)?.[1];
    const messagesBefore = await h.db.chargerMessage.count({ where: { chargerId } });
    const transactionsBefore = await h.db.transaction.count({ where: { chargerId } });
    sock.send(frame);
    const [type, replyId, code, description] = await sock.next();
    expect([type, replyId, code]).toEqual([4, id, 'PropertyConstraintViolation']);
    expect(typeof description).toBe('string');
    expect(await h.db.chargerMessage.count({ where: { chargerId } })).toBe(messagesBefore);
    expect(await h.db.transaction.count({ where: { chargerId } })).toBe(transactionsBefore);

    sock.send(`[2,"hb-${id}","Heartbeat",{}]`);
    expect((await sock.next()).slice(0, 2)).toEqual([3, `hb-${id}`]);
  });

  it('a payload nested a few levels with ordinary text is still kept', async () => {
    const frame =
      version === 'ocpp1.6'
        ? call('ok1', 'DataTransfer', { vendorId: 'acme', data: 'plain \u00e9 \ud83d\udd0c text' })
        : `[2,"ok1","DataTransfer",{"vendorId":"acme","data":{"plug":"\ud83d\udd0c","deep":${nested(20)}}}]`;
    sock.send(frame);
    expect(await sock.next()).toEqual([3, 'ok1', { status: 'UnknownVendorId' }]);
    const kept = await h.db.chargerMessage.findFirstOrThrow({
      where: { chargerId, action: 'DataTransfer' },
      orderBy: { id: 'desc' },
    });
    expect(kept.payload).toMatchObject({ vendorId: 'acme' });
  });
});

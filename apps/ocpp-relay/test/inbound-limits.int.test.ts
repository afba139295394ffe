import { MAX_LOGGED_PAYLOAD_BYTES, type TruncatedPayload } from '@magma/core/charging';
import { sendChargerCommand } from '@magma/core/commands';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FRAME_BYTES } from '../src/connection/inbound-guard.ts';
import { aCharger, connect, startHarness, waitFor, type Harness } from './support.ts';
import { rawSocket, type RawSocket } from './raw-socket.ts';

// Message size (a frame limit, a cap on what the message log keeps) and repeated message ids, in
// both versions, sent as raw frames.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const dataTransfer = (id: string, data: string) => JSON.stringify([2, id, 'DataTransfer', { vendorId: 'acme', data }]);

describe.each([
  ['ocpp1.6', 'OCPP16', 'FormationViolation', 'FormationViolation'],
  ['ocpp2.0.1', 'OCPP201', 'FormatViolation', 'RpcFrameworkError'],
] as const)('%s', (version, protocol, formatCode, idTakenCode) => {
  let sock: RawSocket;
  let chargerId: string;
  const logged = () => h.db.chargerMessage.count({ where: { chargerId, action: 'DataTransfer' } });
  const stillUp = async (id: string) => {
    sock.send(`[2,"${id}","Heartbeat",{}]`);
    expect((await sock.next()).slice(0, 2)).toEqual([3, id]);
  };

  beforeAll(async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    chargerId = c.id;
    sock = await rawSocket(`${h.url}/${c.identity}`, version);
  });
  afterAll(() => sock?.close());

  describe('message size', () => {
    it(`a message past the limit (${DEFAULT_MAX_FRAME_BYTES} bytes) is answered ${formatCode}, not stored, and the connection stays up`, async () => {
      const before = await logged();
      sock.send(dataTransfer('big-1', 'x'.repeat(DEFAULT_MAX_FRAME_BYTES + 10)));
      const [type, id, code, description] = await sock.next();
      expect([type, id, code]).toEqual([4, 'big-1', formatCode]);
      expect(description).toContain(String(DEFAULT_MAX_FRAME_BYTES));
      expect(await logged()).toBe(before);
      await stillUp('hb-big-1');
    });

    it('a message within the limit is kept in the message log only up to its cap, marked as cut', async () => {
      const data = 'y'.repeat(DEFAULT_MAX_FRAME_BYTES - 1000);
      sock.send(dataTransfer('mid-1', data));
      expect(await sock.next()).toEqual([3, 'mid-1', { status: 'UnknownVendorId' }]);
      const row = await h.db.chargerMessage.findFirstOrThrow({
        where: { chargerId, action: 'DataTransfer' },
        orderBy: { id: 'desc' },
      });
      const kept = row.payload as TruncatedPayload;
      expect(kept.truncated.bytes).toBe(JSON.stringify({ vendorId: 'acme', data }).length);
      expect(kept.truncated.keptBytes).toBe(MAX_LOGGED_PAYLOAD_BYTES);
      expect(kept.head.startsWith('{"vendorId":"acme","data":"yyy')).toBe(true);
      expect(kept.head.length).toBe(MAX_LOGGED_PAYLOAD_BYTES);
    });

    it('ten 200 KB DataTransfers add at most ten capped rows to the database', async () => {
      const sizeOf = async () =>
        (
          await h.db.$queryRaw<{ bytes: bigint }[]>`
            SELECT coalesce(sum(octet_length(payload::text)), 0)::bigint AS bytes
            FROM "ChargerMessage" WHERE "chargerId" = ${chargerId}::uuid`
        )[0]!.bytes;
      const before = await sizeOf();
      for (let i = 0; i < 10; i++) {
        sock.send(dataTransfer(`ten-${i}`, `${i}`.repeat(200_000)));
        expect((await sock.next()).slice(0, 2)).toEqual([3, `ten-${i}`]);
      }
      expect(Number((await sizeOf()) - before)).toBeLessThanOrEqual(10 * (MAX_LOGGED_PAYLOAD_BYTES + 200));
    });

    it('a frame far past the limit closes only its own socket with 1009; other chargers are still served', async () => {
      const other = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
      const bystander = await connect(h.url, other.identity, version);
      const victim = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
      const huge = await rawSocket(`${h.url}/${victim.identity}`, version);
      huge.send(dataTransfer('huge-1', 'z'.repeat(5 * 1024 * 1024)));
      expect((await huge.closed()).code).toBe(1009);
      expect(await bystander.call('Heartbeat', {})).toHaveProperty('currentTime');
      await stillUp('hb-huge-1');
      await bystander.close();
      expect(await h.db.chargerMessage.count({ where: { chargerId: victim.id } })).toBe(0);
    });

    it("a charger's answer past the limit fails its command at once, with the same code", async () => {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
      const charger = await connect(h.url, c.identity, version, { strict: false });
      charger.handle('DataTransfer', async () => ({ status: 'Accepted', data: 'w'.repeat(DEFAULT_MAX_FRAME_BYTES) }));
      await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
      const started = Date.now();
      const result = await sendChargerCommand({
        db: h.db,
        bus: h.bus,
        tenantId: h.tenant.id,
        chargerId: c.id,
        action: 'DataTransfer',
        payload: { vendorId: 'com.magma' },
        timeoutMs: 20_000,
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(result).toMatchObject({ status: 'ERROR' });
      expect(result.error).toMatch(/^FormatViolation/);
      expect(result.error).toContain(String(DEFAULT_MAX_FRAME_BYTES));
      await charger.close({ force: true });
    });
  });

  describe('repeated message ids', () => {
    it('the same CALL sent three times back to back is processed, stored and answered once', async () => {
      const before = await logged();
      const frame = dataTransfer('dup-1', 'same');
      sock.send(frame);
      sock.send(frame);
      sock.send(frame);
      const answers = await sock.drain(600);
      expect(answers).toEqual([[3, 'dup-1', { status: 'UnknownVendorId' }]]);
      expect(await logged()).toBe(before + 1);
    });

    it('sent again shortly after its answer, it is neither processed nor answered again', async () => {
      const before = await logged();
      const frame = dataTransfer('dup-2', 'again');
      sock.send(frame);
      expect(await sock.next()).toEqual([3, 'dup-2', { status: 'UnknownVendorId' }]);
      sock.send(frame);
      expect(await sock.drain(400)).toEqual([]);
      expect(await logged()).toBe(before + 1);
      await stillUp('hb-dup-2');
    });

    it('a different message reusing the id of a call in flight gets a CALLERROR; the first is answered and stored once', async () => {
      const before = await logged();
      sock.send(dataTransfer('dup-4', 'first'));
      sock.send(dataTransfer('dup-4', 'other'));
      const answers = await sock.drain(600);
      expect(answers).toHaveLength(2);
      expect(answers).toContainEqual([4, 'dup-4', idTakenCode, 'Message id dup-4 is in use by a call in flight', {}]);
      expect(answers).toContainEqual([3, 'dup-4', { status: 'UnknownVendorId' }]);
      expect(await logged()).toBe(before + 1);
      const row = await h.db.chargerMessage.findFirstOrThrow({
        where: { chargerId, action: 'DataTransfer' },
        orderBy: { id: 'desc' },
      });
      expect(row.payload).toEqual({ vendorId: 'acme', data: 'first' });
    });

    it('a different message reusing an answered id is processed as the new message it is', async () => {
      sock.send(dataTransfer('dup-3', 'first'));
      expect((await sock.next()).slice(0, 2)).toEqual([3, 'dup-3']);
      const before = await logged();
      sock.send(dataTransfer('dup-3', 'second'));
      expect((await sock.next()).slice(0, 2)).toEqual([3, 'dup-3']);
      expect(await logged()).toBe(before + 1);
    });

    it('the same id on a new connection is a new message', async () => {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
      const first = await rawSocket(`${h.url}/${c.identity}`, version);
      first.send(dataTransfer('conn-1', 'one'));
      expect((await first.next()).slice(0, 2)).toEqual([3, 'conn-1']);
      first.close();
      await first.closed();
      const second = await rawSocket(`${h.url}/${c.identity}`, version);
      second.send(dataTransfer('conn-1', 'one'));
      expect((await second.next()).slice(0, 2)).toEqual([3, 'conn-1']);
      second.close();
    });
  });
});

import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { envelopeOf, EVENT_TYPES, SUBSCRIBABLE_EVENT_TYPES } from '../events/catalogue.ts';
import { createJobRegistry } from '../jobs/registry.ts';
import { DEFAULT_BACKOFF, nextAttemptAt, retryDelayMs } from './backoff.ts';
import { isPrivateAddress, webhookUrlProblem } from './send-webhook.ts';
import { newWebhookSecret, signatureHeaders } from './signing.ts';

describe('retry delays', () => {
  it.each([
    [1, 10_000],
    [2, 20_000],
    [5, 160_000],
    [12, 20_480_000],
    [13, 6 * 3_600_000],
    [40, 6 * 3_600_000],
  ])('after %i failed attempts, %i ms (without jitter)', (n, ms) => {
    expect(retryDelayMs(n, DEFAULT_BACKOFF, () => 0.5)).toBe(ms);
  });

  it('jitters within ±20 %', () => {
    expect(retryDelayMs(1, DEFAULT_BACKOFF, () => 0)).toBe(8_000);
    expect(retryDelayMs(1, DEFAULT_BACKOFF, () => 1)).toBe(12_000);
  });

  it('tries for 24 hours, about 15 times, then gives up', () => {
    const createdAt = new Date('2026-12-01T00:00:00Z');
    let now = createdAt;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttemptAt({
        failedAttempts: attempts,
        createdAt,
        now,
        policy: DEFAULT_BACKOFF,
        random: () => 0.5,
      });
      if (!next) break;
      now = next;
    }
    expect(now.getTime() - createdAt.getTime()).toBeLessThanOrEqual(24 * 3_600_000);
    expect(now.getTime() - createdAt.getTime()).toBeGreaterThan(18 * 3_600_000);
    expect(attempts).toBeGreaterThanOrEqual(13);
    expect(attempts).toBeLessThanOrEqual(16);
  });
});

describe('receiver addresses', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['8.8.8.8', false],
    ['2606:4700:4700::1111', false],
    ['not-an-ip', true],
  ])('%s is private: %s', (address, blocked) => {
    expect(isPrivateAddress(address)).toBe(blocked);
  });

  it.each([
    ['https://hooks.example.com/in', false, null],
    ['http://hooks.example.com/in', false, null],
    ['ftp://hooks.example.com/in', false, 'Only http and https URLs can receive webhooks'],
    ['https://user:pw@hooks.example.com/in', false, 'Put credentials in the receiver, not in the URL'],
    ['http://127.0.0.1:8080/in', false, 'That address is private: webhooks go to public addresses only'],
    ['http://localhost:8080/in', false, 'That address is private: webhooks go to public addresses only'],
    ['http://[::1]:8080/in', false, 'That address is private: webhooks go to public addresses only'],
    ['http://127.0.0.1:8080/in', true, null],
    ['nonsense', false, 'Not a URL'],
  ])('%s (private allowed: %s): %s', (url, allow, problem) => {
    expect(webhookUrlProblem(url, allow)).toBe(problem);
  });
});

describe('signatures', () => {
  it('verify with the standardwebhooks library, with each secret of a rotation', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const body = JSON.stringify({ type: 'webhook.test', data: { message: 'hi' } });
    const headers = signatureHeaders({ messageId: 'msg_1', timestamp: new Date(), body, secrets: [a, b] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const s of [a, b]) expect(new Webhook(s).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(a).verify(`${body} `, headers)).toThrow();
  });
});

describe('the event catalogue', () => {
  it('validates payloads and versions the envelope', () => {
    const occurredAt = new Date('2026-12-01T10:00:00Z');
    expect(envelopeOf({ id: 'm', type: 'webhook.test', tenantId: 't', occurredAt, data: { message: 'x' } })).toEqual({
      type: 'webhook.test',
      version: 1,
      timestamp: '2026-12-01T10:00:00.000Z',
      data: { message: 'x' },
    });
    expect(() =>
      envelopeOf({
        id: 'm',
        type: 'session.started',
        tenantId: 't',
        occurredAt,
        data: { sessionId: 'not-a-uuid' } as never,
      }),
    ).toThrow();
  });

  it('offers every type but the test event to endpoints', () => {
    expect(SUBSCRIBABLE_EVENT_TYPES).not.toContain('webhook.test');
    expect(SUBSCRIBABLE_EVENT_TYPES).toHaveLength(EVENT_TYPES.length - 1);
    for (const t of [
      'session.started',
      'charger.fault',
      'payment.refunded',
      'reservation.used',
      'settlement.closed',
      'command.completed',
    ])
      expect(SUBSCRIBABLE_EVENT_TYPES).toContain(t);
  });
});

describe('the job registry', () => {
  it('refuses a bad name, a bad cron and a second job of the same name', () => {
    const r = createJobRegistry();
    const run = async () => {};
    r.add({ name: 'settlements.close-weeks', cron: '5 0 * * 1', run });
    expect(() => r.add({ name: 'settlements.close-weeks', cron: '5 0 * * 1', run })).toThrow(/twice/);
    expect(() => r.add({ name: 'bad name', cron: '* * * * *', run })).toThrow(/queue name/);
    expect(() => r.add({ name: 'x', cron: '* * *', run })).toThrow(/five fields/);
    expect(r.list().map((j) => j.name)).toEqual(['settlements.close-weeks']);
  });
});

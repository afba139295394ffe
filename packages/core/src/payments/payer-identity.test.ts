import { describe, expect, it } from 'vitest';
import {
  maskPhone,
  maskVpa,
  normalisePhone,
  normaliseVpa,
  payerColumns,
  payerLookupKeyOf,
  payerLookupsOf,
  payerOfEvent,
} from './payer-identity.ts';

const key = payerLookupKeyOf('server-secret');

describe('payer identity', () => {
  it.each([
    ['+91 98765 43210', '+919876543210'],
    ['919876543210', '+919876543210'],
    ['09876543210', '+919876543210'],
    ['98765-43210', '+919876543210'],
    ['(987) 654 3210', '+919876543210'],
    ['12345', null],
    ['5876543210', null], // Indian mobiles start 6–9
    ['98765432101234', null],
    ['ravi@okaxis', null],
  ])('phone %j is %j', (typed, normal) => expect(normalisePhone(typed)).toBe(normal));

  it.each([
    [' Ravi.Kumar@OKAXIS ', 'ravi.kumar@okaxis'],
    ['9876543210@ybl', '9876543210@ybl'],
    ['no-at-sign', null],
    ['a@b', null],
    ['ravi@@okaxis', null],
    ["ravi'--@okaxis", null],
  ])('VPA %j is %j', (typed, normal) => expect(normaliseVpa(typed)).toBe(normal));

  it.each([
    ['12****78@ybl', '12••••@ybl'],
    ['  RA*****AR@OKAXIS ', 'ra••••@okaxis'],
    ['****@paytm', '••••@paytm'],
  ])('keeps a VPA the gateway masked (%s) as masked only, never searchable', (vpa, masked) => {
    expect(payerColumns({ vpa, phone: null }, { key, tenantId: 't1' })).toEqual({ payerVpaMasked: masked });
  });

  it.each([['not a vpa'], ['12****78'], ['a*b@1bad'], ['x'.repeat(400) + '*@ybl']])('stores nothing for %s', (vpa) => {
    expect(payerColumns({ vpa, phone: null }, { key, tenantId: 't1' })).toEqual({});
  });

  it('masks to the PSP and two characters, and to the last four digits', () => {
    expect(maskVpa('ravi.kumar@okaxis')).toBe('ra••••@okaxis');
    expect(maskVpa('abc@ybl')).toBe('a••••@ybl');
    expect(maskPhone('+919876543210')).toBe('+91 ••••••3210');
  });

  it('hashes what a search types the way capture stored it, per tenant, and never keeps the value', () => {
    const stored = payerColumns({ vpa: 'Ravi.Kumar@okaxis', phone: '+919876543210' }, { key, tenantId: 't1' });
    expect(stored).toEqual({
      payerVpaMasked: 'ra••••@okaxis',
      payerVpaLookup: expect.stringMatching(/^[0-9a-f]{64}$/),
      payerPhoneMasked: '+91 ••••••3210',
      payerPhoneLookup: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(stored)).not.toMatch(/ravi\.kumar|9876543210/i);
    expect(payerLookupsOf('RAVI.KUMAR@okaxis', { key, tenantId: 't1' }).vpa).toBe(stored.payerVpaLookup);
    expect(payerLookupsOf('098765 43210', { key, tenantId: 't1' }).phone).toBe(stored.payerPhoneLookup);
    // Another tenant, or another key, hashes differently.
    expect(payerLookupsOf('098765 43210', { key, tenantId: 't2' }).phone).not.toBe(stored.payerPhoneLookup);
    expect(payerLookupsOf('098765 43210', { key: payerLookupKeyOf('other'), tenantId: 't1' }).phone).not.toBe(
      stored.payerPhoneLookup,
    );
    // Without the key only the masked forms are kept.
    expect(payerColumns({ vpa: 'ravi@okaxis', phone: null }, { tenantId: 't1' })).toEqual({
      payerVpaMasked: 'ra••••@okaxis',
    });
  });

  it.each([
    [
      'RAZORPAY',
      { payload: { payment: { entity: { method: 'upi', vpa: 'ravi@okaxis', contact: '+919876543210' } } } },
      { vpa: 'ravi@okaxis', phone: '+919876543210' },
    ],
    [
      'RAZORPAY',
      { payload: { payment: { entity: { upi: { vpa: 'ravi@okhdfc' }, contact: null } } } },
      { vpa: 'ravi@okhdfc', phone: null },
    ],
    [
      'PHONEPE',
      { payload: { paymentDetails: [{ paymentMode: 'UPI_COLLECT', rail: { type: 'UPI', vpa: 'ravi@ybl' } }] } },
      { vpa: 'ravi@ybl', phone: null },
    ],
    [
      'JUSPAY',
      { content: { order: { payer_vpa: 'ravi@paytm', customer_phone: '9876543210' } } },
      { vpa: 'ravi@paytm', phone: '9876543210' },
    ],
    ['RAZORPAY', { payload: { payment: { entity: { vpa: 42, contact: ['x'] } } } }, { vpa: null, phone: null }],
    ['TEST', { vpa: 'ravi@okaxis' }, { vpa: null, phone: null }],
  ] as const)('%s notification %j names %j', (provider, raw, payer) => {
    expect(payerOfEvent(provider, raw)).toEqual(payer);
  });
});

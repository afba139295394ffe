import { randomUUID } from 'node:crypto';
import type { Db } from '@magma/db';

// Small builders for ledger tests: a tenant with vendors, sites and chargers, and priced sessions
// paid through a captured payment, written as the pricing and the payment flow leave them.

export async function aTenantWithVendors(db: Db, { vendors = 2, pans = [] as (string | null)[] } = {}) {
  const tenant = await db.tenant.create({ data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Ledger Test' } });
  const out = [];
  for (let i = 0; i < vendors; i++) {
    const vendor = await db.vendor.create({
      data: {
        tenantId: tenant.id,
        name: `Vendor ${i + 1}`,
        legalName: `Vendor ${i + 1} Pvt Ltd`,
        pan: pans[i] ?? null,
      },
    });
    const site = await db.site.create({
      data: { tenantId: tenant.id, vendorId: vendor.id, name: `Site ${i + 1}`, address: 'a', city: 'c', state: 's' },
    });
    const charger = await db.charger.create({
      data: {
        tenantId: tenant.id,
        vendorId: vendor.id,
        siteId: site.id,
        identity: `CP-${i}-${randomUUID().slice(0, 6)}`,
      },
    });
    out.push({ vendor, site, charger });
  }
  return { tenant, vendors: out };
}

export type SessionSpec = {
  tenantId: string;
  vendorId: string | null;
  siteId: string | null;
  chargerId: string;
  at: Date;
  energyWh: number;
  costMinor: number;
  taxMinor: number;
  sponsorMinor?: number;
  /** Captured; default cost + tax − sponsor. */
  capturedMinor?: number;
  gatewayFeeMinor?: number;
  gatewayTaxMinor?: number;
};

/** A completed, priced session paid by a captured payment. */
export async function aPaidSession(db: Db, s: SessionSpec) {
  const owed = s.costMinor + s.taxMinor - (s.sponsorMinor ?? 0);
  const payment = await db.payment.create({
    data: {
      tenantId: s.tenantId,
      provider: 'TEST',
      providerOrderId: `order_${randomUUID()}`,
      providerPaymentId: `pay_${randomUUID()}`,
      amountMinor: s.capturedMinor ?? owed,
      capturedMinor: s.capturedMinor ?? owed,
      status: 'CAPTURED',
      gatewayFeeMinor: s.gatewayFeeMinor ?? null,
      gatewayTaxMinor: s.gatewayTaxMinor ?? null,
      chargerId: s.chargerId,
    },
  });
  const tx = await db.transaction.create({
    data: {
      tenantId: s.tenantId,
      chargerId: s.chargerId,
      siteId: s.siteId,
      vendorId: s.vendorId,
      evseId: 1,
      ocppTransactionId: randomUUID(),
      status: 'COMPLETED',
      startedAt: new Date(s.at.getTime() - 3_600_000),
      stoppedAt: s.at,
      energyWh: s.energyWh,
      costMinor: s.costMinor,
      taxMinor: s.taxMinor,
      sponsorMinor: s.sponsorMinor ?? 0,
      pricedAt: s.at,
      paymentId: payment.id,
    },
  });
  return { payment, transaction: tx };
}

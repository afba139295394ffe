import type { Db } from '@magma/db';
import { normalizeEmaid } from '@magma/pki';
import { DEMO_PKI_ROOT_PEM, DEMO_PKI_SUB_CA_PEM } from '@magma/pki/demo';
import { addTrustAnchors } from '../plug-and-charge/trust-anchors.ts';
import { tenantScope } from '../tenancy/index.ts';
import { DEMO_CONTRACTS } from './demo-data.ts';

/**
 * The demo operator's Plug & Charge: the demo PKI's V2G root and MO sub-CA trusted, the test
 * contract certificate provider chosen, and the demo contracts' eMAIDs as id tokens. Fixed material
 * from @magma/pki/testing, no network. Done once: a tenant that already has Plug & Charge settings
 * (the operator chose something) is left as it is.
 */
export async function seedDemoPlugAndCharge({ db, tenantId }: { db: Db; tenantId: string }): Promise<boolean> {
  if (await db.plugAndChargeSettings.findFirst({ where: { tenantId }, select: { id: true } })) return false;
  await addTrustAnchors({
    db,
    scope: tenantScope(tenantId),
    input: { label: 'Demo test PKI (demo only)', pem: `${DEMO_PKI_ROOT_PEM}\n${DEMO_PKI_SUB_CA_PEM}` },
  });
  for (const c of DEMO_CONTRACTS) {
    const token = normalizeEmaid(c.emaid);
    const existing = await db.idToken.findFirst({ where: { tenantId, token }, select: { id: true } });
    if (!existing) await db.idToken.create({ data: { tenantId, token, type: 'CONTRACT', label: c.label } });
  }
  await db.plugAndChargeSettings.create({ data: { tenantId, provider: 'TEST' } });
  return true;
}

import { expect } from 'vitest';
import { ids, platformOnly, type Cases } from '../world.ts';

export const cases: Cases = {
  'platform.tenants': async (w) => {
    expect(ids(await w.callers.platform.platform.tenants())).toEqual(expect.arrayContaining([w.A.id, w.B.id]));
    await platformOnly((c) => c.platform.tenants())(w);
  },
  'platform.createTenant': platformOnly((c) => c.platform.createTenant({ slug: 'sneaky', name: 'Sneaky' })),
  'platform.setPlan': platformOnly((c, w) => c.platform.setPlan({ tenantId: w.B.id, plan: 'VENDOR_CSMS' })),
  'platform.firstAdminInvitations': platformOnly((c) => c.platform.firstAdminInvitations()),
  // A made-up id: the platform checks run first, so a tenant admin learns nothing about real ones.
  'platform.resendFirstAdminInvitation': platformOnly((c, w) =>
    c.platform.resendFirstAdminInvitation({ tenantId: w.B.id, id: w.B.id }),
  ),
  'platform.addDomain': platformOnly((c, w) => c.platform.addDomain({ tenantId: w.A.id, host: 'stolen.example' })),
};

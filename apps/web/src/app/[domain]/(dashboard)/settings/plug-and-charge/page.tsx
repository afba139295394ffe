import { requireAdmin } from '@/server/guards.ts';
import { PlugAndChargeSettings } from './pnc-forms.tsx';

export const metadata = { title: 'Plug & Charge' };

/** Settings → Plug & Charge: the contract certificate authorities trusted and the certificate provider. */
export default async function PlugAndChargePage() {
  await requireAdmin();
  return <PlugAndChargeSettings />;
}

import 'server-only';
import { isLiveEvent, tenantEventsChannel } from '@magma/core/bus';
import { onDriverLiveEvent, sweepDriverSessions } from '@magma/core/driver';
import { driverDeps, getBus } from '@/server/driver.ts';

// Driver sessions settle when the relay reports the transaction ended, whether or not a browser is
// watching: this process listens to every tenant's live events, and a sweep every few seconds
// catches anything missed (a restart, a dropped notification), including payments whose webhook
// never came: the sweep asks each one's gateway account (the operator's own, with its decrypted
// credentials, or the platform's; the offline test gateway only in test mode) through its status
// API at a backoff per payment. Every step is claimed in the database, so running this in several
// web processes is safe.

const SWEEP_MS = 15_000;
const TENANT_REFRESH_MS = 60_000;

const g = globalThis as typeof globalThis & { __magmaDriverBackground?: boolean };

export async function startDriverBackground(): Promise<void> {
  if (g.__magmaDriverBackground) return;
  g.__magmaDriverBackground = true;
  const deps = driverDeps();
  const bus = getBus();
  const subscribed = new Set<string>();

  const subscribeTenants = async () => {
    const tenants = await deps.db.tenant.findMany({ select: { id: true } });
    for (const { id } of tenants) {
      if (subscribed.has(id)) continue;
      subscribed.add(id);
      await bus.subscribe(tenantEventsChannel(id), (m) => {
        if (!isLiveEvent(m)) return;
        onDriverLiveEvent(deps, m).catch((e) => deps.onError?.(e, `live event ${m.type}`));
      });
    }
  };
  const sweep = () => sweepDriverSessions(deps).catch((e) => deps.onError?.(e, 'sweep'));

  await subscribeTenants().catch((e) => deps.onError?.(e, 'subscribing to tenants'));
  setInterval(
    () => void subscribeTenants().catch((e) => deps.onError?.(e, 'subscribing to tenants')),
    TENANT_REFRESH_MS,
  ).unref();
  setInterval(() => void sweep(), SWEEP_MS).unref();
  void sweep();
}

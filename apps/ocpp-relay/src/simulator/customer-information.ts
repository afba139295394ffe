import type { SimulatedCharger } from './simulated-charger.ts';

// The simulated 2.0.1 station's customer data (N09, N10): a line per session a token started on it,
// reported one line per NotifyCustomerInformation (so the CSMS has parts to put together by seqNo)
// and erased on clear. Customer identifiers and certificates name nobody it knows: it reports
// nothing for them.

// Payloads arrive validated against the official schema (strict mode).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Params = Record<string, any>;

const records = new WeakMap<SimulatedCharger, Map<string, string[]>>();

/** What the station keeps per id token (upper case: tokens compare case-insensitively). */
export function simCustomers(sim: SimulatedCharger): Map<string, string[]> {
  let r = records.get(sim);
  if (!r) records.set(sim, (r = new Map()));
  return r;
}

/** Called when a session starts: the station remembers who charged where and when. */
export function rememberCustomer(sim: SimulatedCharger, idTag: string, evseId: number, at: string): void {
  const key = idTag.toUpperCase();
  const lines = simCustomers(sim).get(key) ?? [];
  lines.push(`idToken ${idTag}: session on EVSE ${evseId} started ${at}`);
  simCustomers(sim).set(key, lines.slice(-20));
}

export const customerInformationReplies201: Record<string, (sim: SimulatedCharger, p: Params) => Params> = {
  CustomerInformation: (sim, p) => {
    const key = p.idToken?.idToken?.toUpperCase() as string | undefined;
    if (!key && !p.customerIdentifier && !p.customerCertificate) return { status: 'Invalid' };
    const lines = key ? [...(simCustomers(sim).get(key) ?? [])] : [];
    if (p.clear && key) simCustomers(sim).delete(key);
    if (p.report) {
      const parts = lines.length ? lines : [''];
      sim.later(async () => {
        for (const [seqNo, data] of parts.entries())
          await sim.call('NotifyCustomerInformation', {
            data,
            seqNo,
            generatedAt: new Date().toISOString(),
            requestId: p.requestId,
            ...(seqNo < parts.length - 1 ? { tbc: true } : {}),
          });
      });
    }
    return { status: 'Accepted' };
  },
};

import { DEMO_CONTRACTS } from '@magma/core/seed';
import { createDemoPki, startTestOcspResponder } from '@magma/core/plug-and-charge/testing';
import type { SimEv, SimPlugAndCharge } from './plug-and-charge.ts';

// The demo's ISO 15118 EVs: contract certificates of the demo PKI (test-only, @magma/pki/testing)
// and the loopback OCSP responder that answers for them. Imported only where the demo runs.

/** Starts the demo OCSP responder and issues the EVs' contracts; those marked revoked are revoked there. */
export async function startSimPlugAndCharge(
  contracts: readonly { emaid: string; revoked: boolean }[] = DEMO_CONTRACTS,
): Promise<SimPlugAndCharge> {
  const responder = await startTestOcspResponder();
  const pki = await createDemoPki({ ocspUrl: responder.url });
  responder.serve(pki);
  const evs: SimEv[] = [];
  for (const { emaid, revoked } of contracts) {
    const contract = await pki.issueContract({ emaid });
    if (revoked) responder.revoke(contract);
    evs.push({ emaid, contract, revoked });
  }
  return { ocspUrl: responder.url, pki, evs, close: () => responder.close() };
}

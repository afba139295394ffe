import { ocspHashData } from '@magma/core/plug-and-charge';
import type { TestContract, TestPki } from '@magma/core/plug-and-charge/testing';
import type { SimulatedCharger } from './simulated-charger.ts';

// The charger side of ISO 15118 Plug & Charge for the demo (OCPP 2.0.1 C07, M02, M06, and the same
// messages in 1.6 DataTransfer as the OCA application note "Using ISO 15118 Plug & Charge with
// OCPP 1.6" wraps them: pncCall below, and pnc-16.ts for what the CSMS sends): simulated
// EVs holding contract certificates of the demo PKI (@magma/pki/testing, trusted by the demo seed),
// a loopback OCSP responder serving that PKI with one contract revoked, and what a charger sends
// for them: Authorize with iso15118CertificateHashData (or the contract certificate chain),
// GetCertificateStatus and Get15118EVCertificate. The EVs and the responder: sim-ev-contracts.ts
// (test-only modules, loaded only when the demo runs).

/** An ISO 15118 EV with its contract certificate (issued under the demo MO sub-CA). */
export type SimEv = { emaid: string; contract: TestContract; revoked: boolean };

export type SimPlugAndCharge = {
  /** The loopback OCSP responder the contract certificates name (the relay must be allowed to ask it). */
  ocspUrl: string;
  pki: TestPki;
  evs: SimEv[];
  close: () => Promise<void>;
};

export const PNC_VENDOR_ID = 'org.openchargealliance.iso15118pnc';

/**
 * A Plug & Charge message to the CSMS: the 2.0.1 call itself, or on 1.6 a DataTransfer of vendor
 * org.openchargealliance.iso15118pnc with the 2.0.1 action as messageId, its body as JSON text in
 * data and the 2.0.1 answer as JSON text in the answer's data. A DataTransfer not Accepted throws.
 */
export async function pncCall(sim: SimulatedCharger, action: string, body: Record<string, unknown>): Promise<unknown> {
  if (sim.protocol !== 'ocpp1.6') return sim.call(action, body);
  const r = (await sim.call('DataTransfer', {
    vendorId: PNC_VENDOR_ID,
    messageId: action,
    data: JSON.stringify(body),
  })) as { status: string; data?: string };
  if (r.status !== 'Accepted') throw new Error(`DataTransfer ${action} answered ${r.status}`);
  return JSON.parse(r.data ?? 'null') as unknown;
}

/** The eMAID as an id token: without dashes, upper case. */
export const emaidToken = (emaid: string) => emaid.trim().toUpperCase().replace(/-/g, '');

/** OCSPRequestDataType of the contract certificate and of the sub-CA that issued it (2.0.1 C07). */
function contractHashData(pnc: SimPlugAndCharge, ev: SimEv) {
  return [
    { ...ocspHashData(ev.contract.certificate, pnc.pki.subCa.certificate), responderURL: pnc.ocspUrl },
    { ...ocspHashData(pnc.pki.subCa.certificate, pnc.pki.root.certificate), responderURL: pnc.ocspUrl },
  ];
}

export type ContractAuthorizeAnswer = { status: string; certificateStatus: string | undefined };

/**
 * Authorize for an EV's contract (2.0.1 C07): the charger sends the eMAID with the OCSP hash data of
 * the contract chain, or (`sendCertificate`) the contract certificate chain itself for the CSMS to
 * validate.
 */
export async function authorizeContract(
  sim: SimulatedCharger,
  pnc: SimPlugAndCharge,
  ev: SimEv,
  { sendCertificate = false }: { sendCertificate?: boolean } = {},
): Promise<ContractAuthorizeAnswer> {
  const r = (await pncCall(sim, 'Authorize', {
    idToken: { idToken: emaidToken(ev.emaid), type: 'eMAID' },
    ...(sendCertificate
      ? { certificate: `${ev.contract.pem}\n${pnc.pki.subCa.pem}` }
      : { iso15118CertificateHashData: contractHashData(pnc, ev) }),
  })) as { idTokenInfo: { status: string }; certificateStatus?: string };
  return { status: r.idTokenInfo.status, certificateStatus: r.certificateStatus };
}

/**
 * A Plug & Charge session: the EV plugs in, the charger authorizes its contract and starts the
 * transaction with the eMAID when it is Accepted. Returns the Authorize answer and the transaction
 * started (none when the contract was refused: the EVSE stays Available).
 */
export async function plugAndChargeSession(
  sim: SimulatedCharger,
  pnc: SimPlugAndCharge,
  ev: SimEv,
  { evseId, sendCertificate = false }: { evseId: number; sendCertificate?: boolean },
): Promise<ContractAuthorizeAnswer & { transactionId: string | null }> {
  const answer = await authorizeContract(sim, pnc, ev, { sendCertificate });
  if (answer.status !== 'Accepted' || answer.certificateStatus !== 'Accepted')
    return { ...answer, transactionId: null };
  const transactionId = await sim.startTransaction({ evseId, idTag: emaidToken(ev.emaid), idTokenType: 'eMAID' });
  return { ...answer, transactionId };
}

/**
 * GetCertificateStatus (2.0.1 M06) for the MO sub-CA: the OCSP answer a charger passes to the EV.
 * Returns the status and, when Accepted, the base64 DER OCSP response.
 */
export async function getSubCaStatus(
  sim: SimulatedCharger,
  pnc: SimPlugAndCharge,
): Promise<{ status: string; ocspResult?: string }> {
  return (await pncCall(sim, 'GetCertificateStatus', {
    ocspRequestData: {
      ...ocspHashData(pnc.pki.subCa.certificate, pnc.pki.root.certificate),
      responderURL: pnc.ocspUrl,
    },
  })) as { status: string; ocspResult?: string };
}

/**
 * Get15118EVCertificate (2.0.1 M02): an EV without a contract asks for one to be installed. The
 * simulator has no EXI encoder, so its exiRequest is base64 of a JSON stand-in for the EV's
 * CertificateInstallationReq (the test provider does not read it; a real provider needs EXI).
 */
export async function requestEvCertificate(
  sim: SimulatedCharger,
  { action = 'Install' }: { action?: 'Install' | 'Update' } = {},
): Promise<{ status: string; exiResponse: string }> {
  const standIn = {
    kind: 'magma-sim-certificate-installation-req',
    charger: sim.identity,
    at: new Date().toISOString(),
  };
  return (await pncCall(sim, 'Get15118EVCertificate', {
    iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef',
    action,
    exiRequest: Buffer.from(JSON.stringify(standIn)).toString('base64'),
  })) as { status: string; exiResponse: string };
}

import { certificateSigningRequest } from './csr.ts';
import { certificateReplies201 } from './certificates.ts';
import { PNC_VENDOR_ID, pncCall } from './plug-and-charge.ts';
import type { SimulatedCharger } from './simulated-charger.ts';

// The 1.6 charger's side of what the CSMS sends in the OCA application note "Using ISO 15118 Plug &
// Charge with OCPP 1.6": DataTransfer of vendor org.openchargealliance.iso15118pnc whose messageId
// is a 2.0.1 action (CertificateSigned, InstallCertificate, DeleteCertificate,
// GetInstalledCertificateIds, TriggerMessage for SignV2GCertificate) and whose data is its 2.0.1
// body as JSON text. The charger answers the DataTransfer Accepted with the 2.0.1 answer as JSON
// text in data, the way the 2.0.1 simulator answers those actions (certificates.ts). Only a charger
// with ISO15118PnCEnabled true (the note's configuration key) knows the vendor.

export const PNC_ENABLED_KEY = 'ISO15118PnCEnabled';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Params = Record<string, any>;

const isObject = (v: unknown): v is Params => typeof v === 'object' && v !== null && !Array.isArray(v);
const hashData = (v: unknown) =>
  isObject(v) && ['issuerNameHash', 'issuerKeyHash', 'serialNumber'].every((k) => typeof v[k] === 'string');

/** The body each message must have before the 2.0.1 answer is made (the DataTransfer data is unchecked). */
const BODY_OK: Record<string, (p: Params) => boolean> = {
  CertificateSigned: (p) => typeof p.certificateChain === 'string' && p.certificateChain.length <= 10_000,
  InstallCertificate: (p) =>
    typeof p.certificateType === 'string' && typeof p.certificate === 'string' && p.certificate.length <= 5500,
  DeleteCertificate: (p) => hashData(p.certificateHashData),
  GetInstalledCertificateIds: (p) =>
    p.certificateType === undefined || (Array.isArray(p.certificateType) && p.certificateType.length <= 10),
  TriggerMessage: (p) => typeof p.requestedMessage === 'string',
};

/** TriggerMessage inside the note's DataTransfer: only SignV2GCertificate is defined there. */
function trigger(sim: SimulatedCharger, p: Params) {
  if (p.requestedMessage !== 'SignV2GCertificate') return { status: 'NotImplemented' };
  sim.later(() =>
    pncCall(sim, 'SignCertificate', {
      csr: certificateSigningRequest({ commonName: sim.identity, organization: 'Magma Sim' }),
      certificateType: 'V2GCertificate',
    }),
  );
  return { status: 'Accepted' };
}

/** The answer to a Plug & Charge DataTransfer, or null when the message is another vendor's. */
export function pncDataTransferReply(
  sim: SimulatedCharger,
  p: { vendorId: string; messageId?: string; data?: string },
): Record<string, unknown> | null {
  if (p.vendorId !== PNC_VENDOR_ID) return null;
  if (sim.config.get(PNC_ENABLED_KEY) !== 'true') return { status: 'UnknownVendorId' };
  const check = p.messageId ? BODY_OK[p.messageId] : undefined;
  if (!check || !p.messageId) return { status: 'UnknownMessageId' };
  let body: unknown;
  try {
    body = JSON.parse(p.data ?? '');
  } catch {
    return { status: 'Rejected' };
  }
  if (!isObject(body) || !check(body)) return { status: 'Rejected' };
  const answer =
    p.messageId === 'TriggerMessage'
      ? trigger(sim, body)
      : p.messageId === 'CertificateSigned'
        ? // The note's CertificateSigned carries the V2G certificate (the 1.6 security extension has its own).
          certificateReplies201.CertificateSigned!(sim, { certificateType: 'V2GCertificate', ...body })
        : certificateReplies201[p.messageId]!(sim, body);
  return { status: 'Accepted', data: JSON.stringify(answer) };
}

import type { Db } from '@magma/db';
import {
  buildOcspRequest,
  normalizeSerial,
  ocspHashData,
  verifyOcspResponse,
  type OcspCertStatus,
  type OcspHashData,
  type X509Asn1Certificate as Certificate,
} from '@magma/pki';
import { httpPost } from './http-post.ts';
import type { PlugAndChargeOptions } from './options.ts';

export type OcspOutcome =
  | { ok: true; status: OcspCertStatus; der: Uint8Array; nextUpdate: Date | null; cached: boolean }
  | { ok: false; reason: string };

const certKeyOf = (d: OcspHashData) =>
  [
    d.hashAlgorithm,
    d.issuerNameHash.toLowerCase(),
    d.issuerKeyHash.toLowerCase(),
    normalizeSerial(d.serialNumber),
  ].join(':');

/** The certificate among `candidates` that issued the certificate `data` describes (by name and key hash). */
export function findIssuer(data: OcspHashData, candidates: readonly Certificate[]): Certificate | null {
  return (
    candidates.find((c) => {
      const asIssuer = ocspHashData(c, c, data.hashAlgorithm);
      return (
        asIssuer.issuerNameHash === data.issuerNameHash.toLowerCase() &&
        asIssuer.issuerKeyHash === data.issuerKeyHash.toLowerCase()
      );
    }) ?? null
  );
}

/**
 * The revocation status of one certificate from its OCSP responder, verified against its issuer.
 * A verified answer is kept until its nextUpdate and served from there (`cached`); an answer
 * without nextUpdate is used once. Nothing unverified is kept or trusted.
 */
export async function checkOcsp({
  db,
  tenantId,
  data,
  responderUrl,
  issuer,
  options,
  now = new Date(),
}: {
  db: Db;
  tenantId: string;
  data: OcspHashData;
  responderUrl: string;
  issuer: Certificate;
  options: PlugAndChargeOptions;
  now?: Date;
}): Promise<OcspOutcome> {
  const certKey = certKeyOf(data);
  const hit = await db.ocspResponseCache.findFirst({ where: { tenantId, certKey, nextUpdate: { gt: now } } });
  if (hit) {
    const again = verifyOcspResponse({ der: new Uint8Array(hit.der), certificate: data, issuer, now });
    if (again.ok)
      return { ok: true, status: again.status, der: new Uint8Array(hit.der), nextUpdate: hit.nextUpdate, cached: true };
  }
  let der: Uint8Array;
  try {
    const res = await httpPost({
      url: responderUrl,
      body: buildOcspRequest(data),
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      timeoutMs: options.ocspTimeoutMs ?? 5_000,
      allowPrivateAddresses:
        options.allowPrivateAddresses || (options.allowedResponderUrls ?? []).includes(responderUrl),
    });
    if (res.status !== 200) return { ok: false, reason: `the OCSP responder answered HTTP ${res.status}` };
    der = new Uint8Array(res.body);
  } catch (e) {
    return { ok: false, reason: `the OCSP responder could not be asked: ${(e as Error).message}` };
  }
  const check = verifyOcspResponse({ der, certificate: data, issuer, now });
  if (!check.ok) return { ok: false, reason: `the OCSP answer is unusable: ${check.reason}` };
  if (check.nextUpdate) {
    const row = {
      responderUrl,
      der: Buffer.from(der),
      status: check.status,
      thisUpdate: check.thisUpdate,
      nextUpdate: check.nextUpdate,
    };
    await db.ocspResponseCache.upsert({
      where: { tenantId_certKey: { tenantId, certKey } },
      create: { tenantId, certKey, ...row },
      update: row,
    });
  }
  return { ok: true, status: check.status, der, nextUpdate: check.nextUpdate, cached: false };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ocspHashData,
  parseCertificate,
  verifyOcspResponse,
  buildOcspRequest,
  signOcspResponse,
} from '../ocsp/index.ts';
import { emaidOf, normalizeEmaid, validateContractChain } from './index.ts';
import { createTestPki, type TestPki } from './test-pki.ts';
import { startTestOcspResponder, type TestOcspResponder } from './test-ocsp-responder.ts';

let pki: TestPki;
let other: TestPki;
let responder: TestOcspResponder;

beforeAll(async () => {
  responder = await startTestOcspResponder();
  pki = await createTestPki({ ocspUrl: responder.url });
  other = await createTestPki({ ocspUrl: responder.url, name: 'Other' });
  responder.serve(pki);
});
afterAll(() => responder.close());

async function ask(der: Uint8Array): Promise<Uint8Array> {
  const res = await fetch(responder.url, {
    method: 'POST',
    body: Buffer.from(der),
    headers: { 'content-type': 'application/ocsp-request' },
  });
  return new Uint8Array(await res.arrayBuffer());
}

describe('contract chain', () => {
  it('accepts a contract certificate issued under a configured root, and names its eMAID', async () => {
    const c = await pki.issueContract({ emaid: 'IN-MGM-C00000001-X' });
    const check = validateContractChain({
      leaf: c.certificate,
      intermediates: [pki.subCa.certificate],
      trusted: [pki.root.certificate],
    });
    expect(check.ok).toBe(true);
    expect(emaidOf(c.certificate)).toBe('INMGMC00000001X');
    expect(normalizeEmaid('in-mgm-c00000001-x')).toBe('INMGMC00000001X');
  });

  it.each([
    ['an expired certificate', 'CertificateExpired'],
    ['another root', 'CertChainError'],
    ['a forged issuer', 'SignatureError'],
  ])('refuses %s', async (what, status) => {
    const day = 86_400_000;
    const c =
      what === 'an expired certificate'
        ? await pki.issueContract({
            emaid: 'INMGMC00000002X',
            notBefore: new Date(Date.now() - 10 * day),
            notAfter: new Date(Date.now() - day),
          })
        : await pki.issueContract({ emaid: 'INMGMC00000003X' });
    const trusted = what === 'another root' ? [other.root.certificate] : [pki.root.certificate];
    // A sub-CA of the same name but another key: the name leads to it, the signature does not verify.
    const intermediates = what === 'a forged issuer' ? [forgedSubCa()] : [pki.subCa.certificate];
    const check = validateContractChain({ leaf: c.certificate, intermediates, trusted });
    expect(check).toMatchObject({ ok: false, status });
  });
});

function forgedSubCa() {
  const forged = parseCertificate(
    new Uint8Array(Buffer.from(other.subCa.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')),
  );
  forged.tbsCertificate.subject = pki.subCa.certificate.tbsCertificate.subject;
  return forged;
}

describe('OCSP', () => {
  it('gets a good answer signed by the delegated responder, then revoked after revocation', async () => {
    const c = await pki.issueContract({ emaid: 'INMGMC00000004X' });
    const data = ocspHashData(c.certificate, pki.subCa.certificate);
    const good = verifyOcspResponse({
      der: await ask(buildOcspRequest(data)),
      certificate: data,
      issuer: pki.subCa.certificate,
    });
    expect(good).toMatchObject({ ok: true, status: 'good' });
    responder.revoke(c);
    const revoked = verifyOcspResponse({
      der: await ask(buildOcspRequest(data)),
      certificate: data,
      issuer: pki.subCa.certificate,
    });
    expect(revoked).toMatchObject({ ok: true, status: 'revoked' });
  });

  it('answers for the sub-CA itself signed by the root', async () => {
    const data = ocspHashData(pki.subCa.certificate, pki.root.certificate, 'SHA256');
    const check = verifyOcspResponse({
      der: await ask(buildOcspRequest(data)),
      certificate: data,
      issuer: pki.root.certificate,
    });
    expect(check).toMatchObject({ ok: true, status: 'good' });
  });

  it('refuses a response signed by someone else, about another certificate, or stale', async () => {
    const c = await pki.issueContract({ emaid: 'INMGMC00000005X' });
    const data = ocspHashData(c.certificate, pki.subCa.certificate);
    const now = new Date();
    const forged = signOcspResponse({
      answers: [{ certificate: data, status: 'good', thisUpdate: now, nextUpdate: new Date(now.getTime() + 60_000) }],
      signer: other.responder.certificate,
      signerKey: other.responder.signingKey,
      delegated: true,
    });
    expect(verifyOcspResponse({ der: forged, certificate: data, issuer: pki.subCa.certificate })).toMatchObject({
      ok: false,
    });
    const real = await ask(buildOcspRequest(data));
    const another = { ...data, serialNumber: 'abcdef' };
    expect(verifyOcspResponse({ der: real, certificate: another, issuer: pki.subCa.certificate })).toMatchObject({
      ok: false,
    });
    const later = new Date(now.getTime() + 2 * 3_600_000);
    expect(
      verifyOcspResponse({ der: real, certificate: data, issuer: pki.subCa.certificate, now: later }),
    ).toMatchObject({
      ok: false,
      reason: 'the response is stale',
    });
    expect(
      verifyOcspResponse({ der: new Uint8Array([1, 2, 3]), certificate: data, issuer: pki.subCa.certificate }),
    ).toMatchObject({ ok: false });
  });
});

import { describe, expect, it } from 'vitest';
import { createCertificateAuthority } from './authority.ts';
import {
  crypto,
  type CryptoKeyPair,
  EC_KEY,
  type EcKeyGenParams,
  randomSerial,
  type RsaHashedKeyGenParams,
  x509,
} from './crypto.ts';
import { certificateHashData } from './hash-data.ts';
import { CsrRejected, signCsr } from './sign-csr.ts';
import { verifyChain } from './verify-chain.ts';

async function aCsr(cn: string, alg: EcKeyGenParams | RsaHashedKeyGenParams = EC_KEY) {
  const keys = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const signingAlgorithm = alg.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : alg;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${cn}, O=Someone Else`,
    keys,
    signingAlgorithm,
  });
  return csr.toString('pem');
}

/** The same request with the last byte of its signature changed. */
function tampered(pem: string): string {
  const der = Buffer.from(new x509.Pkcs10CertificateRequest(pem).rawData);
  der[der.length - 1] = der.at(-1)! ^ 0x01;
  return new x509.Pkcs10CertificateRequest(der).toString('pem');
}

describe('operator CA', () => {
  it('issues a charging station certificate whose chain verifies to the root, CN = identity, O = operator', async () => {
    const ca = await createCertificateAuthority({ organization: 'Volt, Ltd' });
    const issued = await signCsr({
      csrPem: await aCsr('CP-7'),
      use: 'ChargingStationCertificate',
      issuer: ca.issuing,
      expectedCommonName: 'CP-7',
      organization: 'Volt, Ltd',
    });
    const cert = new x509.X509Certificate(issued.certificatePem);
    expect(cert.subjectName.getField('CN')).toEqual(['CP-7']);
    expect(cert.subjectName.getField('O')).toEqual(['Volt, Ltd']);
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(cert.serialNumber.toLowerCase()).toBe(issued.serialNumber);
    expect(issued.notAfter.getTime() - issued.notBefore.getTime()).toBeGreaterThan(364 * 86_400_000);
    const verdict = await verifyChain({
      leaf: issued.certificatePem,
      intermediates: [ca.issuing.certificatePem],
      roots: [ca.root.certificatePem],
    });
    expect(verdict).toEqual({ ok: true, commonName: 'CP-7' });
  });

  it('refuses a chain from another operator, an expired certificate and a broken chain', async () => {
    const ours = await createCertificateAuthority({ organization: 'Ours' });
    const theirs = await createCertificateAuthority({ organization: 'Theirs' });
    const issued = await signCsr({
      csrPem: await aCsr('CP-1'),
      use: 'V2GCertificate',
      issuer: theirs.issuing,
      expectedCommonName: 'CP-1',
      organization: 'Theirs',
    });
    const wrongCa = await verifyChain({
      leaf: issued.certificatePem,
      intermediates: [ours.issuing.certificatePem],
      roots: [ours.root.certificatePem],
    });
    expect(wrongCa.ok).toBe(false);
    // The other operator's sub-CA offered by the peer does not anchor in our root either.
    const spliced = await verifyChain({
      leaf: issued.certificatePem,
      intermediates: [theirs.issuing.certificatePem, ours.issuing.certificatePem],
      roots: [ours.root.certificatePem],
    });
    expect(spliced.ok).toBe(false);
    const later = await verifyChain({
      leaf: issued.certificatePem,
      intermediates: [theirs.issuing.certificatePem],
      roots: [theirs.root.certificatePem],
      now: new Date(Date.now() + 400 * 86_400_000),
    });
    expect(later).toMatchObject({ ok: false, reason: expect.stringContaining('not valid') });
  });

  it.each([
    ['another CN', async () => aCsr('CP-2'), 'not the charger'],
    ['garbage', async () => 'hello', 'not a PKCS#10'],
    ['a bad signature', async () => tampered(await aCsr('CP-1')), 'does not verify'],
    [
      'an RSA key for V2G',
      async () =>
        aCsr('CP-1', {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        }),
      'P-256',
    ],
  ])(
    'refuses a CSR with %s',
    async (_what, csr, message) => {
      const ca = await createCertificateAuthority({ organization: 'Ours' });
      const attempt = signCsr({
        csrPem: await csr(),
        use: 'V2GCertificate',
        issuer: ca.issuing,
        expectedCommonName: 'CP-1',
        organization: 'Ours',
      });
      await expect(attempt).rejects.toBeInstanceOf(CsrRejected);
      await expect(attempt).rejects.toThrow(message);
      // An RSA 2048 key takes seconds on a loaded machine.
    },
    30_000,
  );

  it('hashes a root as its own issuer and a leaf by its issuer, serial in hex', async () => {
    const ca = await createCertificateAuthority({ organization: 'Ours' });
    const root = await certificateHashData(ca.root.certificatePem);
    const sub = await certificateHashData(ca.issuing.certificatePem, ca.root.certificatePem);
    expect(root).toMatchObject({ hashAlgorithm: 'SHA256', serialNumber: ca.root.serialNumber });
    expect(root.issuerNameHash).toMatch(/^[0-9a-f]{64}$/);
    // Same issuer (the root): same name and key hashes, other serial.
    expect(sub.issuerNameHash).toBe(root.issuerNameHash);
    expect(sub.issuerKeyHash).toBe(root.issuerKeyHash);
    expect(sub.serialNumber).toBe(ca.issuing.serialNumber);
  });

  it('makes serials that are positive and have no leading zero in hex, the form CertificateHashData uses', () => {
    // One in eight serials started with a 0 nibble before (a first byte under 0x10), and its hash
    // data's serial (leading zeroes dropped) no longer matched the stored one.
    for (let i = 0; i < 256; i++) expect(randomSerial()).toMatch(/^[1-7][0-9a-f]{31}$/);
  });
});

import { describe, expect, it } from 'vitest';
import { ocspHashData, parseCertificate, verifyOcspResponse, buildOcspRequest } from '../ocsp/index.ts';
import { emaidOf, validateContractChain } from './index.ts';
import { createDemoPki } from './demo-pki.ts';
import { DEMO_PKI_ROOT_PEM, DEMO_PKI_SUB_CA_PEM } from './demo-pki-certificates.ts';
import { startTestOcspResponder } from './test-ocsp-responder.ts';

// The demo PKI's fixed root and sub-CA (what the demo seed trusts) and the contracts and OCSP
// answers the relay's simulated EVs make at run time under their fixed keys must agree.

const der = (pem: string) =>
  parseCertificate(new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')));

describe('demo PKI', () => {
  it('issues contracts that chain to the fixed certificates, with good and revoked OCSP answers from its responder', async () => {
    const responder = await startTestOcspResponder();
    try {
      const pki = await createDemoPki({ ocspUrl: responder.url });
      responder.serve(pki);
      const root = der(DEMO_PKI_ROOT_PEM);
      const subCa = der(DEMO_PKI_SUB_CA_PEM);
      const good = await pki.issueContract({ emaid: 'IN-MGM-C00000001-D' });
      const revoked = await pki.issueContract({ emaid: 'IN-MGM-C00000003-D' });
      responder.revoke(revoked);

      // Only the seed's stored certificates are trusted: the chain goes to them.
      const check = validateContractChain({ leaf: good.certificate, intermediates: [subCa], trusted: [root] });
      expect(check.ok).toBe(true);
      expect(emaidOf(good.certificate)).toBe('INMGMC00000001D');

      for (const [c, status] of [
        [good, 'good'],
        [revoked, 'revoked'],
      ] as const) {
        const data = ocspHashData(c.certificate, subCa);
        const res = await fetch(responder.url, {
          method: 'POST',
          body: Buffer.from(buildOcspRequest(data)),
          headers: { 'content-type': 'application/ocsp-request' },
        });
        const answer = verifyOcspResponse({
          der: new Uint8Array(await res.arrayBuffer()),
          certificate: data,
          issuer: subCa,
          now: new Date(),
        });
        expect(answer).toMatchObject({ ok: true, status });
      }
    } finally {
      await responder.close();
    }
  });
});

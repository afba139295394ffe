import { webcrypto } from 'node:crypto';
import type { ContractCertificateProvider } from './provider.ts';
import type { TestPki } from './test-pki.ts';

/**
 * A contract certificate provider over the repository's test PKI, for tests and the simulator demo;
 * chosen explicitly in a tenant's Plug & Charge settings, never as a fallback. The repository has no
 * EXI codec, so this provider does not read the EV's EXI request (beyond its being base64) and its
 * answer is not EXI either: base64 of a JSON document holding the new contract certificate chain
 * (leaf first, PEM), its PKCS#8 private key and the eMAID. A real provider (Hubject) answers with the
 * EXI CertificateInstallationRes.
 */
export function createTestContractProvider({
  pki,
  nextEmaid = defaultEmaids(),
}: {
  pki: TestPki;
  nextEmaid?: () => string;
}): ContractCertificateProvider {
  return {
    name: 'test',
    getEvCertificate: async (request) => {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(request.exiRequest))
        return { status: 'Failed', reason: 'exiRequest is not base64' };
      const contract = await pki.issueContract({ emaid: nextEmaid() });
      const key = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', contract.keys.privateKey)).toString('base64');
      const document = {
        kind: 'magma-test-contract',
        action: request.action,
        emaid: contract.emaid,
        certificateChain: [contract.pem, pki.subCa.pem],
        privateKeyPkcs8: key,
      };
      return { status: 'Accepted', exiResponse: Buffer.from(JSON.stringify(document)).toString('base64') };
    },
  };
}

function defaultEmaids() {
  let n = 0;
  return () => `ZZ-TST-C${String(++n).padStart(8, '0')}-X`;
}

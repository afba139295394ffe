// A loopback OCSP responder (RFC 6960 over HTTP POST) for tests and the simulator demo: it answers
// for the certificates of a test PKI with real signed responses — the sub-CA's certificates through
// its delegated responder, the sub-CA itself from the root.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OCSPResponseStatus } from '@peculiar/asn1-ocsp';
import { ocspHashData, normalizeSerial, serialOf, type OcspHashData } from '../ocsp/cert-id.ts';
import { parseOcspRequest } from '../ocsp/request.ts';
import { ocspErrorResponse, signOcspResponse, type OcspAnswer } from '../ocsp/sign-response.ts';
import type { TestAuthority, TestPki } from './test-pki.ts';

export type TestOcspResponder = {
  url: string;
  /** The PKI it answers for (created after the responder, since its certificates name its URL). */
  serve: (pki: Pick<TestPki, 'root' | 'subCa' | 'responder'>) => void;
  /** Marks a certificate revoked from now on. */
  revoke: (certificate: TestAuthority) => void;
  /** How many OCSP requests were answered (to prove caching). */
  requests: () => number;
  /** How long an answer stays current (nextUpdate - thisUpdate). */
  setValidityMs: (ms: number) => void;
  close: () => Promise<void>;
};

export async function startTestOcspResponder({ port = 0 }: { port?: number } = {}): Promise<TestOcspResponder> {
  let pki: Pick<TestPki, 'root' | 'subCa' | 'responder'> | null = null;
  const revoked = new Map<string, Date>();
  let count = 0;
  let validityMs = 60 * 60_000;
  const sameIssuer = (a: OcspHashData, b: OcspHashData) =>
    a.issuerKeyHash === b.issuerKeyHash && a.issuerNameHash === b.issuerNameHash;

  const answer = (body: Uint8Array): Uint8Array => {
    let asked: (OcspHashData | null)[];
    try {
      asked = parseOcspRequest(body);
    } catch {
      return ocspErrorResponse(OCSPResponseStatus.malformedRequest);
    }
    const first = asked[0];
    if (!pki) return ocspErrorResponse(OCSPResponseStatus.tryLater);
    const bySubCa = ocspHashData(pki.subCa.certificate, pki.subCa.certificate);
    const byRoot = ocspHashData(pki.root.certificate, pki.root.certificate);
    if (!first || asked.length !== 1) return ocspErrorResponse(OCSPResponseStatus.malformedRequest);
    const thisUpdate = new Date();
    const revokedAt = revoked.get(normalizeSerial(first.serialNumber));
    const a: OcspAnswer = {
      certificate: first,
      status: revokedAt ? 'revoked' : 'good',
      revokedAt,
      thisUpdate,
      nextUpdate: new Date(thisUpdate.getTime() + validityMs),
    };
    // SHA256 hash data of the issuers; the responder answers SHA256 requests only.
    if (first.hashAlgorithm === 'SHA256' && sameIssuer(first, bySubCa))
      return signOcspResponse({
        answers: [a],
        signer: pki.responder.certificate,
        signerKey: pki.responder.signingKey,
        delegated: true,
      });
    if (first.hashAlgorithm === 'SHA256' && sameIssuer(first, byRoot))
      return signOcspResponse({ answers: [a], signer: pki.root.certificate, signerKey: pki.root.signingKey });
    return ocspErrorResponse(OCSPResponseStatus.unauthorized);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 64 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      count++;
      const out =
        req.method === 'POST' && size <= 64 * 1024
          ? answer(new Uint8Array(Buffer.concat(chunks)))
          : ocspErrorResponse(OCSPResponseStatus.malformedRequest);
      res.writeHead(200, { 'content-type': 'application/ocsp-response', 'content-length': out.length });
      res.end(Buffer.from(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/ocsp`,
    serve: (p) => {
      pki = p;
    },
    revoke: (c) => revoked.set(serialOf(c.certificate), new Date()),
    requests: () => count,
    setValidityMs: (ms) => {
      validityMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

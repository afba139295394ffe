import { x509 } from './crypto.ts';

// Verifies a certificate against one operator's CA: each link's signature, each certificate's
// validity at `now`, a CA flag on every issuer, and an anchor among the given roots.

export type ChainVerdict = { ok: true; commonName: string } | { ok: false; reason: string };

const asCert = (c: string | ArrayBuffer | Uint8Array) =>
  new x509.X509Certificate(typeof c === 'string' ? c : new Uint8Array(c as ArrayBuffer));

export async function verifyChain({
  leaf,
  intermediates = [],
  roots,
  now = new Date(),
}: {
  leaf: string | ArrayBuffer | Uint8Array;
  /** What the peer sent besides its own certificate, and our issuing CAs. */
  intermediates?: ReadonlyArray<string | ArrayBuffer | Uint8Array>;
  roots: ReadonlyArray<string | ArrayBuffer | Uint8Array>;
  now?: Date;
}): Promise<ChainVerdict> {
  let cert: x509.X509Certificate;
  try {
    cert = asCert(leaf);
  } catch {
    return { ok: false, reason: 'the certificate does not parse' };
  }
  const pool = [...intermediates, ...roots].flatMap((c) => {
    try {
      return [asCert(c)];
    } catch {
      return [];
    }
  });
  const anchors = new Set(roots.map((r) => asCert(r).toString('base64')));
  let current = cert;
  for (let depth = 0; depth < 6; depth++) {
    if (current.notBefore > now || current.notAfter < now)
      return { ok: false, reason: `${current.subject} is not valid at ${now.toISOString()}` };
    const issuer = await findIssuer(current, pool);
    if (!issuer) return { ok: false, reason: `no issuer of ${current.subject} among the operator's CA certificates` };
    const bc = issuer.getExtension(x509.BasicConstraintsExtension);
    if (!bc?.ca) return { ok: false, reason: `${issuer.subject} is not a CA` };
    if (anchors.has(issuer.toString('base64'))) {
      if (issuer.notBefore > now || issuer.notAfter < now)
        return { ok: false, reason: `${issuer.subject} is not valid at ${now.toISOString()}` };
      return { ok: true, commonName: cert.subjectName.getField('CN')[0] ?? '' };
    }
    current = issuer;
  }
  return { ok: false, reason: 'the chain is too long' };
}

async function findIssuer(cert: x509.X509Certificate, pool: x509.X509Certificate[]) {
  for (const candidate of pool) {
    if (candidate.subject !== cert.issuer) continue;
    try {
      if (await cert.verify({ publicKey: candidate.publicKey, signatureOnly: true })) return candidate;
    } catch {
      // another key under the same name: keep looking
    }
  }
  return null;
}

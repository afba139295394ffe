import { verifyChain } from '@magma/pki';
import type { CertificateAuthority } from './authority.ts';

/**
 * Security profile 3 (2.0.1 A00, 1.6 security whitepaper): a charger's TLS client certificate
 * verified against its operator's CA (the issuing CA and root; whatever else the charger sent is
 * only a path, never an anchor), and its subject CN equal to the identity in the URL. Answers the
 * problem, or null when it verifies.
 */
export async function verifyChargerCertificate({
  ca,
  tenantId,
  identity,
  chain,
  now,
}: {
  ca: CertificateAuthority;
  tenantId: string;
  identity: string;
  /** DER: the charger's certificate first, then what it sent of its chain. */
  chain: readonly Uint8Array[];
  now?: Date;
}): Promise<string | null> {
  const [leaf, ...sent] = chain;
  if (!leaf) return 'no certificate';
  const anchors = await ca.trustAnchors(tenantId);
  if (!anchors.roots.length) return 'the operator has no certificate authority yet';
  const verdict = await verifyChain({
    leaf,
    intermediates: [...sent, ...anchors.intermediates],
    roots: anchors.roots,
    now,
  });
  if (!verdict.ok) return verdict.reason;
  if (verdict.commonName !== identity) return `subject CN "${verdict.commonName.slice(0, 64)}" is not the identity`;
  return null;
}

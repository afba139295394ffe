import { createHash } from 'node:crypto';
import type { Db } from '@magma/db';
import {
  isSelfIssued,
  parseCertificate,
  splitPem,
  subjectCn,
  type X509Asn1Certificate as Certificate,
} from '@magma/pki';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, scopedDb, type Scope } from '../tenancy/index.ts';

// The certificates an operator trusts for contract certificates: the V2G root and MO roots its
// drivers' contracts chain to, and MO sub-CAs (needed to check OCSP answers when a charger sends
// only hash data). Uploaded as PEM on the settings page.

const MAX_PEM = 64 * 1024;
export const addTrustAnchorsInput = z.object({
  label: z.string().trim().min(1, 'A label is required').max(100),
  pem: z
    .string()
    .max(MAX_PEM, 'At most 64 KB of PEM')
    .refine((p) => splitPem(p).length > 0, 'No PEM certificate found'),
});

export const TRUST_ANCHOR_VIEW = {
  id: true,
  label: true,
  subject: true,
  fingerprint: true,
  isRoot: true,
  notAfter: true,
  createdAt: true,
} as const;

/** Adds every certificate of a PEM bundle; one already there is kept as it is. */
export async function addTrustAnchors({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof addTrustAnchorsInput>;
}) {
  assertAdmin(scope);
  const i = addTrustAnchorsInput.parse(input);
  const sdb = scopedDb(db, scope);
  const rows = splitPem(i.pem).map((pem, n) => {
    let c: Certificate;
    try {
      c = parseCertificate(pem);
    } catch {
      throw new AppError('BAD_INPUT', `Certificate ${n + 1} is not a valid X.509 certificate`, {
        details: [{ path: 'pem', message: `Certificate ${n + 1} is not a valid X.509 certificate` }],
      });
    }
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    return {
      pem,
      subject: subjectCn(c) ?? '(no common name)',
      fingerprint: createHash('sha256').update(der).digest('hex'),
      isRoot: isSelfIssued(c),
      notAfter: c.tbsCertificate.validity.notAfter.getTime(),
    };
  });
  for (const r of rows) {
    const existing = await sdb.contractTrustAnchor.findFirst({
      where: { fingerprint: r.fingerprint },
      select: { id: true },
    });
    if (existing) continue;
    await sdb.contractTrustAnchor.create({ data: { ...r, label: i.label, tenantId: scope.tenantId } });
  }
  return listTrustAnchors({ db, scope });
}

export async function listTrustAnchors({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  return scopedDb(db, scope).contractTrustAnchor.findMany({ select: TRUST_ANCHOR_VIEW, orderBy: { createdAt: 'asc' } });
}

export async function removeTrustAnchor({ db, scope, id }: { db: Db; scope: Scope; id: string }) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const row = await sdb.contractTrustAnchor.findFirst({ where: { id }, select: { id: true } });
  if (!row) throw new AppError('NOT_FOUND', 'No such certificate');
  await sdb.contractTrustAnchor.delete({ where: { id: row.id } });
  return { removed: true };
}

/** The tenant's trusted certificates, parsed (the relay's side: the tenant comes from the charger). */
export async function trustedCertificates(db: Db, tenantId: string): Promise<Certificate[]> {
  const rows = await db.contractTrustAnchor.findMany({ where: { tenantId }, select: { pem: true } });
  return rows.map((r) => parseCertificate(r.pem));
}

import { Prisma, type Db } from '@magma/db';
import { verifySecret } from '../auth/password.ts';

// Who may open an OCPP connection. The relay calls this once per WebSocket upgrade; the answer
// is carried in the connection's context for the life of the socket.

export type OcppProtocolName = 'OCPP16' | 'OCPP201';

export type AdmittedCharger = {
  id: string;
  tenantId: string;
  tenantSlug: string;
  identity: string;
  protocol: OcppProtocolName;
  registration: 'ACCEPTED' | 'PENDING' | 'REJECTED';
  /** When the CSMS first knew the charger: what a plausible charger clock is measured against. */
  createdAt: Date;
};

export type Admission =
  { ok: true; charger: AdmittedCharger; created: boolean } | { ok: false; status: 401 | 404; reason: string };

export type AdmitChargerInput = {
  db: Db;
  identity: string;
  /** From the tenant-scoped endpoint; otherwise unknown chargers go to the default tenant. */
  tenantSlug?: string | null;
  defaultTenantSlug: string;
  /** The HTTP Basic password, if the charger sent one. */
  password?: string | null;
  /** Whether the connection arrived over TLS (security profile 2). */
  secure: boolean;
  /** The protocol the charger negotiated, recorded on self-registration. */
  protocol: OcppProtocolName;
  verifyPassword?: (password: string, hash: string) => Promise<boolean>;
};

const deny = (status: 401 | 404, reason: string): Admission => ({ ok: false, status, reason });

export async function admitCharger(input: AdmitChargerInput): Promise<Admission> {
  const { db, identity, password } = input;
  const verify = input.verifyPassword ?? verifySecret;
  const known = await db.charger.findUnique({
    where: { identity },
    select: {
      id: true,
      tenantId: true,
      identity: true,
      protocol: true,
      registration: true,
      createdAt: true,
      securityProfile: true,
      passwordHash: true,
      tenant: { select: { slug: true } },
    },
  });

  if (known) {
    if (input.tenantSlug && known.tenant.slug !== input.tenantSlug)
      return deny(404, 'Unknown charge point for this tenant');
    if (known.securityProfile >= 2 && !input.secure) return deny(401, 'Security profile 2 requires TLS');
    if (known.passwordHash) {
      if (!password) return deny(401, 'HTTP Basic authentication required');
      if (!(await verify(password, known.passwordHash))) return deny(401, 'Invalid charge point password');
    }
    const { tenant, passwordHash: _hash, securityProfile: _sp, ...charger } = known;
    return { ok: true, charger: { ...charger, tenantSlug: tenant.slug }, created: false };
  }

  const slug = input.tenantSlug ?? input.defaultTenantSlug;
  const tenant = await db.tenant.findUnique({
    where: { slug },
    select: { id: true, slug: true, unknownChargerPolicy: true },
  });
  if (!tenant) return deny(404, `Unknown tenant '${slug}'`);
  if (tenant.unknownChargerPolicy === 'REJECT') return deny(404, 'Unknown charge point');

  try {
    const created = await db.charger.create({
      data: {
        tenantId: tenant.id,
        identity,
        protocol: input.protocol,
        registration: tenant.unknownChargerPolicy === 'ACCEPT' ? 'ACCEPTED' : 'PENDING',
        passwordHash: null,
      },
      select: { id: true, tenantId: true, identity: true, protocol: true, registration: true, createdAt: true },
    });
    return { ok: true, charger: { ...created, tenantSlug: tenant.slug }, created: true };
  } catch (e) {
    // Two first connections raced: the other one registered it; admit against that row.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') return admitCharger(input);
    throw e;
  }
}

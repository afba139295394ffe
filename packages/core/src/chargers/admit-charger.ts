import { randomBytes } from 'node:crypto';
import { Prisma, type Db } from '@magma/db';
import { hashSecret, verifySecret } from '../auth/password.ts';
import { completeRotation, rotationAdmits } from './rotate-charger-password.ts';
import { claimBasicAuthAttempt } from './basic-auth-limit.ts';

// Who may open an OCPP connection. The relay calls this once per WebSocket upgrade; the answer
// is carried in the connection's context for the life of the socket.
//
// Identities are unique per tenant. The tenant-scoped endpoint (/ocpp/{tenantSlug}/{identity})
// names the tenant; the plain one (/ocpp/{identity}) reaches the one charger registered with that
// identity by an operator (created, imported, seeded) anywhere on the platform, else one that
// registered itself in the default tenant, else registers it there. A self-registered identity in
// some tenant is invisible to the plain endpoint and to every other tenant, so connecting first
// blocks nobody.
//
// Every refusal has one answer (401 and the same body), whatever its cause: no such tenant, an
// identity unknown here or known only to another tenant, two operators' chargers under one identity
// on the plain endpoint, a missing or wrong password, TLS missing for profile 2, a limit reached.
// When the charger sent a password, a refusal costs one scrypt verification like a real check (a
// dummy hash stands in when there is no charger), so the time taken tells no more than the answer.

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

/** The body of every refusal; the cause is in `why`, for the relay's log only. */
export const NOT_ADMITTED = 'Charge point not admitted: check its identity, endpoint and password';

export type Admission =
  | { ok: true; charger: AdmittedCharger; created: boolean }
  | { ok: false; status: 401; message: typeof NOT_ADMITTED; why: string };

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
  /** The client's address, for the limit on failed passwords. */
  remoteAddress?: string | null;
  verifyPassword?: (password: string, hash: string) => Promise<boolean>;
  /**
   * True for a (password, hash) pair this process has verified before: such a charger is admitted
   * without claiming an attempt, so failures sent by someone else never lock the real charger out
   * once it has connected, and a reconnect storm costs no limiter statements.
   */
  knownGood?: (password: string, hash: string) => boolean;
  /**
   * Security profile 3: the charger presented a TLS client certificate; this checks it against the
   * operator's CA (the tenant the identity resolved to) and answers the problem, or null when it
   * verifies with CN = identity. A verified certificate stands in for the Basic-auth password.
   */
  verifyClientCertificate?: ((tenantId: string) => Promise<string | null>) | null;
  now?: Date;
};

const CHARGER_SELECT = {
  id: true,
  tenantId: true,
  identity: true,
  origin: true,
  protocol: true,
  registration: true,
  createdAt: true,
  securityProfile: true,
  passwordHash: true,
  tenant: { select: { slug: true } },
} as const;

type KnownCharger = Prisma.ChargerGetPayload<{ select: typeof CHARGER_SELECT }>;
type Tenant = { id: string; slug: string; unknownChargerPolicy: 'REJECT' | 'PENDING' | 'ACCEPT' };

let dummyHash: Promise<string> | undefined;
/** A hash no password matches, with the real hashes' cost, verified when there is no charger. */
const aDummyHash = () => (dummyHash ??= hashSecret(randomBytes(24).toString('base64')));

/** What the endpoint resolves to: a charger, a tenant it may register in, or nothing. */
type Resolution = { known: KnownCharger } | { tenant: Tenant } | { refuse: string };

async function resolveScoped(db: Db, identity: string, slug: string): Promise<Resolution> {
  const tenant = await db.tenant.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      unknownChargerPolicy: true,
      chargers: { where: { identity }, select: CHARGER_SELECT, take: 1 },
    },
  });
  if (!tenant) return { refuse: `no tenant '${slug}'` };
  const [known] = tenant.chargers;
  return known ? { known } : { tenant };
}

async function resolvePlain(db: Db, identity: string, defaultSlug: string): Promise<Resolution> {
  const rows = await db.charger.findMany({
    where: { identity, OR: [{ origin: { not: 'SELF_REGISTERED' } }, { tenant: { slug: defaultSlug } }] },
    select: CHARGER_SELECT,
    take: 3,
  });
  const registered = rows.filter((r) => r.origin !== 'SELF_REGISTERED');
  if (registered.length > 1)
    return { refuse: 'identity registered in several tenants: the charger must use /ocpp/{tenantSlug}/{identity}' };
  const known = registered[0] ?? rows[0];
  if (known) return { known };
  const tenant = await db.tenant.findUnique({
    where: { slug: defaultSlug },
    select: { id: true, slug: true, unknownChargerPolicy: true },
  });
  return tenant ? { tenant } : { refuse: `no default tenant '${defaultSlug}'` };
}

export async function admitCharger(input: AdmitChargerInput): Promise<Admission> {
  const { db, identity } = input;
  const resolution = input.tenantSlug
    ? await resolveScoped(db, identity, input.tenantSlug)
    : await resolvePlain(db, identity, input.defaultTenantSlug);

  if ('known' in resolution) return checkKnown(input, resolution.known);
  if ('tenant' in resolution && resolution.tenant.unknownChargerPolicy !== 'REJECT')
    return register(input, resolution.tenant);
  return refuse(input, 'refuse' in resolution ? resolution.refuse : 'unknown identity, tenant policy REJECT');
}

/** A refusal with no charger's password to check: the same answer, and the same cost, as a wrong one. */
async function refuse(input: AdmitChargerInput, why: string): Promise<Admission> {
  if (input.password) {
    const attempt = await claim(input);
    // A limited attempt is answered without verifying, here as for a known charger.
    if (!attempt.allowed) return deny(`${why}; limit of failed passwords reached`);
    await (input.verifyPassword ?? verifySecret)(input.password, await aDummyHash());
  }
  return deny(why);
}

async function checkKnown(input: AdmitChargerInput, known: KnownCharger): Promise<Admission> {
  const { password } = input;
  const { tenant, passwordHash, securityProfile, origin: _origin, ...rest } = known;
  const certified = await clientCertificate(input, rest.tenantId);
  if (typeof certified === 'string') return deny(certified);
  if (securityProfile >= 3 && !certified) return deny('security profile 3 requires a client certificate');
  if (passwordHash && !certified) {
    if (!password) return deny('HTTP Basic password required');
    if (!input.knownGood?.(password, passwordHash)) {
      const attempt = await claim(input);
      if (!attempt.allowed) return deny('limit of failed passwords reached');
      const verify = input.verifyPassword ?? verifySecret;
      if (await verify(password, passwordHash))
        await completeRotation({ db: input.db, chargerId: rest.id, passwordHash });
      else if (!(await rotationAdmits({ db: input.db, chargerId: rest.id, password, verify })))
        return deny('wrong password');
      await attempt.release();
    }
  }
  if (securityProfile >= 2 && !input.secure) return deny('security profile 2 requires TLS');
  return { ok: true, charger: { ...rest, tenantSlug: tenant.slug }, created: false };
}

/** True: a certificate verified; false: none presented; a string: why the presented one is refused. */
async function clientCertificate(input: AdmitChargerInput, tenantId: string): Promise<boolean | string> {
  if (!input.verifyClientCertificate) return false;
  const problem = await input.verifyClientCertificate(tenantId);
  return problem ? `client certificate refused: ${problem}` : true;
}

async function register(input: AdmitChargerInput, tenant: Tenant): Promise<Admission> {
  const certified = await clientCertificate(input, tenant.id);
  if (typeof certified === 'string') return deny(certified);
  try {
    const created = await input.db.charger.create({
      data: {
        tenantId: tenant.id,
        identity: input.identity,
        protocol: input.protocol,
        origin: 'SELF_REGISTERED',
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

function claim(input: AdmitChargerInput) {
  return claimBasicAuthAttempt({
    db: input.db,
    identity: input.identity,
    address: input.remoteAddress,
    now: input.now,
  });
}

const deny = (why: string): Admission => ({ ok: false, status: 401, message: NOT_ADMITTED, why });

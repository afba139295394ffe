import { z } from 'zod';
import type { Db, PayoutRailAccountModel as PayoutRailAccount } from '@magma/db';
import {
  checkRazorpayXAccount,
  createRazorpayXProvider,
  openSecrets,
  razorpayXCredentialsSchema,
  rewrapSecrets,
  sealedSchema,
  sealSecrets,
  type CredentialKeyring,
  type PayoutProvider,
  type RazorpayXCredentials,
} from '@magma/payments';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertRouteEligible } from './razorpay-route-payouts.ts';

// Settings → Payouts: which rail pays a tenant's vendors, and its RazorpayX account. The secrets
// (key secret, source account number, webhook secret) are sealed like the payment gateways'
// (an AES-256-GCM data key wrapped by the current PAYMENT_CREDENTIALS_KEYS key, bound to this
// tenant) and never come back out: the page shows the key id and the last four characters only.

export const PAYOUT_RAILS = ['OFFLINE', 'RAZORPAYX', 'RAZORPAY_ROUTE'] as const;
export type PayoutRail = (typeof PAYOUT_RAILS)[number];

/** Where RazorpayX posts a tenant's payout events: on the tenant's own host, verified with its secret. */
export const RAZORPAYX_WEBHOOK_PATH = '/api/payouts/razorpayx/webhook';

export function railAccountAad(tenantId: string): string {
  return `magma:payout-rail-account:${tenantId}`;
}

const NO_KEYS = 'This deployment has no PAYMENT_CREDENTIALS_KEYS, so RazorpayX secrets cannot be stored';

function railView(a: PayoutRailAccount | null) {
  if (!a) return null;
  return {
    keyId: a.keyId,
    secretHint: `•••• ${a.secretLast4}`,
    accountNumberHint: `•••• ${a.accountNumberLast4}`,
    sealedWith: a.kekId,
    lastTestedAt: a.lastTestedAt,
    lastTestOk: a.lastTestOk,
    lastTestMessage: a.lastTestMessage,
    webhookPath: RAZORPAYX_WEBHOOK_PATH,
    updatedAt: a.updatedAt,
  };
}

/** The rail and a masked view of the RazorpayX account. Operator admins only. */
export async function getPayoutRailSettings({
  db,
  scope,
  keyring,
}: {
  db: Db;
  scope: Scope;
  keyring: CredentialKeyring | null;
}) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const [config, account] = await Promise.all([
    sdb.settlementConfig.findFirst({ select: { payoutRail: true } }),
    sdb.payoutRailAccount.findFirst({}),
  ]);
  const rail = (PAYOUT_RAILS as readonly string[]).includes(config?.payoutRail ?? '')
    ? (config!.payoutRail as PayoutRail)
    : 'OFFLINE';
  return { rail, canStoreSecrets: keyring !== null, razorpayx: railView(account) };
}

export type PayoutRailSettings = Awaited<ReturnType<typeof getPayoutRailSettings>>;

export const saveRazorpayXInput = razorpayXCredentialsSchema;

/**
 * Stores (or replaces) the tenant's RazorpayX account, sealed. A different key id or account means
 * another RazorpayX business: the contacts and fund accounts registered with the old one are
 * forgotten, so the next payout registers the vendor again there.
 */
export async function saveRazorpayXAccount({
  db,
  scope,
  keyring,
  input,
}: {
  db: Db;
  scope: Scope;
  keyring: CredentialKeyring | null;
  input: unknown;
}) {
  assertAdmin(scope);
  if (!keyring) throw new AppError('CONFLICT', NO_KEYS);
  const parsed = saveRazorpayXInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Invalid RazorpayX account', {
      details: parsed.error.issues,
    });
  }
  const c = parsed.data;
  const sealed = sealSecrets(
    keyring,
    { keySecret: c.keySecret, accountNumber: c.accountNumber, webhookSecret: c.webhookSecret },
    railAccountAad(scope.tenantId),
  );
  const data = {
    provider: 'RAZORPAYX',
    keyId: c.keyId,
    secretLast4: c.keySecret.slice(-4),
    accountNumberLast4: c.accountNumber.slice(-4),
    sealed,
    kekId: sealed.kekId,
    lastTestedAt: null,
    lastTestOk: null,
    lastTestMessage: null,
  };
  const row = await scopedDb(db, scope).$transaction(async (tx) => {
    const before = await tx.payoutRailAccount.findFirst({});
    const sameBusiness = before?.keyId === c.keyId && storedAccountNumber(keyring, before) === c.accountNumber;
    if (before && !sameBusiness) {
      await tx.vendorFundAccount.updateMany({
        where: { providerFundAccountId: { not: null } },
        data: { providerContactId: null, providerFundAccountId: null },
      });
    }
    const saved = await tx.payoutRailAccount.upsert({
      where: { tenantId: scope.tenantId },
      create: { tenantId: scope.tenantId, ...data },
      update: data,
    });
    await recordAudit(tx, scope, {
      action: 'payouts.razorpayx_saved',
      entityType: 'PayoutRailAccount',
      entityId: scope.tenantId,
      after: { keyId: c.keyId, accountNumber: `…${c.accountNumber.slice(-4)}` },
    });
    return saved;
  });
  return railView(row)!;
}

/** The stored account number, or null when the row no longer opens (its key was dropped): replaced then. */
function storedAccountNumber(keyring: CredentialKeyring, a: PayoutRailAccount): string | null {
  try {
    return openRailCredentials(keyring, a).accountNumber;
  } catch {
    return null;
  }
}

/** The stored account's credentials, opened; throws when its key is missing or the row was tampered with. */
export function openRailCredentials(keyring: CredentialKeyring | null, a: PayoutRailAccount): RazorpayXCredentials {
  if (!keyring) throw new AppError('INTERNAL', 'PAYMENT_CREDENTIALS_KEYS is not set, so RazorpayX cannot be used');
  const secrets = openSecrets(keyring, sealedSchema.parse(a.sealed), railAccountAad(a.tenantId));
  return razorpayXCredentialsSchema.parse({ keyId: a.keyId, ...secrets });
}

/** Where RazorpayX calls go: its own host, or a local server in tests. */
export type RailEndpoints = { razorpayx?: string; retryDelaysMs?: readonly number[]; timeoutMs?: number };

/** The tenant's RazorpayX client, or null when it has no account (or the deployment no keys). */
export async function razorpayXForTenant({
  db,
  tenantId,
  keyring,
  endpoints = {},
}: {
  db: Db;
  tenantId: string;
  keyring: CredentialKeyring | null;
  endpoints?: RailEndpoints;
}): Promise<PayoutProvider | null> {
  if (!keyring) return null;
  const account = await db.payoutRailAccount.findUnique({ where: { tenantId } });
  if (!account) return null;
  return createRazorpayXProvider({
    ...openRailCredentials(keyring, account),
    baseUrl: endpoints.razorpayx,
    retryDelaysMs: endpoints.retryDelaysMs,
    timeoutMs: endpoints.timeoutMs,
  });
}

/** Test connection: a harmless RazorpayX call with the stored account; the outcome is kept for the page. */
export async function testRazorpayXAccount({
  db,
  scope,
  keyring,
  endpoints = {},
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  keyring: CredentialKeyring | null;
  endpoints?: RailEndpoints;
  now?: Date;
}) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const account = await sdb.payoutRailAccount.findFirst({});
  if (!account) throw new AppError('NOT_FOUND', 'No RazorpayX account is saved');
  if (!keyring) throw new AppError('CONFLICT', NO_KEYS);
  const c = openRailCredentials(keyring, account);
  const r = await checkRazorpayXAccount({ ...c, baseUrl: endpoints.razorpayx, timeoutMs: endpoints.timeoutMs });
  await sdb.payoutRailAccount.update({
    where: { tenantId: scope.tenantId },
    data: { lastTestedAt: now, lastTestOk: r.ok, lastTestMessage: r.message.slice(0, 300) },
  });
  return { ok: r.ok, message: r.message };
}

export const setPayoutRailInput = z.object({ rail: z.enum(PAYOUT_RAILS) }).strict();

/** Chooses the rail the next payout runs use. RazorpayX needs a saved account that passed its test. */
export async function setPayoutRail({
  db,
  scope,
  keyring,
  input,
}: {
  db: Db;
  scope: Scope;
  keyring: CredentialKeyring | null;
  input: z.input<typeof setPayoutRailInput>;
}) {
  assertAdmin(scope);
  const { rail } = setPayoutRailInput.parse(input);
  const sdb = scopedDb(db, scope);
  if (rail === 'RAZORPAYX') {
    const account = await sdb.payoutRailAccount.findFirst({});
    if (!account) throw new AppError('CONFLICT', 'Save your RazorpayX account before paying through it');
    if (!account.lastTestOk)
      throw new AppError('CONFLICT', 'Test the RazorpayX account (Test connection) before paying through it');
  }
  if (rail === 'RAZORPAY_ROUTE') await assertRouteEligible(db, scope.tenantId);
  await sdb.$transaction(async (tx) => {
    await tx.settlementConfig.upsert({
      where: { tenantId: scope.tenantId },
      create: { tenantId: scope.tenantId, payoutRail: rail },
      update: { payoutRail: rail },
    });
    await recordAudit(tx, scope, { action: 'payouts.rail_set', entityType: 'SettlementConfig', after: { rail } });
  });
  return getPayoutRailSettings({ db, scope, keyring });
}

/** Forgets the RazorpayX account; refused while it is the rail in use. */
export async function removeRazorpayXAccount({
  db,
  scope,
  keyring,
}: {
  db: Db;
  scope: Scope;
  keyring: CredentialKeyring | null;
}) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const config = await sdb.settlementConfig.findFirst({ select: { payoutRail: true } });
  if (config?.payoutRail === 'RAZORPAYX') {
    throw new AppError('CONFLICT', 'Choose another payout rail before removing the RazorpayX account');
  }
  await sdb.$transaction(async (tx) => {
    const { count } = await tx.payoutRailAccount.deleteMany({});
    if (count === 0) throw new AppError('NOT_FOUND', 'No RazorpayX account is saved');
    await recordAudit(tx, scope, {
      action: 'payouts.razorpayx_removed',
      entityType: 'PayoutRailAccount',
      entityId: scope.tenantId,
    });
  });
  return getPayoutRailSettings({ db, scope, keyring });
}

/**
 * After a new key is put first in PAYMENT_CREDENTIALS_KEYS: re-wraps each RazorpayX account's data
 * key under it (as rewrapPaymentAccounts does for gateway accounts), so the old key can be removed.
 */
export async function rewrapPayoutRailAccounts({ db, keyring }: { db: Db; keyring: CredentialKeyring }) {
  const stale = await db.payoutRailAccount.findMany({
    where: { kekId: { not: keyring.current.id } },
    select: { tenantId: true, sealed: true, kekId: true },
  });
  for (const a of stale) {
    const sealed = rewrapSecrets(keyring, sealedSchema.parse(a.sealed), railAccountAad(a.tenantId));
    await db.payoutRailAccount.updateMany({
      where: { tenantId: a.tenantId, kekId: a.kekId },
      data: { sealed, kekId: sealed.kekId },
    });
  }
  return { rewrapped: stale.length };
}

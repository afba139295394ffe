import type { Db, PaymentAccountModel as PaymentAccount } from '@magma/db';
import {
  accountCredentialsSchema,
  accountProvider,
  openSecrets,
  sealedSchema,
  type AccountCredentials,
  type CredentialKeyring,
  type GatewayEndpoints,
  type PaymentProvider,
  type ProviderName,
} from '@magma/payments';
import { AppError } from '../../errors/app-error.ts';

// Which gateway account a tenant's drivers pay through, and which account a payment, a refund or a
// webhook belongs to. Built once per process from the deployment's configuration; every answer is
// read from the tenant's own settings (Tenant.paymentsMode and its PaymentAccount rows).

export type PlatformProviderName = Exclude<ProviderName, 'TEST'>;

export type GatewayRegistryConfig = {
  /** Opens the accounts' sealed secrets; null when PAYMENT_CREDENTIALS_KEYS is not set (no own accounts then). */
  keyring: CredentialKeyring | null;
  /** The platform's own marketplace accounts, from the environment, for tenants in PLATFORM_ACCOUNT mode. */
  platform: Partial<Record<PlatformProviderName, PaymentProvider>>;
  /** The offline test gateway, for tenants in TEST_MODE only; null where the deployment has none. */
  test: PaymentProvider | null;
  environment: 'sandbox' | 'production';
  /** Local servers in tests; the gateways' own hosts otherwise. */
  endpoints?: GatewayEndpoints;
};

export type TenantGateway =
  | { ok: true; gateway: PaymentProvider; paymentAccountId: string | null; testMode: boolean }
  | { ok: false; reason: string };

export const PAYMENTS_NOT_SET_UP =
  'Payments are not set up here yet, so charging cannot be started. Nothing has been charged. Please contact the operator.';

export type GatewayRegistry = {
  readonly config: GatewayRegistryConfig;
  /** The gateway a driver pays through at this tenant (the site's default account before the tenant's). */
  forTenant(input: { db: Db; tenantId: string; chargerId?: string | null }): Promise<TenantGateway>;
  /** The gateway that took this payment: its refunds and status syncs go to the same account. */
  ofPayment(input: { db: Db; paymentId: string }): Promise<PaymentProvider>;
  /**
   * The gateway whose secret verifies a webhook: the tenant's account named in the URL, or with no
   * account the platform's (or the test gateway in test mode). Null: nothing here to verify it with.
   */
  forWebhook(input: {
    db: Db;
    tenantId: string;
    provider: ProviderName;
    accountId?: string | null;
  }): Promise<PaymentProvider | null>;
  /** An account's gateway client, its secrets opened (cached per account version). */
  ofAccount(account: PaymentAccount): PaymentProvider;
};

export function accountAad(a: { tenantId: string; id: string }): string {
  return `magma:payment-account:${a.tenantId}/${a.id}`;
}

/** The account's credentials, opened; throws when its key is missing or the row was tampered with. */
export function openAccountCredentials(keyring: CredentialKeyring | null, a: PaymentAccount): AccountCredentials {
  if (!keyring)
    throw new AppError('INTERNAL', 'PAYMENT_CREDENTIALS_KEYS is not set, so payment accounts cannot be opened');
  const sealed = sealedSchema.parse(a.sealed);
  const secrets = openSecrets(keyring, sealed, accountAad(a));
  return accountCredentialsSchema.parse({ provider: a.provider, publicId: a.publicId, secrets });
}

export function createGatewayRegistry(config: GatewayRegistryConfig): GatewayRegistry {
  const cache = new Map<string, { version: number; gateway: PaymentProvider }>();

  function ofAccount(a: PaymentAccount): PaymentProvider {
    const version = a.updatedAt.getTime();
    const hit = cache.get(a.id);
    if (hit && hit.version === version) return hit.gateway;
    const gateway = accountProvider({
      credentials: openAccountCredentials(config.keyring, a),
      environment: a.environment === 'sandbox' ? 'sandbox' : 'production',
      endpoints: config.endpoints,
    });
    cache.set(a.id, { version, gateway });
    return gateway;
  }

  function platformGateway(provider?: ProviderName): PaymentProvider | null {
    const order: PlatformProviderName[] = ['RAZORPAY', 'PHONEPE', 'JUSPAY'];
    if (provider) return provider === 'TEST' ? null : (config.platform[provider] ?? null);
    for (const name of order) if (config.platform[name]) return config.platform[name];
    return null;
  }

  async function defaultAccount(db: Db, tenantId: string, chargerId?: string | null) {
    const siteId = chargerId
      ? ((await db.charger.findFirst({ where: { id: chargerId, tenantId }, select: { siteId: true } }))?.siteId ?? null)
      : null;
    const defaults = await db.paymentAccount.findMany({
      where: { tenantId, isDefault: true, disabledAt: null, OR: [{ siteId: null }, ...(siteId ? [{ siteId }] : [])] },
    });
    return defaults.find((a) => siteId && a.siteId === siteId) ?? defaults.find((a) => a.siteId === null) ?? null;
  }

  return {
    config,
    ofAccount,

    async forTenant({ db, tenantId, chargerId }) {
      const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { paymentsMode: true } });
      if (!tenant) throw new AppError('NOT_FOUND', 'Unknown operator');
      switch (tenant.paymentsMode) {
        case 'TEST_MODE':
          return config.test
            ? { ok: true, gateway: config.test, paymentAccountId: null, testMode: true }
            : { ok: false, reason: 'test mode is chosen but this deployment has no test gateway' };
        case 'PLATFORM_ACCOUNT': {
          const gateway = platformGateway();
          return gateway
            ? { ok: true, gateway, paymentAccountId: null, testMode: false }
            : { ok: false, reason: 'the platform account is chosen but the platform has no gateway keys' };
        }
        case 'OWN_ACCOUNTS': {
          if (!config.keyring) return { ok: false, reason: 'PAYMENT_CREDENTIALS_KEYS is not set' };
          const account = await defaultAccount(db, tenantId, chargerId);
          if (!account) return { ok: false, reason: 'no default payment account is chosen' };
          return { ok: true, gateway: ofAccount(account), paymentAccountId: account.id, testMode: false };
        }
        case 'NONE':
          return { ok: false, reason: 'payments are not set up' };
      }
    },

    async ofPayment({ db, paymentId }) {
      const p = await db.payment.findUniqueOrThrow({
        where: { id: paymentId },
        select: { provider: true, tenantId: true, account: true },
      });
      if (p.account) {
        if (p.account.tenantId !== p.tenantId)
          throw new AppError('INTERNAL', 'A payment names another tenant’s account');
        return ofAccount(p.account);
      }
      const gateway = p.provider === 'TEST' ? config.test : platformGateway(p.provider);
      if (!gateway) throw new AppError('INTERNAL', `No ${p.provider} gateway is configured for payment ${paymentId}`);
      return gateway;
    },

    async forWebhook({ db, tenantId, provider, accountId }) {
      if (accountId) {
        const account = await db.paymentAccount.findFirst({ where: { id: accountId, tenantId, provider } });
        return account ? ofAccount(account) : null;
      }
      if (provider === 'TEST') {
        const t = await db.tenant.findUnique({ where: { id: tenantId }, select: { paymentsMode: true } });
        // The test gateway's approvals are accepted where a payment could have been made with it.
        const took =
          t?.paymentsMode === 'TEST_MODE' || (await db.payment.count({ where: { tenantId, provider: 'TEST' } })) > 0;
        return took ? config.test : null;
      }
      return platformGateway(provider);
    },
  };
}

import { Badge, Card, CardTitle, EmptyState } from '@magma/ui';
import { headers } from 'next/headers';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { originOf } from '@/server/driver.ts';
import { AccountActions, AddAccountForm, ModeChoice } from './account-form.tsx';

export const metadata = { title: 'Payments' };

const PROVIDER_LABEL = { RAZORPAY: 'Razorpay', PHONEPE: 'PhonePe PG', JUSPAY: 'Juspay', TEST: 'Test gateway' } as const;

const MODE_TEXT = {
  OWN_ACCOUNTS: 'Drivers pay through your own gateway account marked Default.',
  PLATFORM_ACCOUNT: 'Drivers pay through the platform’s account; the platform collects and pays you out.',
  TEST_MODE: 'Test mode: no money moves. Every driver page shows a test-mode banner.',
  NONE: 'Payments are not set up: drivers are told so and cannot start a paid session.',
} as const;

export default async function PaymentsPage() {
  await requireAdmin();
  const api = await serverApi();
  const [{ paymentsMode, accounts }, sites] = await Promise.all([api.paymentAccounts.list(), api.site.list()]);
  const siteOptions = sites.map((s) => ({ id: s.id, name: s.name }));
  const siteName = new Map(siteOptions.map((s) => [s.id, s.name]));
  const origin = originOf(await headers());
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <div className="space-y-8 min-w-0">
        <Card>
          <CardTitle description={MODE_TEXT[paymentsMode]}>How drivers pay</CardTitle>
          <ModeChoice mode={paymentsMode} />
        </Card>
        <Card>
          <CardTitle description="Secrets are encrypted when saved and never shown again; only their last four characters are.">
            Your gateway accounts
          </CardTitle>
          {accounts.length === 0 ? (
            <EmptyState title="No gateway account yet">Add your Razorpay, PhonePe or Juspay account.</EmptyState>
          ) : (
            <ul className="space-y-3">
              {accounts.map((a) => (
                <li
                  key={a.id}
                  data-account={a.label}
                  className="grid gap-3 rounded-lg border border-line p-4 md:grid-cols-[1fr_auto]"
                >
                  <div className="min-w-0 space-y-2">
                    <div>
                      <span className="font-medium">{a.label}</span>{' '}
                      {a.isDefault ? (
                        <span data-testid="default-badge">
                          <Badge tone="good">
                            {a.siteId ? `Default at ${siteName.get(a.siteId) ?? 'a site'}` : 'Default'}
                          </Badge>
                        </span>
                      ) : null}
                      <div className="text-xs text-muted">
                        {PROVIDER_LABEL[a.provider]} · {a.environment === 'sandbox' ? 'Sandbox' : 'Live'}
                      </div>
                    </div>
                    <div className="text-xs">
                      <span className="font-mono break-all">{a.publicId}</span>
                      <span className="font-mono" data-testid="secret-hint">
                        {' '}
                        · secret {a.secretHint}
                      </span>
                      <span className="text-muted"> · encrypted with key {a.keyId}</span>
                    </div>
                    <div className="text-xs">
                      <div className="text-muted">Webhook URL (give it to the gateway)</div>
                      <span className="font-mono break-all" data-testid="webhook-url">
                        {origin}
                        {a.webhookPath}
                      </span>
                    </div>
                    {a.lastTestedAt ? (
                      <div
                        className={`text-xs ${a.lastTestOk ? 'text-muted' : 'text-red-600'}`}
                        data-testid="last-test"
                      >
                        Last test: {a.lastTestMessage}
                      </div>
                    ) : null}
                  </div>
                  <AccountActions id={a.id} label={a.label} isDefault={a.isDefault && !a.siteId} sites={siteOptions} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card className="h-fit">
        <CardTitle description="Use the keys from your gateway’s dashboard. Give the gateway this account’s webhook URL once it is added.">
          Add an account
        </CardTitle>
        <AddAccountForm />
      </Card>
    </div>
  );
}

import { Badge, Card, CardTitle, EmptyState, Table, Td, Th } from '@magma/ui';
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
  const { paymentsMode, accounts } = await api.paymentAccounts.list();
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
            <div className="overflow-x-auto">
              <Table>
                <thead>
                  <tr>
                    <Th>Account</Th>
                    <Th>Keys</Th>
                    <Th>Webhook URL</Th>
                    <Th />
                  </tr>
                </thead>
                <tbody>
                  {accounts.map((a) => (
                    <tr key={a.id} data-account={a.label}>
                      <Td className="align-top">
                        <div className="font-medium">
                          {a.label} {a.isDefault ? <Badge tone="good">Default</Badge> : null}
                        </div>
                        <div className="text-xs text-muted">
                          {PROVIDER_LABEL[a.provider]} · {a.environment === 'sandbox' ? 'Sandbox' : 'Live'}
                        </div>
                        {a.lastTestedAt ? (
                          <div
                            className={`text-xs ${a.lastTestOk ? 'text-muted' : 'text-red-600'}`}
                            data-testid="last-test"
                          >
                            {a.lastTestMessage}
                          </div>
                        ) : null}
                      </Td>
                      <Td className="align-top text-xs">
                        <div className="font-mono break-all">{a.publicId}</div>
                        <div className="font-mono" data-testid="secret-hint">
                          secret {a.secretHint}
                        </div>
                        <div className="text-muted">encrypted with key {a.keyId}</div>
                      </Td>
                      <Td className="align-top">
                        <span className="font-mono text-xs break-all" data-testid="webhook-url">
                          {origin}
                          {a.webhookPath}
                        </span>
                      </Td>
                      <Td className="align-top text-right">
                        <AccountActions id={a.id} label={a.label} isDefault={a.isDefault} />
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
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

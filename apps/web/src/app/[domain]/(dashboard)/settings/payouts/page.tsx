import { Badge, Card, CardTitle, EmptyState } from '@magma/ui';
import { headers } from 'next/headers';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { originOf } from '@/server/driver.ts';
import {
  OperatorLinkedAccountForm,
  RailChoice,
  RazorpayXActions,
  RazorpayXForm,
  RouteLinkedAccounts,
} from './rail-forms.tsx';

export const metadata = { title: 'Payouts' };

const RAIL_TEXT = {
  OFFLINE:
    'Each payout run gives you a bank upload file; you mark each payout paid with its UTR once your bank has sent it.',
  RAZORPAYX:
    'Each payout run is sent through your RazorpayX account within a minute; RazorpayX reports each payout back (paid with its UTR, or failed and returned to the vendor’s balance).',
  RAZORPAY_ROUTE:
    'Each payout run transfers every vendor’s share out of its sessions’ payments on the platform’s Razorpay account to the vendor’s Route linked account, and your own share to yours, released when the week has closed; a failed transfer returns to the balance, and what the payments cannot cover is shown on the run and paid by the next one.',
} as const;

export default async function PayoutsSettingsPage() {
  await requireAdmin();
  const api = await serverApi();
  const { rail, canStoreSecrets, razorpayx } = await api.payoutRail.get();
  const origin = originOf(await headers());
  const linked = rail === 'RAZORPAY_ROUTE' ? await api.payoutRail.routeLinkedAccounts() : null;
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <div className="min-w-0 space-y-8">
        <Card>
          <CardTitle description={RAIL_TEXT[rail]}>How vendors are paid</CardTitle>
          <RailChoice rail={rail} razorpayxReady={razorpayx?.lastTestOk === true} />
        </Card>
        {rail === 'RAZORPAY_ROUTE' ? (
          <Card>
            <CardTitle description="Each vendor is paid into its own linked account on the platform’s Razorpay account; a payout run skips vendors without one.">
              Razorpay Route linked accounts
            </CardTitle>
            <RouteLinkedAccounts />
          </Card>
        ) : null}
        {linked ? (
          <Card>
            <CardTitle description="Your share of each captured payment (what is left after the vendors’ shares and the platform’s fees: your revenue, the GST you collected and the TDS you withheld) is transferred here at each payout run.">
              Your linked account
            </CardTitle>
            {linked.operator ? (
              <div className="text-sm" data-testid="operator-linked-account">
                <span className="font-mono break-all">{linked.operator.accountId}</span>{' '}
                <Badge tone={linked.operator.status === 'activated' ? 'good' : 'warn'}>
                  {linked.operator.status ?? 'requested'}
                </Badge>
              </div>
            ) : (
              <OperatorLinkedAccountForm />
            )}
          </Card>
        ) : null}
        <Card>
          <CardTitle description="Secrets are encrypted when saved and never shown again; only their last four characters are.">
            Your RazorpayX account
          </CardTitle>
          {!razorpayx ? (
            <EmptyState title="No RazorpayX account yet">
              Add your RazorpayX API key and account number to pay vendors automatically.
            </EmptyState>
          ) : (
            <div
              className="grid gap-3 rounded-lg border border-line p-4 md:grid-cols-[1fr_auto]"
              data-testid="razorpayx-account"
            >
              <div className="min-w-0 space-y-2">
                <div>
                  <span className="font-medium">RazorpayX</span>{' '}
                  {rail === 'RAZORPAYX' ? <Badge tone="good">In use</Badge> : null}
                </div>
                <div className="text-xs">
                  <span className="font-mono break-all">{razorpayx.keyId}</span>
                  <span className="font-mono" data-testid="secret-hint">
                    {' '}
                    · secret {razorpayx.secretHint} · account {razorpayx.accountNumberHint}
                  </span>
                  <span className="text-muted"> · encrypted with key {razorpayx.sealedWith}</span>
                </div>
                <div className="text-xs">
                  <div className="text-muted">
                    Webhook URL (RazorpayX dashboard → Webhooks: payout.processed, payout.failed, payout.reversed,
                    payout.updated; the same webhook secret)
                  </div>
                  <span className="font-mono break-all" data-testid="webhook-url">
                    {origin}
                    {razorpayx.webhookPath}
                  </span>
                </div>
                {razorpayx.lastTestedAt ? (
                  <div
                    className={`text-xs ${razorpayx.lastTestOk ? 'text-muted' : 'text-red-600'}`}
                    data-testid="last-test"
                  >
                    Last test: {razorpayx.lastTestMessage}
                  </div>
                ) : null}
              </div>
              <RazorpayXActions inUse={rail === 'RAZORPAYX'} />
            </div>
          )}
        </Card>
      </div>
      <Card className="h-fit">
        <CardTitle description="From the RazorpayX dashboard: Settings → API keys, and the business account number payouts are debited from.">
          {razorpayx ? 'Replace the account' : 'Add your RazorpayX account'}
        </CardTitle>
        <RazorpayXForm replacing={razorpayx !== null} canStoreSecrets={canStoreSecrets} />
      </Card>
    </div>
  );
}

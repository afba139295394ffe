'use client';

import type { FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input } from '@magma/ui';
import { ConfirmButton } from '@/components/confirm-dialog.tsx';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

type Rail = 'OFFLINE' | 'RAZORPAYX' | 'RAZORPAY_ROUTE';

const RAIL_LABEL: Record<Rail, string> = {
  OFFLINE: 'Bank upload file',
  RAZORPAYX: 'RazorpayX',
  // Only where drivers pay through the platform's Razorpay account: refused otherwise, the reason shown.
  RAZORPAY_ROUTE: 'Razorpay Route',
};

/** The rail the next payout runs use; RazorpayX only once its account passed Test connection. */
export function RailChoice({ rail, razorpayxReady }: { rail: Rail; razorpayxReady: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const set = useMutation(trpc.payoutRail.setRail.mutationOptions({ onSuccess: refresh }));
  return (
    <div className="space-y-2">
      {set.error ? <Alert>{errorMessage(set.error)}</Alert> : null}
      <div className="flex flex-wrap gap-2" role="group" aria-label="Payout rail">
        {(['OFFLINE', 'RAZORPAYX', 'RAZORPAY_ROUTE'] as const).map((r) => (
          <Button
            key={r}
            size="sm"
            variant={r === rail ? undefined : 'ghost'}
            aria-pressed={r === rail}
            disabled={r === rail || (r === 'RAZORPAYX' && !razorpayxReady)}
            busy={set.isPending && set.variables?.rail === r}
            onClick={() => set.mutate({ rail: r })}
          >
            {r === rail ? `${RAIL_LABEL[r]} (in use)` : `Pay through ${RAIL_LABEL[r]}`}
          </Button>
        ))}
      </div>
      {!razorpayxReady && rail !== 'RAZORPAYX' ? (
        <p className="text-xs text-muted">Save your RazorpayX account and pass Test connection to pay through it.</p>
      ) : null}
    </div>
  );
}

/** Razorpay Route: makes the linked account of every vendor that has none, and says who was left out. */
export function RouteLinkedAccounts() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const make = useMutation(trpc.payoutRail.createRouteLinkedAccounts.mutationOptions({ onSuccess: refresh }));
  return (
    <div className="space-y-2">
      {make.error ? <Alert>{errorMessage(make.error)}</Alert> : null}
      {make.data ? (
        <p className="text-sm" role="status">
          {make.data.created} linked account{make.data.created === 1 ? '' : 's'} made.
          {make.data.skipped.length > 0
            ? ` Not made (bank account, contact email and phone, and a site address with its PIN code needed): ${make.data.skipped.join(', ')}.`
            : ''}
        </p>
      ) : null}
      <Button size="sm" busy={make.isPending} onClick={() => make.mutate()}>
        Make vendors’ linked accounts
      </Button>
    </div>
  );
}

/** Key id, key secret, source account number and webhook secret: sent once, never shown again. */
export function RazorpayXForm({ replacing, canStoreSecrets }: { replacing: boolean; canStoreSecrets: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const test = useMutation(trpc.payoutRail.testRazorpayX.mutationOptions({ onSettled: refresh }));
  const save = useMutation(
    trpc.payoutRail.saveRazorpayX.mutationOptions({
      onSuccess: () => {
        refresh();
        // Validate at once with a call that moves no money.
        test.mutate();
      },
    }),
  );
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '');
    save.mutate(
      {
        keyId: text('keyId'),
        keySecret: text('keySecret'),
        accountNumber: text('accountNumber'),
        webhookSecret: text('webhookSecret'),
      },
      { onSuccess: () => form.reset() },
    );
  }
  if (!canStoreSecrets) {
    return (
      <Alert>
        This deployment has no PAYMENT_CREDENTIALS_KEYS, so RazorpayX secrets cannot be stored. Ask the platform’s admin
        to set it.
      </Alert>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" autoComplete="off">
      {save.error ? <Alert>{errorMessage(save.error)}</Alert> : null}
      {save.isSuccess ? (
        <Alert tone="success">Saved. The secrets are encrypted and will not be shown again.</Alert>
      ) : null}
      {test.data ? (
        <div data-testid="save-test-result">
          <Alert tone={test.data.ok ? 'success' : 'error'}>{test.data.message}</Alert>
        </div>
      ) : null}
      <Field label="Key id (rzp_live_… or rzp_test_…)">
        <Input name="keyId" required maxLength={64} />
      </Field>
      <Field label="Key secret">
        <Input name="keySecret" type="password" required maxLength={200} autoComplete="new-password" />
      </Field>
      <Field label="RazorpayX account number (payouts are debited from it)">
        <Input name="accountNumber" type="password" required maxLength={35} autoComplete="new-password" />
      </Field>
      <Field label="Webhook secret">
        <Input name="webhookSecret" type="password" required maxLength={200} autoComplete="new-password" />
      </Field>
      <Button type="submit" busy={save.isPending || test.isPending}>
        {replacing ? 'Replace account' : 'Save account'}
      </Button>
    </form>
  );
}

export function RazorpayXActions({ inUse }: { inUse: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const test = useMutation(trpc.payoutRail.testRazorpayX.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.payoutRail.removeRazorpayX.mutationOptions({ onSuccess: refresh }));
  return (
    <div className="flex flex-col gap-2 md:items-end">
      <div className="flex flex-wrap gap-1 md:justify-end">
        <Button size="sm" busy={test.isPending} onClick={() => test.mutate()}>
          Test connection
        </Button>
        {inUse ? null : (
          <ConfirmButton
            size="sm"
            variant="ghost"
            busy={remove.isPending}
            error={remove.error}
            confirm={{
              title: 'Forget the RazorpayX account?',
              body: 'Its sealed keys are deleted from Magma. Payouts already sent keep their status; paying through RazorpayX again needs the account saved again.',
              confirmLabel: 'Forget the account',
            }}
            onConfirm={() => remove.mutate()}
          >
            Remove
          </ConfirmButton>
        )}
      </div>
      {test.error ? <Alert>{errorMessage(test.error)}</Alert> : null}
      {test.data ? (
        <div data-testid="test-result" className="md:max-w-xs">
          <Alert tone={test.data.ok ? 'success' : 'error'}>{test.data.message}</Alert>
        </div>
      ) : null}
    </div>
  );
}

'use client';

import type { FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
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

const BUSINESS_TYPES = [
  ['private_limited', 'Private limited company'],
  ['public_limited', 'Public limited company'],
  ['llp', 'LLP'],
  ['partnership', 'Partnership'],
  ['proprietorship', 'Proprietorship'],
  ['individual', 'Individual'],
  ['trust', 'Trust'],
  ['society', 'Society'],
] as const;

/**
 * Razorpay Route: the operator's own linked account, which each payout run transfers the operator's
 * share into (what is left of the captured payments after vendors' shares and the platform's fees).
 */
export function OperatorLinkedAccountForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const make = useMutation(trpc.payoutRail.createOperatorLinkedAccount.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    make.mutate({
      legalBusinessName: text('legalBusinessName'),
      businessType: text('businessType') as (typeof BUSINESS_TYPES)[number][0],
      ...(text('pan') ? { pan: text('pan') } : {}),
      contactName: text('contactName'),
      email: text('email'),
      phone: text('phone'),
      address: {
        street1: text('street1'),
        street2: text('street2'),
        city: text('city'),
        state: text('state'),
        postalCode: text('postalCode'),
      },
      bank: {
        accountNumber: text('accountNumber'),
        ifsc: text('ifsc'),
        beneficiaryName: text('beneficiaryName'),
      },
    });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" autoComplete="off" data-testid="operator-linked-account-form">
      {make.error ? <Alert>{errorMessage(make.error)}</Alert> : null}
      <div className="grid gap-3 md:grid-cols-2">
        <Field label="Legal business name">
          <Input name="legalBusinessName" required minLength={4} maxLength={200} />
        </Field>
        <Field label="Business type">
          <Select name="businessType" defaultValue="private_limited">
            {BUSINESS_TYPES.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="PAN (optional)">
          <Input name="pan" maxLength={10} pattern="[A-Za-z]{5}[0-9]{4}[A-Za-z]" />
        </Field>
        <Field label="Contact name">
          <Input name="contactName" required minLength={4} maxLength={255} />
        </Field>
        <Field label="Contact email">
          <Input name="email" type="email" required maxLength={132} />
        </Field>
        <Field label="Contact phone">
          <Input name="phone" type="tel" required pattern="\+?[0-9]{8,15}" />
        </Field>
        <Field label="Address line 1">
          <Input name="street1" required maxLength={100} />
        </Field>
        <Field label="Address line 2">
          <Input name="street2" required maxLength={100} />
        </Field>
        <Field label="City">
          <Input name="city" required maxLength={100} />
        </Field>
        <Field label="State">
          <Input name="state" required maxLength={32} />
        </Field>
        <Field label="PIN code">
          <Input name="postalCode" required inputMode="numeric" pattern="[1-9][0-9]{5}" />
        </Field>
        <Field label="Settlement account number">
          <Input name="accountNumber" required inputMode="numeric" pattern="[0-9]{9,18}" />
        </Field>
        <Field label="IFSC">
          <Input name="ifsc" required maxLength={11} />
        </Field>
        <Field label="Account holder’s name">
          <Input name="beneficiaryName" required minLength={3} maxLength={120} />
        </Field>
      </div>
      <Button type="submit" busy={make.isPending}>
        Make the operator’s linked account
      </Button>
    </form>
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

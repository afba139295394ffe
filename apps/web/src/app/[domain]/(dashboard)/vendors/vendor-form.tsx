'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

export function VendorForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation(
    trpc.vendor.create.mutationOptions({ onSuccess: (v) => (setDone(`${v.name} added.`), refresh()) }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    const share = Number(f.get('share'));
    setDone(null);
    create.mutate(
      {
        name: text('name') ?? '',
        legalName: text('legalName') ?? '',
        pan: text('pan'),
        gstNumber: text('gstNumber'),
        contactEmail: text('contactEmail'),
        revenueShareBps: Number.isFinite(share) ? Math.round(share * 100) : 7000,
      },
      { onSuccess: () => (e.target as HTMLFormElement).reset() },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3">
      {create.error ? <Alert>{errorMessage(create.error)}</Alert> : null}
      {done ? <Alert tone="success">{done}</Alert> : null}
      <Field label="Name">
        <Input name="name" required placeholder="Sunrise Malls" />
      </Field>
      <Field label="Legal name">
        <Input name="legalName" required placeholder="Sunrise Malls Pvt Ltd" />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="PAN">
          <Input name="pan" placeholder="ABCDE1234F" />
        </Field>
        <Field label="GSTIN">
          <Input name="gstNumber" />
        </Field>
      </div>
      <Field label="Contact email">
        <Input name="contactEmail" type="email" />
      </Field>
      <Field label="Revenue share (%)" hint="The vendor's share of net session revenue.">
        <Input name="share" type="number" min={0} max={100} step={0.01} defaultValue={70} />
      </Field>
      <Button type="submit" busy={create.isPending}>
        Add vendor
      </Button>
    </form>
  );
}

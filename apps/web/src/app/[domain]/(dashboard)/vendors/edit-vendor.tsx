'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Input } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

/** Inline edit of a vendor's contact and revenue share, opened from its row. */
export function EditVendorButton({
  vendor,
}: {
  vendor: { id: string; name: string; contactEmail: string | null; revenueShareBps: number };
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const update = useMutation(trpc.vendor.update.mutationOptions({ onSuccess: () => (setOpen(false), refresh()) }));

  if (!open) {
    return (
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        Edit
      </Button>
    );
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const share = Number(f.get('share'));
    update.mutate({
      id: vendor.id,
      patch: {
        name: String(f.get('name') ?? '').trim(),
        contactEmail: String(f.get('contactEmail') ?? '').trim() || undefined,
        revenueShareBps: Math.round(share * 100),
      },
    });
  }

  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-wrap items-center justify-end gap-2"
      aria-label={`Edit ${vendor.name}`}
    >
      <Input name="name" defaultValue={vendor.name} aria-label="Name" className="w-36 py-1" required />
      <Input
        name="contactEmail"
        type="email"
        defaultValue={vendor.contactEmail ?? ''}
        aria-label="Contact email"
        className="w-44 py-1"
      />
      <Input
        name="share"
        type="number"
        min={0}
        max={100}
        step={0.01}
        defaultValue={vendor.revenueShareBps / 100}
        aria-label="Revenue share (%)"
        className="w-20 py-1"
      />
      <Button size="sm" busy={update.isPending}>
        Save
      </Button>
      <Button type="button" variant="ghost" size="sm" onClick={() => setOpen(false)}>
        Cancel
      </Button>
      {update.error ? (
        <span className="w-full text-right text-sm text-red-600">{errorMessage(update.error)}</span>
      ) : null}
    </form>
  );
}

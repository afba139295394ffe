'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/react.tsx';
import { ConfirmButton } from '@/components/confirm-dialog.tsx';
import { useRefresh } from '@/components/use-action.ts';

export function DeleteVendorButton({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const del = useMutation(trpc.vendor.delete.mutationOptions({ onSuccess: refresh }));
  return (
    <ConfirmButton
      variant="ghost"
      size="sm"
      busy={del.isPending}
      error={del.error}
      confirm={{
        title: `Remove ${name}?`,
        body: 'Its users lose access at once; its sites and chargers stay with you.',
        confirmLabel: 'Remove vendor',
      }}
      onConfirm={() => del.mutate({ id })}
    >
      Remove
    </ConfirmButton>
  );
}

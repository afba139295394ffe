'use client';

import { useMutation } from '@tanstack/react-query';
import { Button } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

export function DeleteVendorButton({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const del = useMutation(
    trpc.vendor.delete.mutationOptions({ onSuccess: refresh, onError: (e) => alert(errorMessage(e)) }),
  );
  return (
    <Button
      variant="ghost"
      size="sm"
      busy={del.isPending}
      onClick={() => {
        if (confirm(`Remove ${name}? Its users lose access; its sites and chargers stay with you.`)) del.mutate({ id });
      }}
    >
      Remove
    </Button>
  );
}

'use client';

import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';

// A data-erasure request for one card (OCPP 2.0.1 CustomerInformation clear on every charger that
// saw it): asked for twice (erasing cannot be undone), then each charger's answer listed.

export function EraseCustomerDataButton({ id, token }: { id: string; token: string }) {
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const erase = useMutation(trpc.customerInformation.erase.mutationOptions({ onSettled: () => setConfirming(false) }));
  const chargers = erase.data?.chargers;
  return (
    <span className="inline-flex flex-col items-end gap-1 text-left">
      <Button
        size="sm"
        variant={confirming ? 'danger' : 'ghost'}
        busy={erase.isPending}
        aria-label={confirming ? `Confirm erase of ${token}'s data on chargers` : `Erase data of ${token} on chargers`}
        onClick={() => (confirming ? erase.mutate({ idTokenId: id }) : setConfirming(true))}
      >
        {confirming ? 'Confirm erase' : 'Erase data'}
      </Button>
      {erase.error ? (
        <span role="alert" className="text-sm text-red-700">
          {erase.error.message}
        </span>
      ) : null}
      {chargers ? (
        <span className="block max-w-xs text-xs text-muted" data-testid="erasure-result">
          {chargers.length === 0
            ? 'No charger has seen this card: nothing to erase.'
            : chargers.map((c) => (
                <span key={c.chargerId} className="block">
                  {c.identity}:{' '}
                  {c.outcome === 'OCPP16'
                    ? 'OCPP 1.6, has no CustomerInformation'
                    : c.request?.answer === 'Accepted'
                      ? 'erased'
                      : (c.request?.answer ?? '—')}
                </span>
              ))}
        </span>
      ) : null}
    </span>
  );
}

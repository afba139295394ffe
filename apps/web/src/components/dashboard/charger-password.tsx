'use client';

import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

/**
 * The charger's Basic-auth password (admins): a new one is generated and shown once; removing it
 * is confirmed first, since the charger is then admitted on its identity alone.
 */
export function ChargerPassword({ chargerId, hasPassword }: { chargerId: string; hasPassword: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [confirming, setConfirming] = useState(false);
  const set = useMutation(trpc.charger.setPassword.mutationOptions({ onSuccess: refresh }));
  const clear = useMutation(
    trpc.charger.clearPassword.mutationOptions({ onSuccess: () => (setConfirming(false), refresh()) }),
  );
  const error = set.error ?? clear.error;
  return (
    <div className="mt-4 space-y-2 text-sm" data-testid="charger-password">
      {error ? <Alert>{errorMessage(error)}</Alert> : null}
      {set.data ? (
        <Alert tone="success">
          New password, shown only now:{' '}
          <code className="font-mono font-semibold break-all" data-testid="new-password">
            {set.data.password}
          </code>
          <span className="mt-1 block">
            Set it on the charger as its Basic-auth password (OCPP 1.6: AuthorizationKey or the vendor&apos;s setting;
            2.0.1: SecurityCtrlr.BasicAuthPassword). From its next connection the charger must present it.
          </span>
        </Alert>
      ) : null}
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2">
          <span>Remove the password? The charger will connect on its identity alone.</span>
          <Button size="sm" variant="danger" busy={clear.isPending} onClick={() => clear.mutate({ chargerId })}>
            Remove
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            variant="secondary"
            busy={set.isPending}
            onClick={() => {
              clear.reset();
              set.mutate({ chargerId });
            }}
          >
            {hasPassword ? 'New password' : 'Set a password'}
          </Button>
          {hasPassword ? (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                set.reset();
                setConfirming(true);
              }}
            >
              Remove password
            </Button>
          ) : null}
        </div>
      )}
    </div>
  );
}

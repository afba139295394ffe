'use client';

import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { Alert, EmptyState, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { ReservationCells, type ReservationRow } from './charger-reservations.tsx';

// The reservations of the whole fleet (the /reservations page): which charger and connector is held
// for which card until when, what the charger answered, and Cancel for the accepted ones (operators).

export type FleetReservationRow = ReservationRow & { chargerId: string; chargerIdentity: string };

export function FleetReservations({
  reservations,
  operator,
  timeZone,
  empty,
}: {
  reservations: FleetReservationRow[];
  /** Operator staff cancel; a vendor user sees its chargers' reservations, without the card. */
  operator: boolean;
  timeZone: string;
  empty: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [answer, setAnswer] = useState<{ text: string; ok: boolean } | null>(null);
  const cancel = useMutation(
    trpc.reservations.cancel.mutationOptions({
      onSuccess: ({ reservation: r, command }) => {
        setAnswer({
          ok: r.status === 'CANCELLED',
          text: `${command.action}: reservation #${r.reservationId} is ${r.status.toLowerCase()}${r.note ? ` (${r.note})` : ''}`,
        });
        router.refresh();
      },
      onError: () => setAnswer(null),
    }),
  );

  return (
    <div className="space-y-3">
      <div aria-live="polite">
        {cancel.isPending ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {cancel.error && !cancel.isPending ? <Alert>{cancel.error.message}</Alert> : null}
        {answer && !cancel.isPending ? (
          <Alert tone={answer.ok ? 'success' : 'error'}>
            <span data-testid="reservation-answer">{answer.text}</span>
          </Alert>
        ) : null}
      </div>
      {reservations.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Charger</Th>
              <Th>Card</Th>
              <Th>Until</Th>
              <Th>Status</Th>
              {operator ? <Th className="w-0" /> : null}
            </tr>
          </thead>
          <tbody data-testid="reservation-rows">
            {reservations.map((r) => (
              <tr key={r.id} data-reservation={r.reservationId} data-status={r.status.toLowerCase()}>
                <Td>
                  <Link className="font-mono hover:underline" href={`/chargers/${r.chargerId}`}>
                    {r.chargerIdentity}
                  </Link>
                  <span className="block text-xs text-muted">
                    {r.evseId ? `connector ${r.evseId}` : 'any connector'} · #{r.reservationId}
                  </span>
                </Td>
                <ReservationCells
                  r={r}
                  timeZone={timeZone}
                  operator={operator}
                  busy={cancel.isPending}
                  onCancel={() => cancel.mutate({ reservationId: r.id })}
                />
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { Alert, Badge, Button, EmptyState, Input, Select, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { dateTime } from './format.ts';
import { fromZonedInput, toZonedInput } from './zoned-input.ts';

// The charger page's reservations: reserve a connector for a card until a time (operators), and
// the reservations with the charger's answer and a Cancel button for the accepted ones.

export type ReservationRow = {
  id: string;
  reservationId: number;
  evseId: number;
  idTag: string | null;
  expiresAt: Date | string;
  status: string;
  note: string | null;
  createdAt: Date | string;
};

export const RESERVATION_TONE: Record<string, 'good' | 'warn' | 'bad' | 'neutral' | 'brand'> = {
  PENDING: 'neutral',
  ACTIVE: 'good',
  USED: 'brand',
  EXPIRED: 'neutral',
  CANCELLED: 'neutral',
  REJECTED: 'bad',
  FAULTED: 'bad',
  OCCUPIED: 'warn',
  UNAVAILABLE: 'warn',
  FAILED: 'bad',
};

type Done = {
  reservation: { reservationId: number; status: string; note: string | null };
  command: { action: string };
};

export function ChargerReservations({
  chargerId,
  protocol,
  evseIds,
  reservations,
  operator,
  timeZone,
}: {
  chargerId: string;
  protocol: 'OCPP16' | 'OCPP201';
  evseIds: number[];
  reservations: ReservationRow[];
  /** Operator staff reserve and cancel; a vendor user sees its connectors' reservations only. */
  operator: boolean;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [answer, setAnswer] = useState<{ text: string; ok: boolean } | null>(null);
  const [badTime, setBadTime] = useState(false);
  const onDone = ({ reservation: r, command }: Done) => {
    setAnswer({
      ok: r.status === 'ACTIVE' || r.status === 'CANCELLED',
      text: `${command.action}: reservation #${r.reservationId} is ${r.status.toLowerCase()}${r.note ? ` (${r.note})` : ''}`,
    });
    router.refresh();
  };
  // Minutes from now as the operator's clock shows them (the list shows times in that zone too).
  const inMinutes = (m: number) => toZonedInput(new Date(Date.now() + m * 60_000), timeZone);
  const onError = () => setAnswer(null);
  const reserve = useMutation(trpc.reservations.reserve.mutationOptions({ onSuccess: onDone, onError }));
  const cancel = useMutation(trpc.reservations.cancel.mutationOptions({ onSuccess: onDone, onError }));
  const busy = reserve.isPending || cancel.isPending;
  const error = reserve.error ?? cancel.error;
  const any = protocol === 'OCPP16' ? 'Any connector' : 'Any EVSE';

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const expiresAt = fromZonedInput(String(f.get('expiresAt') ?? ''), timeZone);
    setBadTime(!expiresAt);
    if (!expiresAt) return;
    reserve.mutate({
      chargerId,
      evseId: Number(f.get('evseId')),
      idTag: String(f.get('idTag') ?? '').trim(),
      expiresAt,
    });
  };

  return (
    <div className="space-y-3" data-testid="reservations">
      <div aria-live="polite">
        {busy ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {error && !busy ? <Alert>{error.message}</Alert> : null}
        {badTime ? <Alert>Enter the date and time the reservation ends.</Alert> : null}
        {answer && !busy ? (
          <Alert tone={answer.ok ? 'success' : 'error'}>
            <span data-testid="reservation-answer">{answer.text}</span>
          </Alert>
        ) : null}
      </div>
      {operator ? (
        <form
          className="grid gap-2 sm:grid-cols-[auto_1fr_auto_auto] sm:items-end"
          aria-label="Reserve a connector"
          onSubmit={onSubmit}
        >
          <label className="block space-y-1 text-sm">
            <span className="text-xs text-muted">Connector</span>
            <Select name="evseId" className="w-auto" defaultValue={evseIds[0] ?? 0}>
              {[...new Set(evseIds)].map((id) => (
                <option key={id} value={id}>
                  Connector {id}
                </option>
              ))}
              <option value={0}>{any}</option>
            </Select>
          </label>
          <label className="block space-y-1 text-sm">
            <span className="text-xs text-muted">Card id</span>
            <Input name="idTag" required maxLength={36} placeholder="e.g. 04A2B3C4" autoComplete="off" />
          </label>
          <label className="block space-y-1 text-sm">
            <span className="text-xs text-muted">Until ({timeZone}, 24 h at most)</span>
            <Input
              name="expiresAt"
              type="datetime-local"
              required
              defaultValue={inMinutes(60)}
              min={inMinutes(2)}
              max={inMinutes(24 * 60)}
              suppressHydrationWarning
            />
          </label>
          <Button type="submit" variant="secondary" size="sm" disabled={busy} className="sm:mb-1">
            Reserve
          </Button>
        </form>
      ) : null}
      {reservations.length === 0 ? (
        <EmptyState title="No reservations" />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Id</Th>
              <Th>Connector</Th>
              <Th>Card</Th>
              <Th>Until</Th>
              <Th>Status</Th>
              {operator ? <Th className="w-0" /> : null}
            </tr>
          </thead>
          <tbody data-testid="reservation-rows">
            {reservations.map((r) => (
              <tr key={r.id} data-reservation={r.reservationId} data-status={r.status.toLowerCase()}>
                <Td className="font-mono text-xs">#{r.reservationId}</Td>
                <Td>{r.evseId ? `#${r.evseId}` : any}</Td>
                <ReservationCells
                  r={r}
                  timeZone={timeZone}
                  operator={operator}
                  busy={busy}
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

/** A reservation row's card, end, status (with the charger's note) and, for operators, Cancel while active. */
export function ReservationCells({
  r,
  timeZone,
  operator,
  busy,
  onCancel,
}: {
  r: ReservationRow;
  timeZone: string;
  operator: boolean;
  busy: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      <Td className="font-mono text-xs">{r.idTag ?? '—'}</Td>
      <Td className="whitespace-nowrap">{dateTime(r.expiresAt, timeZone)}</Td>
      <Td>
        <Badge tone={RESERVATION_TONE[r.status] ?? 'neutral'}>{r.status.toLowerCase()}</Badge>
        {r.note ? <span className="block text-xs text-muted">{r.note}</span> : null}
      </Td>
      {operator ? (
        <Td className="py-1 text-right">
          {r.status === 'ACTIVE' ? (
            <Button variant="ghost" size="sm" disabled={busy} onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
        </Td>
      ) : null}
    </>
  );
}

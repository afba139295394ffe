'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, CardTitle, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { CommandReplyView, type CommandReply } from './charger-ops-reply.tsx';

// Every message the charger's version can be asked for (TriggerMessage, F06 / 1.6 §5.17), for the
// whole charger or one EVSE (and, 2.0.1, one connector); GetTransactionStatus (2.0.1 E14); the
// availability of one connector.

const TRIGGERS = {
  OCPP16: [
    'BootNotification',
    'DiagnosticsStatusNotification',
    'FirmwareStatusNotification',
    'Heartbeat',
    'MeterValues',
    'StatusNotification',
  ],
  OCPP201: [
    'BootNotification',
    'LogStatusNotification',
    'FirmwareStatusNotification',
    'Heartbeat',
    'MeterValues',
    'SignChargingStationCertificate',
    'SignV2GCertificate',
    'SignCombinedCertificate',
    'StatusNotification',
    'TransactionEvent',
    'PublishFirmwareStatusNotification',
  ],
} as const;

type Trigger = (typeof TRIGGERS)[keyof typeof TRIGGERS][number];

export function ChargerTriggers({
  chargerId,
  protocol,
  evseIds,
  operator,
}: {
  chargerId: string;
  protocol: 'OCPP16' | 'OCPP201';
  evseIds: number[];
  operator: boolean;
}) {
  const trpc = useTRPC();
  const [reply, setReply] = useState<CommandReply | null>(null);
  const action = useMutation(trpc.chargers.action.mutationOptions({ onSuccess: (r) => setReply(r as CommandReply) }));
  const is201 = protocol === 'OCPP201';
  const num = (f: FormData, k: string) => Number(String(f.get(k) ?? '')) || undefined;
  const submit =
    (build: (f: FormData) => Parameters<typeof action.mutate>[0]['action']) => (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      setReply(null);
      action.mutate({ chargerId, action: build(new FormData(e.currentTarget)) });
    };
  const evseSelect = (name: string, label: string, none: string) => (
    <Select name={name} aria-label={label} className="w-auto">
      <option value="">{none}</option>
      {evseIds.map((id) => (
        <option key={id} value={id}>
          {is201 ? `EVSE ${id}` : `Connector ${id}`}
        </option>
      ))}
    </Select>
  );
  const busy = action.isPending;
  return (
    <Card className="mt-6" data-testid="charger-triggers">
      <CardTitle description="Ask the charger to send a message now, ask after a transaction, or take one connector out of service. The charger's answer is shown.">
        Messages and transactions
      </CardTitle>
      <div aria-live="polite" className="mb-3 space-y-2">
        {busy ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {action.error ? <Alert>{action.error.message}</Alert> : null}
        {reply && !busy ? <CommandReplyView reply={reply} testId="trigger-reply" /> : null}
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <form
          className="flex flex-wrap items-center gap-2 rounded-md border border-line p-3"
          aria-label="Trigger a message"
          onSubmit={submit((f) => ({
            kind: 'trigger',
            message: String(f.get('message')) as Trigger,
            evseId: num(f, 'evseId'),
            connectorId: is201 ? num(f, 'connectorId') : undefined,
          }))}
        >
          <Select name="message" aria-label="Message" className="w-auto" data-testid="trigger-message">
            {TRIGGERS[protocol].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </Select>
          {evseSelect('evseId', is201 ? 'EVSE' : 'Connector', is201 ? 'Whole charger' : 'All connectors')}
          {is201 ? (
            <Input
              name="connectorId"
              type="number"
              min={1}
              placeholder="Connector"
              aria-label="Connector"
              className="w-28"
            />
          ) : null}
          <Button type="submit" size="sm" variant="secondary" disabled={busy}>
            Trigger
          </Button>
        </form>
        {operator && is201 ? (
          <form
            className="flex flex-wrap items-center gap-2 rounded-md border border-line p-3"
            aria-label="Transaction status"
            onSubmit={submit((f) => ({
              kind: 'transactionStatus',
              transactionId: String(f.get('transactionId') ?? '').trim() || undefined,
            }))}
          >
            <Input
              name="transactionId"
              maxLength={36}
              placeholder="Transaction id (empty: queued messages)"
              aria-label="Transaction id"
              className="min-w-0 flex-1"
            />
            <Button type="submit" size="sm" variant="secondary" disabled={busy}>
              Get transaction status
            </Button>
          </form>
        ) : null}
        {is201 ? (
          <form
            className="flex flex-wrap items-center gap-2 rounded-md border border-line p-3"
            aria-label="Connector availability"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
              setReply(null);
              action.mutate({
                chargerId,
                action: {
                  kind: 'availability',
                  evseId: num(f, 'evseId') ?? 0,
                  connectorId: num(f, 'connectorId'),
                  available: submitter?.value === 'on',
                },
              });
            }}
          >
            {evseSelect('evseId', 'EVSE', 'Whole charger')}
            <Input
              name="connectorId"
              type="number"
              min={1}
              placeholder="Connector"
              aria-label="Connector of the EVSE"
              className="w-28"
            />
            <Button type="submit" name="to" value="off" size="sm" variant="secondary" disabled={busy}>
              Make unavailable
            </Button>
            <Button type="submit" name="to" value="on" size="sm" variant="secondary" disabled={busy}>
              Make available
            </Button>
          </form>
        ) : null}
      </div>
    </Card>
  );
}

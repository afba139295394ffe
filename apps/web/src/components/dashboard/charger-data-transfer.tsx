'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, CardTitle, Input } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { CommandReplyView, type CommandReply } from './charger-ops-reply.tsx';

// DataTransfer (1.6 and 2.0.1): a vendor's extension message to the charger, with the charger's
// answer (status and data) shown. Operators only, like every command outside a vendor's few.

export function ChargerDataTransfer({ chargerId }: { chargerId: string }) {
  const trpc = useTRPC();
  const [reply, setReply] = useState<CommandReply | null>(null);
  const send = useMutation(trpc.chargers.action.mutationOptions({ onSuccess: (r) => setReply(r) }));
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const str = (k: string) => String(f.get(k) ?? '').trim();
    setReply(null);
    send.mutate({
      chargerId,
      action: {
        kind: 'dataTransfer',
        vendorId: str('vendorId'),
        ...(str('messageId') ? { messageId: str('messageId') } : {}),
        ...(String(f.get('data') ?? '') ? { data: String(f.get('data')) } : {}),
      },
    });
  };
  return (
    <Card className="mt-6">
      <CardTitle description="A vendor extension message (DataTransfer) to this charger, and its answer.">
        Data transfer
      </CardTitle>
      <div aria-live="polite" className="mb-3 space-y-2">
        {send.isPending ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {send.error ? <Alert>{send.error.message}</Alert> : null}
        {reply && !send.isPending ? <CommandReplyView reply={reply} testId="data-transfer-reply" /> : null}
      </div>
      <form className="grid gap-2 sm:grid-cols-2" aria-label="Data transfer" onSubmit={onSubmit}>
        <Input
          name="vendorId"
          required
          maxLength={255}
          placeholder="Vendor id (e.g. com.vendor)"
          aria-label="Vendor id"
        />
        <Input name="messageId" maxLength={50} placeholder="Message id (optional)" aria-label="Message id" />
        <textarea
          name="data"
          maxLength={16000}
          rows={2}
          placeholder="Data (optional text, often JSON)"
          aria-label="Data"
          className="block w-full rounded-md border border-line bg-surface px-3 py-2 font-mono text-sm sm:col-span-2"
        />
        <div>
          <Button type="submit" size="sm" disabled={send.isPending}>
            Send DataTransfer
          </Button>
        </div>
      </form>
    </Card>
  );
}

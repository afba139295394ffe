'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CardTitle, Input, Select, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { CommandReplyView, type CommandReply } from './charger-ops-reply.tsx';

// A 2.0.1 charger's display messages (O): what it shows, as set here or as it last reported;
// a new message; asking it for its messages; clearing one; and showing a connector's pay page QR.

const PRIORITIES = ['NormalCycle', 'InFront', 'AlwaysFront'] as const;
const STATES = ['', 'Idle', 'Charging', 'Faulted', 'Unavailable'] as const;
const FORMATS = ['UTF8', 'ASCII', 'URI', 'HTML'] as const;

export function ChargerDisplayMessages({ chargerId, evseIds }: { chargerId: string; evseIds: number[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.displayMessages.list.queryOptions({ chargerId }));
  const [reply, setReply] = useState<(CommandReply & { note?: string }) | null>(null);
  const done = (note?: (r: never) => string) => ({
    onSuccess: (r: { command: CommandReply }) => {
      setReply({ ...r.command, note: note?.(r as never) });
      void queryClient.invalidateQueries({ queryKey: trpc.displayMessages.list.queryKey({ chargerId }) });
    },
  });
  const set = useMutation(trpc.displayMessages.set.mutationOptions(done()));
  const request = useMutation(
    trpc.displayMessages.request.mutationOptions(
      done(() => 'The messages follow from the charger in NotifyDisplayMessages; the list below updates.'),
    ),
  );
  const clear = useMutation(trpc.displayMessages.clear.mutationOptions(done()));
  const pay = useMutation(
    trpc.displayMessages.showPayPage.mutationOptions(done((r: { url: string }) => `Pay page sent: ${r.url}`)),
  );
  const busy = set.isPending || request.isPending || clear.isPending || pay.isPending;
  const error = list.error ?? set.error ?? request.error ?? clear.error ?? pay.error;
  const str = (f: FormData, k: string) => String(f.get(k) ?? '').trim();
  const onSet = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setReply(null);
    set.mutate({
      chargerId,
      message: {
        priority: str(f, 'priority') as (typeof PRIORITIES)[number],
        format: str(f, 'format') as (typeof FORMATS)[number],
        content: String(f.get('content') ?? ''),
        ...(str(f, 'state') ? { state: str(f, 'state') as 'Idle' } : {}),
        ...(str(f, 'language') ? { language: str(f, 'language') } : {}),
        ...(str(f, 'endsAt') ? { endsAt: new Date(str(f, 'endsAt')) } : {}),
      },
    });
  };
  const messages = list.data?.messages ?? [];
  return (
    <Card className="mt-6">
      <CardTitle description="What the charger shows drivers (OCPP 2.0.1 display messages): set here, or as the charger last reported them.">
        Display messages
      </CardTitle>
      <div aria-live="polite" className="mb-3 space-y-2" data-testid="display-result">
        {busy ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {error ? <Alert>{error.message}</Alert> : null}
        {reply && !busy ? (
          <>
            <CommandReplyView reply={reply} testId="display-reply" />
            {reply.note ? <p className="text-sm text-muted">{reply.note}</p> : null}
          </>
        ) : null}
      </div>
      <div className="grid gap-3 lg:grid-cols-2">
        <form
          className="grid gap-2 rounded-md border border-line p-3 sm:grid-cols-2"
          aria-label="New display message"
          onSubmit={onSet}
        >
          <textarea
            name="content"
            required
            maxLength={512}
            rows={2}
            placeholder="Message (up to 512 characters)"
            aria-label="Message"
            className="block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm sm:col-span-2"
          />
          <Select name="priority" aria-label="Priority" defaultValue="NormalCycle">
            {PRIORITIES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </Select>
          <Select name="state" aria-label="Shown while">
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s ? `While ${s}` : 'In any state'}
              </option>
            ))}
          </Select>
          <Select name="format" aria-label="Format">
            {FORMATS.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </Select>
          <Input name="language" maxLength={8} placeholder="Language (en, hi)" aria-label="Language" />
          <Input name="endsAt" type="datetime-local" aria-label="Shown until" />
          <Button type="submit" size="sm" disabled={busy}>
            Show on charger
          </Button>
        </form>
        <div className="space-y-3 rounded-md border border-line p-3">
          <form
            className="flex flex-wrap items-center gap-2"
            aria-label="Pay page"
            onSubmit={(e) => {
              e.preventDefault();
              setReply(null);
              pay.mutate({ chargerId, evseId: Number(new FormData(e.currentTarget).get('evseId')), state: 'Idle' });
            }}
          >
            <Select name="evseId" aria-label="Connector" className="w-auto">
              {evseIds.map((id) => (
                <option key={id} value={id}>
                  Connector {id}
                </option>
              ))}
            </Select>
            <Button type="submit" size="sm" variant="secondary" disabled={busy || !evseIds.length}>
              Show payment QR
            </Button>
          </form>
          <p className="text-xs text-muted">
            Sends the connector’s driver page (the link on its sticker) as a URI message, shown while the charger is
            idle: the driver scans it to see the price, pay and start.
          </p>
          <Button
            size="sm"
            variant="secondary"
            disabled={busy}
            onClick={() => {
              setReply(null);
              request.mutate({ chargerId });
            }}
          >
            Ask the charger for its messages
          </Button>
        </div>
      </div>
      {messages.length ? (
        <div className="mt-3 overflow-x-auto">
          <Table>
            <thead>
              <tr>
                <Th>Id</Th>
                <Th>Message</Th>
                <Th>Priority</Th>
                <Th>State</Th>
                <Th>From</Th>
                <Th />
              </tr>
            </thead>
            <tbody data-testid="display-messages">
              {messages.map((m) => (
                <tr key={m.messageId}>
                  <Td className="tabular-nums">{m.messageId}</Td>
                  <Td className="max-w-xs break-all">
                    {m.content} <span className="text-xs text-muted">{m.format}</span>
                  </Td>
                  <Td>{m.priority}</Td>
                  <Td>{m.state ?? 'any'}</Td>
                  <Td>
                    <Badge tone={m.source === 'SET' ? 'neutral' : 'good'}>
                      {m.source === 'SET' ? 'set here' : 'reported'}
                    </Badge>
                  </Td>
                  <Td>
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={busy}
                      onClick={() => {
                        setReply(null);
                        clear.mutate({ chargerId, id: m.messageId });
                      }}
                    >
                      Clear
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : (
        <p className="mt-3 text-sm text-muted">No display messages known for this charger.</p>
      )}
    </Card>
  );
}

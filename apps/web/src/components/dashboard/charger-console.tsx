'use client';

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, CardTitle, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { CommandReplyView } from './charger-ops-reply.tsx';

// The raw command console (operator admins): any action of the charger's OCPP version with a JSON
// payload; the official schema's errors come back before anything is sent.

export function ChargerConsole({ chargerId }: { chargerId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.chargerConsole.list.queryOptions({ chargerId }));
  const [action, setAction] = useState('');
  const [text, setText] = useState('{}');
  const [parseError, setParseError] = useState<string | null>(null);
  const send = useMutation(
    trpc.chargerConsole.send.mutationOptions({
      onSuccess: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.chargerConsole.list.queryKey({ chargerId }) }),
    }),
  );
  const actions = list.data?.actions ?? [];
  const chosen = action || actions[0] || '';
  const result = send.data;
  const submit = () => {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (e) {
      setParseError(`Not JSON: ${(e as Error).message}`);
      return;
    }
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
      setParseError('The payload is a JSON object: { … }');
      return;
    }
    setParseError(null);
    send.mutate({ chargerId, action: chosen, payload: payload as Record<string, unknown> });
  };
  return (
    <Card className="mt-6">
      <CardTitle description="Operator admins: send any action of this charger's OCPP version with a JSON payload. It is checked against the official schema first; the reply is kept in the command log, and the send in the audit log.">
        Command console
      </CardTitle>
      <div className="space-y-2" data-testid="charger-console">
        <div className="flex flex-wrap gap-2">
          <Select
            aria-label="Action"
            className="w-auto"
            value={chosen}
            onChange={(e) => setAction(e.target.value)}
            data-testid="console-action"
          >
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </Select>
          <Button size="sm" disabled={send.isPending || !chosen} onClick={submit} data-testid="console-send">
            Send
          </Button>
        </div>
        <textarea
          aria-label="Payload (JSON)"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={6}
          spellCheck={false}
          className="block w-full rounded-md border border-line bg-surface px-3 py-2 font-mono text-xs"
          data-testid="console-payload"
        />
        <div aria-live="polite" data-testid="console-result">
          {send.isPending ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
          {parseError ? <Alert>{parseError}</Alert> : null}
          {send.error ? <Alert>{send.error.message}</Alert> : null}
          {result && !send.isPending && !result.sent ? (
            <Alert>
              Not sent: the payload does not match the {chosen} schema.
              <ul className="mt-1 list-disc pl-5" data-testid="console-schema-errors">
                {result.schemaErrors.map((e, i) => (
                  <li key={i}>
                    <code>{e.path}</code> {e.message}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : null}
          {result && !send.isPending && result.sent ? (
            <CommandReplyView reply={result.command} testId="console-reply" />
          ) : null}
        </div>
        {list.data?.commands.length ? (
          <details className="text-sm">
            <summary className="cursor-pointer">
              {list.data.commands.length === 1
                ? 'Last console command'
                : `Last ${list.data.commands.length} console commands`}
            </summary>
            <ul className="mt-2 space-y-1 text-xs">
              {list.data.commands.map((c) => (
                <li key={c.id} className="break-all">
                  <strong>{c.action}</strong> {c.status} {JSON.stringify(c.payload)} →{' '}
                  {JSON.stringify(c.response ?? c.error)}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </Card>
  );
}

'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CardTitle, Input, Select, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { CommandReplyView, type CommandReply } from './charger-ops-reply.tsx';

// Logs (N01): ask the charger for its diagnostics or security log (2.0.1 GetLog, 1.6 GetDiagnostics
// or the security extension's GetLog); it uploads to our own time-limited URL and the file is then
// downloadable here, with each upload status the charger reported. An operator with a server of its
// own (an FTP drop the charger's maker reads) can name that instead: the charger uploads there, and
// only its answer is shown here.

const str = (f: FormData, k: string) => String(f.get(k) ?? '').trim();

export function ChargerLogs({ chargerId, protocol }: { chargerId: string; protocol: 'OCPP16' | 'OCPP201' }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const logs = useQuery({ ...trpc.firmware.logs.queryOptions({ chargerId }), refetchInterval: 5_000 });
  const [reply, setReply] = useState<CommandReply | null>(null);
  const request = useMutation(
    trpc.firmware.requestLog.mutationOptions({
      onSuccess: (r) => {
        setReply(r.command);
        void queryClient.invalidateQueries({ queryKey: trpc.firmware.logs.queryKey({ chargerId }) });
      },
    }),
  );
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setReply(null);
    request.mutate({
      chargerId,
      logType: str(f, 'logType') === 'SecurityLog' ? 'SecurityLog' : 'DiagnosticsLog',
      ...(str(f, 'oldest') ? { oldest: new Date(str(f, 'oldest')) } : {}),
      ...(str(f, 'latest') ? { latest: new Date(str(f, 'latest')) } : {}),
      ...(protocol === 'OCPP16' ? { getLog16: f.get('getLog16') === 'on' } : {}),
    });
  };
  // Upload to the operator's own server: the plain remote action (GetDiagnostics / GetLog to that URL).
  const elsewhere = useMutation(
    trpc.chargers.action.mutationOptions({ onSuccess: (r) => setReply(r), onError: () => setReply(null) }),
  );
  const onElsewhere = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setReply(null);
    elsewhere.mutate({
      chargerId,
      action: { kind: 'getDiagnostics', location: str(new FormData(e.currentTarget), 'location') },
    });
  };
  const pending = request.isPending || elsewhere.isPending;
  const error = logs.error ?? request.error ?? elsewhere.error;
  const rows = logs.data?.requests ?? [];
  return (
    <Card className="mt-6">
      <CardTitle description="The charger uploads its log to a link of ours valid for 24 hours (at most 50 MiB); the file is then here to download.">
        Logs
      </CardTitle>
      <div aria-live="polite" className="mb-3 space-y-2">
        {pending ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {error ? <Alert>{error.message}</Alert> : null}
        {reply && !pending ? <CommandReplyView reply={reply} testId="logs-reply" /> : null}
      </div>
      <form className="flex flex-wrap items-end gap-2" aria-label="Get log" onSubmit={onSubmit}>
        <Select name="logType" aria-label="Log type" defaultValue="DiagnosticsLog">
          <option value="DiagnosticsLog">Diagnostics log</option>
          <option value="SecurityLog">Security log</option>
        </Select>
        <label className="grid gap-1 text-xs text-muted">
          From
          <Input name="oldest" type="datetime-local" aria-label="From" />
        </label>
        <label className="grid gap-1 text-xs text-muted">
          To
          <Input name="latest" type="datetime-local" aria-label="To" />
        </label>
        {protocol === 'OCPP16' ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="getLog16" /> GetLog (security extension) instead of GetDiagnostics
          </label>
        ) : null}
        <Button type="submit" disabled={pending}>
          Get log
        </Button>
      </form>
      <form
        className="mt-3 grid gap-2 sm:grid-cols-[1fr_auto]"
        aria-label="Upload the log to your own server"
        onSubmit={onElsewhere}
      >
        <Input
          name="location"
          type="url"
          required
          placeholder="Or to your own server: ftp://…/upload/"
          aria-label="Your upload URL"
        />
        <Button type="submit" variant="secondary" disabled={pending}>
          {protocol === 'OCPP201' ? 'Get log there' : 'Get diagnostics there'}
        </Button>
      </form>
      {rows.length ? (
        <div className="mt-4 overflow-x-auto">
          <Table>
            <thead>
              <tr>
                <Th>Asked</Th>
                <Th>Log</Th>
                <Th>Answer</Th>
                <Th>Upload</Th>
                <Th>File</Th>
              </tr>
            </thead>
            <tbody data-testid="log-requests">
              {rows.map((r) => (
                <tr key={r.id}>
                  <Td>{new Date(r.createdAt).toLocaleString()}</Td>
                  <Td>
                    {r.action} · {r.logType}
                  </Td>
                  <Td>{r.answer ?? '…'}</Td>
                  <Td>
                    <ol className="space-y-0.5 text-xs">
                      {r.steps.map((s, i) => (
                        <li key={i}>
                          {new Date(s.at).toLocaleTimeString()} {s.status}
                        </li>
                      ))}
                    </ol>
                  </Td>
                  <Td>
                    {r.file ? (
                      <a className="text-primary underline" href={r.file.url} download>
                        {r.file.name} ({r.file.size.toLocaleString()} B)
                      </a>
                    ) : (
                      <Badge tone="neutral">{r.status ?? 'waiting'}</Badge>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
    </Card>
  );
}

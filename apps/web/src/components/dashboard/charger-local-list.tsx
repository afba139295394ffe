'use client';

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CardTitle, Field, Input, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';

type Picked = { id: string; token: string };

const OUTCOME_TONE: Record<string, 'good' | 'bad' | 'warn' | 'neutral'> = {
  Accepted: 'good',
  VersionMismatch: 'warn',
  Failed: 'bad',
  NotSupported: 'bad',
  ERROR: 'bad',
  TIMEOUT: 'warn',
  OFFLINE: 'neutral',
};

/**
 * The charger's local authorization list (OCPP SendLocalList / GetLocalListVersion / ClearCache):
 * the version we sent and the one the charger reports, the id tokens on it, and each send's answer.
 * Operators pick tokens and send; a vendor user sees the state.
 */
export function ChargerLocalList({ chargerId, operator }: { chargerId: string; operator: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.localAuthList.get.queryOptions({ chargerId }));
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Picked[] | null>(null);
  const found = useQuery({ ...trpc.localAuthList.searchTokens.queryOptions({ query }), enabled: operator });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.localAuthList.get.queryKey({ chargerId }) });
  const send = useMutation(trpc.localAuthList.send.mutationOptions({ onSuccess: refresh }));
  const version = useMutation(trpc.localAuthList.getVersion.mutationOptions({ onSuccess: refresh }));
  const cache = useMutation(trpc.localAuthList.clearCache.mutationOptions());
  const s = state.data;
  const selection: Picked[] = picked ?? s?.entries.map((e) => ({ id: e.idTokenId, token: e.token })) ?? [];
  const busy = send.isPending || version.isPending || cache.isPending;
  const error = state.error ?? found.error ?? send.error ?? version.error ?? cache.error;
  const reset = () => (send.reset(), version.reset(), cache.reset());
  const sendMode = (mode: 'FULL' | 'CHANGES' | 'CLEAR') => {
    reset();
    send.mutate(
      { chargerId, mode, idTokenIds: mode === 'CLEAR' ? [] : selection.map((p) => p.id) },
      { onSuccess: () => mode === 'CLEAR' && setPicked([]) },
    );
  };
  const toggle = (t: Picked) =>
    setPicked(selection.some((p) => p.id === t.id) ? selection.filter((p) => p.id !== t.id) : [...selection, t]);

  return (
    <Card className="mt-6">
      <CardTitle description="The id tokens the charger accepts on its own, also when offline (OCPP SendLocalList). Each answer is shown and kept.">
        Authorization list
      </CardTitle>
      <div className="space-y-4 text-sm" data-testid="local-list">
        {error ? <Alert>{errorMessage(error)}</Alert> : null}
        {s ? (
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <div>
              <dt className="text-xs text-muted">Version accepted (as we know)</dt>
              <dd className="font-medium" data-testid="accepted-version">
                {s.acceptedVersion ?? 'none'}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Version the charger reports</dt>
              <dd className="font-medium" data-testid="reported-version">
                {s.reportedVersion ?? 'not asked'}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Tokens on the list</dt>
              <dd className="font-medium">{s.entries.length}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Charger limits</dt>
              <dd className="font-medium">
                {s.limits.itemsPerMessage ? `${s.limits.itemsPerMessage} a message` : 'per message: not reported'}
                {s.limits.maxEntries ? ` · ${s.limits.maxEntries} in all` : ''}
              </dd>
            </div>
          </dl>
        ) : state.isPending ? (
          <p className="text-muted">Loading…</p>
        ) : null}

        {s?.needsFull && operator ? (
          <Alert tone="info">
            The charger answered VersionMismatch: its list is not the one we sent last.{' '}
            <Button size="sm" busy={send.isPending} disabled={busy} onClick={() => sendMode('FULL')}>
              Send the full list
            </Button>
          </Alert>
        ) : null}

        {operator ? (
          <div className="grid gap-4 lg:grid-cols-2">
            <div className="space-y-2">
              <Field label="Find id tokens" hint="By token or label; click to add or remove.">
                <Input
                  type="search"
                  value={query}
                  maxLength={36}
                  onChange={(e) => setQuery(e.target.value)}
                  placeholder="e.g. 04A1"
                />
              </Field>
              <ul className="max-h-48 overflow-auto rounded-md border border-line" aria-label="Matching id tokens">
                {(found.data ?? []).map((t) => {
                  const on = selection.some((p) => p.id === t.id);
                  return (
                    <li key={t.id}>
                      <button
                        type="button"
                        aria-pressed={on}
                        className="flex w-full items-center justify-between px-3 py-1.5 text-left hover:bg-tint"
                        onClick={() => toggle({ id: t.id, token: t.token })}
                      >
                        <span className="font-mono">{t.token}</span>
                        <span className="text-xs text-muted">
                          {t.label ? `${t.label} · ` : ''}
                          {t.status.toLowerCase()} {on ? '· on the list' : ''}
                        </span>
                      </button>
                    </li>
                  );
                })}
                {found.data?.length === 0 ? <li className="px-3 py-1.5 text-muted">No matching tokens</li> : null}
              </ul>
            </div>
            <div className="space-y-2">
              <p className="font-medium">To send ({selection.length})</p>
              <div className="flex flex-wrap gap-1" data-testid="picked-tokens">
                {selection.map((p) => (
                  <button
                    key={p.id}
                    type="button"
                    aria-label={`Remove ${p.token}`}
                    className="rounded-full border border-line px-2 py-0.5 font-mono text-xs hover:bg-tint"
                    onClick={() => toggle(p)}
                  >
                    {p.token} ×
                  </button>
                ))}
                {selection.length === 0 ? <span className="text-muted">No tokens chosen</span> : null}
              </div>
              <div className="flex flex-wrap gap-2 pt-2">
                <Button size="sm" busy={send.isPending} disabled={busy} onClick={() => sendMode('FULL')}>
                  Send full
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={busy || s?.acceptedVersion == null}
                  title={
                    s?.acceptedVersion == null ? 'The charger has no list from us yet: send the full list' : undefined
                  }
                  onClick={() => sendMode('CHANGES')}
                >
                  Send changes
                </Button>
                <Button size="sm" variant="danger" disabled={busy} onClick={() => sendMode('CLEAR')}>
                  Clear list
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  busy={version.isPending}
                  disabled={busy}
                  onClick={() => (reset(), version.mutate({ chargerId }))}
                >
                  Ask version
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  busy={cache.isPending}
                  disabled={busy}
                  onClick={() => (reset(), cache.mutate({ chargerId }))}
                >
                  Clear cache
                </Button>
              </div>
            </div>
          </div>
        ) : null}

        <div role="status" data-testid="local-list-reply">
          {send.data ? (
            <Alert tone={send.data.send.outcome === 'Accepted' ? 'success' : 'info'}>
              SendLocalList v{send.data.send.version} ({send.data.send.parts} message
              {send.data.send.parts > 1 ? 's' : ''}): <strong>{send.data.send.outcome}</strong>
              {send.data.send.detail ? ` — ${send.data.send.detail}` : ''}
              {send.data.note ? <span className="mt-1 block">{send.data.note}</span> : null}
            </Alert>
          ) : null}
          {version.data ? (
            <Alert tone={version.data.version === null ? 'info' : 'success'}>
              GetLocalListVersion: {version.data.version ?? version.data.reply.error ?? version.data.reply.status}
            </Alert>
          ) : null}
          {cache.data ? (
            <Alert tone="info">
              ClearCache:{' '}
              {(cache.data.reply.response as { status?: string } | null)?.status ??
                cache.data.reply.error ??
                cache.data.reply.status}
            </Alert>
          ) : null}
        </div>

        {s && s.sends.length ? (
          <Table>
            <thead>
              <tr>
                <Th>Sent</Th>
                <Th>Kind</Th>
                <Th>Version</Th>
                <Th>Tokens</Th>
                <Th>Answer</Th>
              </tr>
            </thead>
            <tbody>
              {s.sends.map((r) => (
                <tr key={r.id}>
                  <Td>{new Date(r.createdAt).toLocaleString()}</Td>
                  <Td>{r.mode === 'CHANGES' ? 'Changes' : r.mode === 'CLEAR' ? 'Clear' : 'Full'}</Td>
                  <Td>{r.version}</Td>
                  <Td>{r.entryCount}</Td>
                  <Td>
                    <Badge tone={OUTCOME_TONE[r.outcome] ?? 'neutral'}>{r.outcome}</Badge>
                    {r.detail ? <span className="ml-2 text-xs text-muted">{r.detail}</span> : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : null}
      </div>
    </Card>
  );
}

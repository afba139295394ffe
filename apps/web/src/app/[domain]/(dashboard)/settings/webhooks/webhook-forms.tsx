'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { ConfirmButton, InlineError } from '@/components/confirm-dialog.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

/** The signing secret: the only time anyone sees it. */
function ShownOnce({ label, value }: { label: string; value: string }) {
  return (
    <Alert tone="success">
      <div className="space-y-1">
        <div>{label} Copy it now: it will not be shown again.</div>
        <code className="block font-mono text-xs break-all select-all" data-testid="webhook-secret">
          {value}
        </code>
      </div>
    </Alert>
  );
}

export function CreateEndpointForm({
  eventTypes,
  sites,
}: {
  eventTypes: string[];
  sites: { id: string; name: string }[];
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const create = useMutation(trpc.webhooks.create.mutationOptions({ onSuccess: refresh }));
  const [all, setAll] = useState(true);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    create.mutate(
      {
        url: String(data.get('url') ?? ''),
        description: String(data.get('description') ?? ''),
        siteId: String(data.get('siteId') ?? '') || null,
        eventTypes: all ? [] : (data.getAll('eventType').map(String) as never),
      },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" autoComplete="off">
      {create.error ? <Alert>{errorMessage(create.error)}</Alert> : null}
      {create.data ? (
        <ShownOnce label={`Signing secret of ${create.data.endpoint.url}.`} value={create.data.secret} />
      ) : null}
      <Field label="URL">
        <Input name="url" type="url" required maxLength={2000} placeholder="https://example.com/magma-events" />
      </Field>
      <Field label="Description">
        <Input name="description" maxLength={200} placeholder="Billing system" />
      </Field>
      <Field label="Sites">
        <Select name="siteId" defaultValue="">
          <option value="">All sites</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </Field>
      <fieldset className="space-y-1">
        <legend className="mb-1 text-sm font-medium">Events</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Every event type
        </label>
        {all ? null : (
          <div className="grid max-h-64 grid-cols-1 gap-1 overflow-y-auto text-sm sm:grid-cols-2">
            {eventTypes.map((t) => (
              <label key={t} className="flex items-center gap-2 font-mono text-xs">
                <input type="checkbox" name="eventType" value={t} /> {t}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <Button type="submit" busy={create.isPending}>
        Add endpoint
      </Button>
    </form>
  );
}

export function EndpointActions({ id, url, enabled }: { id: string; url: string; enabled: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(trpc.webhooks.sendTest.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhooks.delete.mutationOptions({ onSuccess: refresh }));
  return (
    <div className="flex flex-col gap-2 md:items-end">
      <div className="flex flex-wrap gap-1 md:justify-end">
        {enabled ? (
          <>
            <Button size="sm" busy={test.isPending} onClick={() => test.mutate({ endpointId: id })}>
              Send test event
            </Button>
            <Button size="sm" busy={rotate.isPending} onClick={() => rotate.mutate({ id })}>
              Rotate secret
            </Button>
            <ConfirmButton
              size="sm"
              variant="ghost"
              busy={rotate.isPending}
              confirm={{
                title: `Replace the secret of ${url} now?`,
                body: 'For a leaked secret: events stop being signed with the current secret at once, so the receiver rejects them until it has the new one.',
                confirmLabel: 'Rotate now',
              }}
              onConfirm={() => rotate.mutate({ id, overlapMs: 0 })}
            >
              Rotate now
            </ConfirmButton>
          </>
        ) : null}
        <ConfirmButton
          size="sm"
          busy={update.isPending}
          confirm={
            enabled
              ? {
                  title: `Stop sending events to ${url}?`,
                  body: 'No events are sent to it until you enable it again.',
                  confirmLabel: 'Disable',
                }
              : null
          }
          onConfirm={() => update.mutate({ id, enabled: !enabled })}
        >
          {enabled ? 'Disable' : 'Enable'}
        </ConfirmButton>
        <ConfirmButton
          size="sm"
          variant="danger"
          busy={remove.isPending}
          confirm={{
            title: `Delete ${url}?`,
            body: 'The endpoint and its delivery log are deleted; no more events are sent to it. This cannot be undone.',
            confirmLabel: 'Delete endpoint',
          }}
          onConfirm={() => remove.mutate({ id })}
        >
          Delete
        </ConfirmButton>
      </div>
      <InlineError error={test.error ?? update.error ?? remove.error} />
      {test.data ? <div className="text-xs text-muted">Test event queued: {test.data.messageId}</div> : null}
      {rotate.error ? <Alert>{errorMessage(rotate.error)}</Alert> : null}
      {rotate.data ? (
        <div className="md:max-w-sm">
          <ShownOnce
            label={
              rotate.data.endpoint.previousSecretExpiresAt &&
              new Date(rotate.data.endpoint.previousSecretExpiresAt) > new Date()
                ? `New secret. The old one also signs until ${new Date(rotate.data.endpoint.previousSecretExpiresAt).toISOString().slice(0, 16)}Z.`
                : 'New secret. The old one no longer signs.'
            }
            value={rotate.data.secret}
          />
        </div>
      ) : null}
    </div>
  );
}

export function RedeliverButton({ deliveryId }: { deliveryId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const redeliver = useMutation(trpc.webhooks.redeliver.mutationOptions({ onSuccess: refresh }));
  return (
    <ConfirmButton
      size="sm"
      variant="ghost"
      busy={redeliver.isPending}
      error={redeliver.error}
      confirm={null}
      onConfirm={() => redeliver.mutate({ deliveryId })}
    >
      Redeliver
    </ConfirmButton>
  );
}

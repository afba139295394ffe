'use client';

import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, CardTitle, Field, Input } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';
import type { CONNECTOR_TYPES } from './connector-types.ts';
import { AssignmentFields } from './assignment-fields.tsx';

type Props = {
  id: string;
  name: string;
  siteId: string | null;
  connectorType: string | null;
  priority: number;
  archived: boolean;
  sites: { id: string; name: string }[];
};

/** Where the tariff applies and its priority; archive takes it out of use, restore puts it back. */
export function AssignmentForm(p: Props) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [meta, setMeta] = useState({
    name: p.name,
    siteId: p.siteId ?? '',
    connectorType: p.connectorType ?? '',
    priority: String(p.priority),
  });
  const [done, setDone] = useState<string | null>(null);
  const assign = useMutation(trpc.tariffs.assign.mutationOptions({ onSuccess: () => (setDone('Saved.'), refresh()) }));
  const archive = useMutation(
    trpc.tariffs.archive.mutationOptions({
      onSuccess: (r) => (setDone(r.archived ? 'Archived: no connector uses it now.' : 'Restored.'), refresh()),
    }),
  );
  const priority = Number(meta.priority);
  return (
    <Card>
      <CardTitle description="The most specific tariff wins: site + connector type, then site, then connector type, then fleet-wide.">
        Where it applies
      </CardTitle>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          assign.mutate({
            id: p.id,
            name: meta.name,
            siteId: meta.siteId || null,
            connectorType: (meta.connectorType || null) as (typeof CONNECTOR_TYPES)[number] | null,
            priority: Number.isInteger(priority) ? priority : 0,
          });
        }}
      >
        <Field label="Name">
          <Input value={meta.name} onChange={(e) => setMeta({ ...meta, name: e.target.value })} />
        </Field>
        <AssignmentFields meta={meta} setMeta={setMeta} sites={p.sites} />
        {!Number.isInteger(priority) ? (
          <p className="text-sm text-red-600">Priority is a whole number, like 0 or 10</p>
        ) : null}
        {assign.error ? <Alert>{errorMessage(assign.error)}</Alert> : null}
        {archive.error ? <Alert>{errorMessage(archive.error)}</Alert> : null}
        {done ? <Alert tone="success">{done}</Alert> : null}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="secondary" busy={assign.isPending} disabled={!Number.isInteger(priority)}>
            Save assignment
          </Button>
          <Button
            type="button"
            variant={p.archived ? 'secondary' : 'ghost'}
            busy={archive.isPending}
            onClick={() => {
              setDone(null);
              archive.mutate({ id: p.id, archived: !p.archived });
            }}
          >
            {p.archived ? 'Restore' : 'Archive'}
          </Button>
        </div>
      </form>
    </Card>
  );
}

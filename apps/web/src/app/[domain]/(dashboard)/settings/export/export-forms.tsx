'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Field, Input, Select } from '@magma/ui';
import { ConfirmButton } from '@/components/confirm-dialog.tsx';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

type Format = 'PARQUET' | 'CSV' | 'BOTH';
type Schedule = 'HOURLY' | 'DAILY';
type Current = {
  endpointUrl: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secretLast4: string;
  forcePathStyle: boolean;
  format: Format;
  schedule: Schedule;
  enabled: boolean;
};
type RunRow = {
  id: string;
  trigger: 'SCHEDULE' | 'MANUAL';
  full: boolean;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  rowsExported: number;
  manifestKey: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

const ended = (s: string | undefined) => s === 'SUCCEEDED' || s === 'FAILED';
const STATUS_TONE = { QUEUED: 'neutral', RUNNING: 'brand', SUCCEEDED: 'good', FAILED: 'bad' } as const;
const when = (iso: string) => new Date(iso).toLocaleString('en-IN', { dateStyle: 'medium', timeStyle: 'short' });

export function DestinationForm({ current }: { current: Current | null }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const save = useMutation(trpc.exports.save.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.exports.remove.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    const secret = text('secretAccessKey');
    save.mutate(
      {
        endpointUrl: text('endpointUrl'),
        region: text('region'),
        bucket: text('bucket'),
        prefix: text('prefix'),
        accessKeyId: text('accessKeyId'),
        ...(secret ? { secretAccessKey: secret } : {}),
        forcePathStyle: data.get('forcePathStyle') === 'on',
        format: text('format') as Format,
        schedule: text('schedule') as Schedule,
        enabled: data.get('enabled') === 'on',
      },
      { onSuccess: () => ((form.elements.namedItem('secretAccessKey') as HTMLInputElement).value = '') },
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" autoComplete="off" aria-label="Export destination">
      {save.error ? <Alert>{errorMessage(save.error)}</Alert> : null}
      {save.isSuccess ? <Alert tone="success">Saved. Press Test connection to check it.</Alert> : null}
      <Field label="Endpoint URL" hint="e.g. https://s3.ap-south-1.amazonaws.com or your R2/MinIO address">
        <Input name="endpointUrl" type="url" required maxLength={500} defaultValue={current?.endpointUrl} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Region">
          <Input name="region" required maxLength={40} defaultValue={current?.region ?? 'auto'} />
        </Field>
        <Field label="Bucket">
          <Input name="bucket" required minLength={3} maxLength={63} defaultValue={current?.bucket} />
        </Field>
      </div>
      <Field label="Key prefix (optional)" hint="Objects go under prefix/tenant=…/dataset/…">
        <Input name="prefix" maxLength={200} defaultValue={current?.prefix} placeholder="magma/" />
      </Field>
      <Field label="Access key id">
        <Input name="accessKeyId" required maxLength={128} defaultValue={current?.accessKeyId} />
      </Field>
      <Field
        label="Secret access key"
        hint={current ? `Stored, ending in ${current.secretLast4}. Leave empty to keep it.` : undefined}
      >
        <Input
          name="secretAccessKey"
          type="password"
          required={!current}
          maxLength={256}
          autoComplete="new-password"
          placeholder={current ? `••••${current.secretLast4}` : ''}
        />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Format">
          <Select name="format" defaultValue={current?.format ?? 'PARQUET'}>
            <option value="PARQUET">Parquet</option>
            <option value="CSV">CSV</option>
            <option value="BOTH">Parquet and CSV</option>
          </Select>
        </Field>
        <Field label="Schedule">
          <Select name="schedule" defaultValue={current?.schedule ?? 'DAILY'}>
            <option value="HOURLY">Every hour</option>
            <option value="DAILY">Every day (00:00 UTC)</option>
          </Select>
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="forcePathStyle" defaultChecked={current?.forcePathStyle ?? true} />
        Path-style addresses (endpoint/bucket/key), as most S3-compatible stores want
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={current?.enabled ?? true} />
        Export on the schedule
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={save.isPending}>
          Save destination
        </Button>
        {current ? (
          <ConfirmButton
            type="button"
            variant="ghost"
            busy={remove.isPending}
            confirm={{
              title: 'Remove the export destination?',
              body: 'The destination, its sealed key and its run history are removed. What was already exported stays in the bucket.',
              confirmLabel: 'Remove destination',
            }}
            onConfirm={() => remove.mutate()}
          >
            Remove
          </ConfirmButton>
        ) : null}
      </div>
      {remove.error ? <Alert>{errorMessage(remove.error)}</Alert> : null}
    </form>
  );
}

/** The run in progress: polled every second until it ends. */
function RunProgress({ runId, onDone }: { runId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const run = useQuery(
    trpc.exports.run.queryOptions(
      { id: runId },
      {
        refetchInterval: (q) => (ended(q.state.data?.status) ? false : 1_000),
      },
    ),
  );
  // Once, when the run ends: the page's run list and last-export line catch up.
  const reported = useRef(false);
  const status = run.data?.status;
  useEffect(() => {
    if (!ended(status) || reported.current) return;
    reported.current = true;
    onDone();
  }, [status, onDone]);
  if (run.error) return <Alert>{errorMessage(run.error)}</Alert>;
  const r = run.data;
  if (!r) return null;
  const total = r.rowsTotal ?? 0;
  // Datasets finished count fully; rows give the motion inside the current one.
  const fraction =
    r.status === 'SUCCEEDED'
      ? 1
      : total > 0
        ? Math.min(r.rowsExported / total, 1)
        : r.datasetsTotal > 0
          ? r.datasetsDone / r.datasetsTotal
          : 0;
  const pct = Math.round(fraction * 100);
  const label =
    r.status === 'QUEUED'
      ? 'Queued: the worker starts it within a minute'
      : r.status === 'RUNNING'
        ? `Exporting ${r.currentDataset?.replace('_', ' ') ?? ''} (${r.datasetsDone} of ${r.datasetsTotal} datasets, ${r.rowsExported.toLocaleString('en-IN')} of ${total.toLocaleString('en-IN')} rows)`
        : r.status === 'SUCCEEDED'
          ? `Done: ${r.rowsExported.toLocaleString('en-IN')} rows exported`
          : 'Failed';
  return (
    <div className="space-y-2" data-testid="export-progress">
      <div className="flex justify-between text-sm">
        <span>{label}</span>
        <span className="tabular-nums text-muted">{pct}%</span>
      </div>
      <div
        role="progressbar"
        aria-label="Export progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-2 w-full overflow-hidden rounded-full bg-tint"
      >
        <div
          className={`h-full rounded-full transition-[width] ${r.status === 'FAILED' ? 'bg-red-500' : 'bg-primary'}`}
          style={{ width: `${pct}%` }}
        />
      </div>
      {r.status === 'FAILED' && r.error ? <Alert>{r.error}</Alert> : null}
      {r.manifestKey ? (
        <div className="text-xs text-muted">
          Manifest: <span className="font-mono break-all">{r.manifestKey}</span>
        </div>
      ) : null}
    </div>
  );
}

export function ExportPanel({
  configured,
  lastSuccessAt,
  nextRunAt,
  runs,
}: {
  configured: boolean;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
  runs: RunRow[];
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const pending = runs.find((r) => r.status === 'QUEUED' || r.status === 'RUNNING');
  const [watching, setWatching] = useState<string | null>(pending?.id ?? null);
  const test = useMutation(trpc.exports.test.mutationOptions());
  const exportNow = useMutation(
    trpc.exports.exportNow.mutationOptions({
      onSuccess: (run) => {
        setWatching(run.id);
        refresh();
      },
    }),
  );
  if (!configured) return <p className="text-sm text-muted">Set up a destination first (the form beside this).</p>;
  return (
    <div className="space-y-5">
      <div className="text-sm text-muted">
        {lastSuccessAt ? `Last successful export ${when(lastSuccessAt)}.` : 'Nothing exported yet.'}{' '}
        {nextRunAt ? `Next scheduled export ${when(nextRunAt)}.` : 'Scheduled exports are off.'}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button busy={exportNow.isPending} onClick={() => exportNow.mutate({})}>
          Export now
        </Button>
        <ConfirmButton
          variant="ghost"
          busy={exportNow.isPending}
          confirm={{
            title: 'Export everything from the start?',
            body: 'Every row of every dataset is written again, into a separate run. The schedule and its watermarks are not affected.',
            confirmLabel: 'Full export',
          }}
          onConfirm={() => exportNow.mutate({ full: true })}
        >
          Full export
        </ConfirmButton>
        <Button variant="ghost" busy={test.isPending} onClick={() => test.mutate()}>
          Test connection
        </Button>
      </div>
      {exportNow.error ? <Alert>{errorMessage(exportNow.error)}</Alert> : null}
      {test.error ? <Alert>{errorMessage(test.error)}</Alert> : null}
      {test.data ? (
        <div data-testid="test-result">
          <Alert tone={test.data.ok ? 'success' : 'error'}>{test.data.message}</Alert>
        </div>
      ) : null}
      {watching ? <RunProgress key={watching} runId={watching} onDone={refresh} /> : null}
      {runs.length ? (
        <div>
          <h3 className="mb-2 text-sm font-medium">Recent runs</h3>
          <ul className="divide-y divide-line text-sm">
            {runs.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {when(r.createdAt)} · {r.trigger === 'MANUAL' ? (r.full ? 'Full export' : 'Export now') : 'Scheduled'}
                </span>
                <span className="flex items-center gap-2">
                  {r.status === 'SUCCEEDED' ? (
                    <span className="tabular-nums text-muted">{r.rowsExported.toLocaleString('en-IN')} rows</span>
                  ) : null}
                  <Badge tone={STATUS_TONE[r.status]}>{r.status.toLowerCase()}</Badge>
                </span>
                {r.status === 'FAILED' && r.error ? (
                  <span className="w-full text-xs text-red-700">{r.error}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

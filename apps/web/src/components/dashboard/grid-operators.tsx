'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Badge, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

// A site's grid operators (OSCP, #21), for operator admins on the load-balancing page: each
// connection's state (registration, handshake, heartbeats, last error), the capacity its forecasts
// give the site over the next 24 hours as a step chart, Register and Remove; and a form to add one.

export type GridOperatorView = {
  id: string;
  name: string;
  version: '1.0' | '2.0';
  baseUrl: string;
  groupId: string;
  outboundTokenLast4: string;
  status: 'PENDING' | 'REGISTERED' | 'CONNECTED' | 'FAILED';
  registeredAt: Date | null;
  handshakeAt: Date | null;
  lastHeartbeatSentAt: Date | null;
  lastHeartbeatReceivedAt: Date | null;
  peerOfflineAt: Date | null;
  lastMeasurementAt: Date | null;
  lastError: string | null;
  tokenIssued: boolean;
  capacity: { from: Date; to: Date; maxCurrentA: number | null; maxPowerW: number | null }[];
};

const TONE = { PENDING: 'warn', REGISTERED: 'warn', CONNECTED: 'good', FAILED: 'bad' } as const;
const STATUS = {
  PENDING: 'Not registered',
  REGISTERED: 'Registered',
  CONNECTED: 'Connected',
  FAILED: 'Failed',
} as const;

const when = (d: Date | null) =>
  d ? new Date(d).toLocaleString('en-IN', { dateStyle: 'medium', timeStyle: 'short' }) : '—';

/** The forecast capacity over the next 24 hours as steps (kW, or A per phase). */
function CapacityChart({ blocks }: { blocks: GridOperatorView['capacity'] }) {
  if (!blocks.length)
    return <p className="text-sm text-muted">No forecast in force: the site&apos;s own capacity applies.</p>;
  const inKw = blocks.every((b) => b.maxPowerW !== null);
  const value = (b: (typeof blocks)[number]) => (inKw ? (b.maxPowerW ?? 0) / 1000 : (b.maxCurrentA ?? 0));
  const unit = inKw ? 'kW' : 'A';
  const t0 = new Date(blocks[0]!.from).getTime();
  const t1 = new Date(blocks.at(-1)!.to).getTime();
  const max = Math.max(...blocks.map(value), 1);
  const W = 600;
  const H = 120;
  const x = (t: number) => ((t - t0) / Math.max(t1 - t0, 1)) * W;
  const y = (v: number) => H - (v / max) * (H - 10);
  return (
    <figure className="space-y-1" data-testid="forecast-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className="h-32 w-full"
        role="img"
        aria-label={`Forecast capacity in ${unit}`}
      >
        {blocks.map((b, i) => {
          const from = x(new Date(b.from).getTime());
          const to = x(new Date(b.to).getTime());
          return (
            <rect
              key={i}
              x={from}
              y={y(value(b))}
              width={Math.max(to - from, 1)}
              height={H - y(value(b))}
              className="fill-primary opacity-70"
            />
          );
        })}
      </svg>
      <figcaption className="flex justify-between text-xs text-muted tabular-nums">
        <span>{when(blocks[0]!.from)}</span>
        <span>
          up to {max.toLocaleString('en-IN', { maximumFractionDigits: 1 })} {unit}
        </span>
        <span>{when(blocks.at(-1)!.to)}</span>
      </figcaption>
      <ul className="text-xs text-muted tabular-nums">
        {blocks.slice(0, 6).map((b, i) => (
          <li key={i}>
            {when(b.from)} – {when(b.to)}: {value(b).toLocaleString('en-IN', { maximumFractionDigits: 1 })} {unit}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function Connection({ c }: { c: GridOperatorView }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const register = useMutation(trpc.oscp.register.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.oscp.remove.mutationOptions({ onSuccess: refresh }));
  const error = register.error ?? remove.error;
  return (
    <li className="space-y-3 rounded-lg border border-line p-4" data-testid="grid-operator">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{c.name}</span>
        <Badge tone={TONE[c.status]}>{STATUS[c.status]}</Badge>
        <span className="text-xs text-muted">
          OSCP {c.version} · group {c.groupId} · token …{c.outboundTokenLast4}
        </span>
      </div>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <div>
          <dt className="inline text-muted">Registered: </dt>
          <dd className="inline">{when(c.registeredAt)}</dd>
        </div>
        <div>
          <dt className="inline text-muted">Handshake: </dt>
          <dd className="inline">{when(c.handshakeAt)}</dd>
        </div>
        <div>
          <dt className="inline text-muted">Our last heartbeat: </dt>
          <dd className="inline">{when(c.lastHeartbeatSentAt)}</dd>
        </div>
        <div>
          <dt className="inline text-muted">Theirs: </dt>
          <dd className="inline">
            {when(c.lastHeartbeatReceivedAt)}
            {c.peerOfflineAt ? ` (offline after ${when(c.peerOfflineAt)})` : ''}
          </dd>
        </div>
        <div className="sm:col-span-2 break-all">
          <dt className="inline text-muted">Capacity Provider: </dt>
          <dd className="inline">{c.baseUrl}</dd>
        </div>
      </dl>
      {c.lastError ? <Alert>Last error: {c.lastError}</Alert> : null}
      {error ? <Alert>{errorMessage(error)}</Alert> : null}
      {register.data?.token ? (
        <Alert tone="success">
          Token for the grid operator, shown only now:{' '}
          <code className="font-mono font-semibold break-all" data-testid="oscp-token">
            {register.data.token}
          </code>
        </Alert>
      ) : null}
      <CapacityChart blocks={c.capacity} />
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="secondary" busy={register.isPending} onClick={() => register.mutate({ id: c.id })}>
          {c.tokenIssued ? 'Register again' : 'Register'}
        </Button>
        <Button size="sm" variant="ghost" busy={remove.isPending} onClick={() => remove.mutate({ id: c.id })}>
          Remove
        </Button>
      </div>
    </li>
  );
}

export function GridOperators({ siteId, connections }: { siteId: string; connections: GridOperatorView[] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [adding, setAdding] = useState(connections.length === 0);
  const save = useMutation(trpc.oscp.save.mutationOptions({ onSuccess: () => (setAdding(false), refresh()) }));
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '');
    save.mutate({
      siteId,
      name: text('name'),
      version: text('version') === '1.0' ? '1.0' : '2.0',
      baseUrl: text('baseUrl'),
      groupId: text('groupId'),
      token: text('token'),
    });
  };
  return (
    <div className="space-y-4" data-testid="grid-operators">
      {connections.length ? (
        <ul className="space-y-4">
          {connections.map((c) => (
            <Connection key={c.id} c={c} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">No grid operator sends this site capacity forecasts.</p>
      )}
      {adding ? (
        <form onSubmit={submit} className="grid grid-cols-1 gap-3 sm:grid-cols-2" aria-label="Add a grid operator">
          {save.error ? (
            <div className="sm:col-span-2">
              <Alert>{errorMessage(save.error)}</Alert>
            </div>
          ) : null}
          <Field label="Name">
            <Input name="name" required maxLength={100} placeholder="City DSO" />
          </Field>
          <Field label="OSCP version">
            <Select name="version" defaultValue="2.0">
              <option value="2.0">2.0</option>
              <option value="1.0">1.0</option>
            </Select>
          </Field>
          <Field label="Capacity Provider URL" hint="Its base URL for this version">
            <Input name="baseUrl" type="url" required maxLength={500} placeholder="https://dso.example/oscp/2.0" />
          </Field>
          <Field label="Group id" hint="What the grid operator calls this site">
            <Input name="groupId" required maxLength={256} />
          </Field>
          <div className="sm:col-span-2">
            <Field label="Token" hint="The one the grid operator gave you; stored sealed, never shown again">
              <Input name="token" required minLength={8} maxLength={512} autoComplete="off" />
            </Field>
          </div>
          <div className="flex gap-2 sm:col-span-2">
            <Button type="submit" busy={save.isPending}>
              Save
            </Button>
            {connections.length ? (
              <Button type="button" variant="ghost" onClick={() => setAdding(false)}>
                Cancel
              </Button>
            ) : null}
          </div>
        </form>
      ) : (
        <Button size="sm" variant="secondary" onClick={() => setAdding(true)}>
          Add a grid operator
        </Button>
      )}
    </div>
  );
}

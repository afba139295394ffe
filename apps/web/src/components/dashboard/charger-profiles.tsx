'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { Alert, Badge, Button, EmptyState, Input, Select, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { parsePeriods } from './profile-periods.ts';

// The charger page's charging profiles (issue #21): the profiles the CSMS set with the charger's
// answer, a small form to set one (purpose, kind, unit, periods), Clear per profile, and the
// composite schedule the charger reports as a step chart. Setting and asking are the operator's.

export type ProfileRow = {
  id: string;
  evseId: number;
  ocppProfileId: number;
  purpose: string;
  kind: string;
  stackLevel: number;
  chargingRateUnit: string;
  status: string;
  profile: unknown;
};
export type CompositeRow = {
  evseId: number;
  status: string;
  unit: 'A' | 'W' | null;
  duration: number | null;
  periods: { startPeriod: number; limit: number }[];
};

const TONE: Record<string, 'good' | 'warn' | 'bad' | 'neutral'> = {
  ACTIVE: 'good',
  PENDING: 'neutral',
  REJECTED: 'bad',
  FAILED: 'bad',
  CLEARED: 'neutral',
  REPLACED: 'neutral',
};

function periodsOf(profile: unknown): string {
  const p = profile as { profile?: { schedules?: { periods?: { startPeriod: number; limit: number }[] }[] } };
  return (p.profile?.schedules?.[0]?.periods ?? []).map((x) => `${x.startPeriod}s: ${x.limit}`).join(', ');
}

function CompositeChart({ c }: { c: CompositeRow }) {
  const total = c.duration ?? Math.max(3600, (c.periods.at(-1)?.startPeriod ?? 0) + 600);
  const max = Math.max(1, ...c.periods.map((p) => p.limit));
  const W = 600;
  const H = 120;
  const x = (s: number) => (s / total) * W;
  const y = (l: number) => H - (l / max) * (H - 10);
  const d = c.periods
    .map((p, i) => {
      const end = c.periods[i + 1]?.startPeriod ?? total;
      return `${i ? 'L' : 'M'}${x(p.startPeriod)},${y(p.limit)} L${x(end)},${y(p.limit)}`;
    })
    .join(' ');
  return (
    <figure data-testid={`composite-${c.evseId}`}>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-32 w-full" role="img" aria-label="Composite schedule">
        <path d={d} fill="none" stroke="currentColor" strokeWidth={2} className="text-brand" />
      </svg>
      <figcaption className="text-xs text-muted">
        {c.evseId ? `#${c.evseId}` : 'Station'} · {c.status} · up to {max} {c.unit ?? ''} over {Math.round(total / 60)}{' '}
        min · {c.periods.map((p) => `${p.startPeriod}s: ${p.limit}`).join(', ')}
      </figcaption>
    </figure>
  );
}

export function ChargerProfiles({
  chargerId,
  protocol,
  evseIds,
  profiles,
  composites,
  operator,
}: {
  chargerId: string;
  protocol: 'OCPP16' | 'OCPP201';
  evseIds: number[];
  profiles: ProfileRow[];
  composites: CompositeRow[];
  operator: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [note, setNote] = useState<{ text: string; ok: boolean } | null>(null);
  const done = (text: string, ok: boolean) => {
    setNote({ text, ok });
    router.refresh();
  };
  const set = useMutation(
    trpc.smartCharging.set.mutationOptions({
      onSuccess: (r) =>
        done(
          `SetChargingProfile: ${r.answer ?? 'no answer'} (profile #${r.profile.ocppProfileId})`,
          r.answer === 'Accepted',
        ),
    }),
  );
  const clear = useMutation(
    trpc.smartCharging.clear.mutationOptions({
      onSuccess: (r) =>
        done(`ClearChargingProfile: ${r.answer ?? 'no answer'}, ${r.cleared} cleared`, r.answer === 'Accepted'),
    }),
  );
  const composite = useMutation(
    trpc.smartCharging.compositeSchedule.mutationOptions({
      onSuccess: (r) => done(`GetCompositeSchedule: ${r.status}`, r.status === 'Accepted'),
    }),
  );
  const busy = set.isPending || clear.isPending || composite.isPending;
  const error = set.error ?? clear.error ?? composite.error;
  const [badPeriods, setBadPeriods] = useState(false);
  const place = protocol === 'OCPP16' ? 'Connector' : 'EVSE';
  const places = [0, ...new Set(evseIds)];

  const onSet = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const periods = parsePeriods(String(f.get('periods') ?? ''));
    setBadPeriods(!periods);
    if (!periods) return;
    set.mutate({
      chargerId,
      evseId: Number(f.get('evseId')),
      purpose: String(f.get('purpose')) as 'TxDefaultProfile',
      kind: String(f.get('kind')) as 'Absolute',
      stackLevel: Number(f.get('stackLevel')),
      unit: String(f.get('unit')) as 'W',
      periods,
    });
  };

  return (
    <div className="space-y-4" data-testid="charging-profiles">
      <div aria-live="polite">
        {busy ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {error && !busy ? <Alert>{error.message}</Alert> : null}
        {badPeriods ? <Alert>Periods are “seconds:limit”, comma separated, e.g. 0:11000, 1800:7400.</Alert> : null}
        {note && !busy ? (
          <Alert tone={note.ok ? 'success' : 'error'}>
            <span data-testid="profile-answer">{note.text}</span>
          </Alert>
        ) : null}
      </div>
      {operator ? (
        <form
          className="grid gap-2 sm:grid-cols-3 lg:grid-cols-7 lg:items-end"
          aria-label="Set a charging profile"
          onSubmit={onSet}
        >
          <label className="block space-y-1 text-sm">
            <span className="text-xs text-muted">{place}</span>
            <Select name="evseId" defaultValue={0}>
              {places.map((id) => (
                <option key={id} value={id}>
                  {id ? `${place} ${id}` : 'Whole station'}
                </option>
              ))}
            </Select>
          </label>
          <label className="block space-y-1 text-sm">
            <span className="text-xs text-muted">Purpose</span>
            <Select name="purpose" defaultValue="TxDefaultProfile">
              <option value="TxDefaultProfile">Default for sessions</option>
              <option value="TxProfile">Running session</option>
              <option value="ChargingStationMaxProfile">Station maximum</option>
            </Select>
          </label>
          <label className="block space-y-1 text-sm">
            <span className="text-xs text-muted">Kind</span>
            <Select name="kind" defaultValue="Absolute">
              <option value="Absolute">Absolute (from now)</option>
              <option value="Relative">Relative (from session start)</option>
            </Select>
          </label>
          <label className="block space-y-1 text-sm">
            <span className="text-xs text-muted">Stack level</span>
            <Input name="stackLevel" type="number" min={0} max={1000} defaultValue={1} required />
          </label>
          <label className="block space-y-1 text-sm">
            <span className="text-xs text-muted">Unit</span>
            <Select name="unit" defaultValue="W">
              <option value="W">W</option>
              <option value="A">A (per phase)</option>
            </Select>
          </label>
          <label className="block space-y-1 text-sm">
            <span className="text-xs text-muted">Periods (s:limit)</span>
            <Input name="periods" required maxLength={800} defaultValue="0:11000" autoComplete="off" />
          </label>
          <Button type="submit" variant="secondary" size="sm" disabled={busy} className="lg:mb-1">
            Set profile
          </Button>
        </form>
      ) : null}
      {profiles.length === 0 ? (
        <EmptyState title="No charging profiles set from here" />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Id</Th>
              <Th>{place}</Th>
              <Th>Purpose</Th>
              <Th>Level</Th>
              <Th>Schedule</Th>
              <Th>Status</Th>
              {operator ? <Th className="w-0" /> : null}
            </tr>
          </thead>
          <tbody data-testid="profile-rows">
            {profiles.map((p) => (
              <tr key={p.id} data-status={p.status.toLowerCase()}>
                <Td className="font-mono text-xs">#{p.ocppProfileId}</Td>
                <Td>{p.evseId ? `#${p.evseId}` : 'Station'}</Td>
                <Td>
                  {p.purpose} · {p.kind}
                </Td>
                <Td>{p.stackLevel}</Td>
                <Td className="text-xs">
                  {periodsOf(p.profile)} {p.chargingRateUnit}
                </Td>
                <Td>
                  <Badge tone={TONE[p.status] ?? 'neutral'}>{p.status.toLowerCase()}</Badge>
                </Td>
                {operator ? (
                  <Td>
                    {p.status === 'ACTIVE' ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={busy}
                        onClick={() => clear.mutate({ chargerId, profileId: p.ocppProfileId })}
                      >
                        Clear
                      </Button>
                    ) : null}
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="space-y-2">
        {operator ? (
          <div className="flex flex-wrap gap-2">
            {places.map((id) => (
              <Button
                key={id}
                size="sm"
                variant="secondary"
                disabled={busy}
                onClick={() => composite.mutate({ chargerId, evseId: id, duration: 86_400 })}
              >
                Composite schedule {id ? `#${id}` : 'station'}
              </Button>
            ))}
          </div>
        ) : null}
        {composites.map((c) => (
          <CompositeChart key={c.evseId} c={c} />
        ))}
      </div>
    </div>
  );
}

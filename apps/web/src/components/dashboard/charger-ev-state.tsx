'use client';

import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CardTitle, EmptyState, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';
import { dateTime, kw, kwh } from './format.ts';

// The charger page's EV and external limits (issue #21, 2.0.1 K12–K17): per EVSE, what the EV asked
// for and the schedule it proposed, the limits an EMS, the grid operator or another party set on the
// station (with the cleared ones in its history), next to the limit our load balancing last sent.

type Period = { startPeriod: number; limit: number; numberPhases?: number };

const TRANSFER: Record<string, string> = {
  AC_single_phase: 'AC, single phase',
  AC_two_phase: 'AC, two phases',
  AC_three_phase: 'AC, three phases',
  DC: 'DC',
};

const SOURCE: Record<string, string> = {
  EMS: 'Energy management system (EMS)',
  SO: 'System operator (SO)',
  CSO: 'Charging station operator (CSO)',
  Other: 'Other',
};

const amps = (a: number | null | undefined) => (a === null || a === undefined ? null : `${a} A`);
const limitText = (a: number | null, w: number | null) =>
  [amps(a), w === null ? null : kw(w)].filter(Boolean).join(' · ') || 'no period in force';
const rate = (limit: number, unit: 'A' | 'W') => (unit === 'A' ? `${limit} A` : kw(limit));
const minutes = (s: number) =>
  s < 3600 ? `${Math.round(s / 60)} min` : `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="font-medium break-words">{children ?? '—'}</dd>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h4 className="text-sm font-semibold">{title}</h4>
      {children}
    </section>
  );
}

/** A schedule's periods as rows: from when (its start plus the offset), the limit, phases. */
function PeriodTable({
  label,
  periods,
  unit,
  start,
  duration,
  timeZone,
}: {
  label: string;
  periods: Period[];
  unit: 'A' | 'W';
  start: Date | null;
  duration: number | null;
  timeZone: string;
}) {
  return (
    <Table>
      <caption className="sr-only">{label}</caption>
      <thead>
        <tr>
          <Th>From</Th>
          <Th>Limit</Th>
          <Th>Phases</Th>
        </tr>
      </thead>
      <tbody>
        {periods.map((p) => (
          <tr key={p.startPeriod}>
            <Td className="tabular-nums">
              {start ? dateTime(new Date(new Date(start).getTime() + p.startPeriod * 1000), timeZone) : null}
              <span className="block text-xs text-muted">+{minutes(p.startPeriod)}</span>
            </Td>
            <Td className="tabular-nums">{rate(p.limit, unit)}</Td>
            <Td>{p.numberPhases ?? '—'}</Td>
          </tr>
        ))}
      </tbody>
      {duration !== null ? (
        <tfoot>
          <tr>
            <Td colSpan={3} className="text-xs text-muted">
              Ends after {minutes(duration)}
            </Td>
          </tr>
        </tfoot>
      ) : null}
    </Table>
  );
}

export function ChargerEvState({ chargerId, timeZone }: { chargerId: string; timeZone: string }) {
  const trpc = useTRPC();
  const state = useQuery({ ...trpc.smartCharging.evState.queryOptions({ chargerId }), refetchInterval: 15_000 });
  const evses = state.data?.evses.filter(
    (e) => e.needs || e.schedule || e.limits.length || e.balancing || e.history.length,
  );
  return (
    <Card className="mt-6">
      <CardTitle description="What the EV asks for and plans (ISO 15118 through the charger), limits others set on the charger, and the limit our load balancing sent.">
        EV needs and external limits
      </CardTitle>
      <div className="space-y-4 text-sm" data-testid="ev-state">
        <div className="flex flex-wrap items-center gap-3">
          <Button size="sm" variant="secondary" busy={state.isFetching} onClick={() => void state.refetch()}>
            Refresh
          </Button>
          {state.dataUpdatedAt ? (
            <span className="text-xs text-muted">Read {dateTime(new Date(state.dataUpdatedAt), timeZone)}</span>
          ) : null}
        </div>
        {state.error ? <Alert>{errorMessage(state.error)}</Alert> : null}
        {evses && !evses.length ? (
          <EmptyState title="Nothing from an EV or an external limit yet">
            They appear when the charger sends NotifyEVChargingNeeds, NotifyEVChargingSchedule or NotifyChargingLimit.
          </EmptyState>
        ) : null}
        {evses?.map((e) => {
          const place = e.evseId === 0 ? 'Whole station' : `EVSE #${e.evseId}`;
          return (
            <article
              key={e.evseId}
              aria-label={place}
              data-testid={`ev-state-${e.evseId}`}
              className="space-y-4 rounded-lg border border-line p-4"
            >
              <h3 className="font-semibold">{place}</h3>
              {e.needs ? (
                <Section title="EV charging needs">
                  <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="ev-needs">
                    <Fact label="Energy requested">
                      {e.needs.energyAmountWh === null ? null : kwh(e.needs.energyAmountWh)}
                    </Fact>
                    <Fact label="Departure">
                      {e.needs.departureTime ? dateTime(e.needs.departureTime, timeZone) : null}
                    </Fact>
                    <Fact label="Transfer mode">
                      {TRANSFER[e.needs.requestedEnergyTransfer] ?? e.needs.requestedEnergyTransfer}
                    </Fact>
                    <Fact label="Current (min – max)">
                      {e.needs.minCurrentA === null && e.needs.maxCurrentA === null
                        ? null
                        : `${e.needs.minCurrentA ?? '—'} – ${e.needs.maxCurrentA ?? '—'} A`}
                    </Fact>
                    {e.needs.maxPowerW !== null ? <Fact label="Max power">{kw(e.needs.maxPowerW)}</Fact> : null}
                    {e.needs.maxVoltageV !== null ? (
                      <Fact label="Max voltage">{`${e.needs.maxVoltageV} V`}</Fact>
                    ) : null}
                    {e.needs.stateOfChargePct !== null ? (
                      <Fact label="State of charge">{`${e.needs.stateOfChargePct}%`}</Fact>
                    ) : null}
                    <Fact label="Received">{dateTime(e.needs.receivedAt, timeZone)}</Fact>
                  </dl>
                </Section>
              ) : null}
              {e.schedule ? (
                <Section title="Schedule the EV proposed">
                  <div data-testid="ev-schedule">
                    <PeriodTable
                      label={`Schedule the EV proposed on ${place}`}
                      periods={e.schedule.periods}
                      unit={e.schedule.unit}
                      start={e.schedule.startSchedule ?? e.schedule.timeBase}
                      duration={e.schedule.duration}
                      timeZone={timeZone}
                    />
                    <p className="mt-1 text-xs text-muted">
                      Received {dateTime(e.schedule.receivedAt, timeZone)}
                      {e.schedule.minChargingRate !== null
                        ? ` · charges at least ${rate(e.schedule.minChargingRate, e.schedule.unit)}`
                        : ''}
                    </p>
                  </div>
                </Section>
              ) : null}
              <Section title="External limits in force">
                {e.limits.length ? (
                  <ul className="space-y-3" data-testid="external-limits">
                    {e.limits.map((l) => (
                      <li key={l.source} className="space-y-2">
                        <p>
                          <span className="font-medium">{SOURCE[l.source] ?? l.source}</span>:{' '}
                          {limitText(l.limitA, l.limitW)}{' '}
                          <span className="text-muted">since {dateTime(l.since, timeZone)}</span>{' '}
                          {l.isGridCritical ? <Badge tone="bad">grid critical</Badge> : null}
                        </p>
                        {l.unit && l.periods.length > 1 ? (
                          <PeriodTable
                            label={`${l.source} limit schedule on ${place}`}
                            periods={l.periods}
                            unit={l.unit}
                            start={l.since}
                            duration={null}
                            timeZone={timeZone}
                          />
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-muted">None</p>
                )}
              </Section>
              <Section title="Our load balancing">
                {e.balancing ? (
                  <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="balancing">
                    <Fact label="Circuit">{e.balancing.circuitName}</Fact>
                    <Fact label="Range">{`${e.balancing.minCurrentA} – ${e.balancing.maxCurrentA} A, ${e.balancing.phases} ph`}</Fact>
                    <Fact label="Last limit sent">
                      {e.balancing.lastSentAt
                        ? e.balancing.lastLimitA === 0
                          ? 'paused (0 A)'
                          : limitText(e.balancing.lastLimitA, e.balancing.lastLimitW)
                        : 'none yet'}
                    </Fact>
                    <Fact label="Sent">
                      {e.balancing.lastSentAt ? dateTime(e.balancing.lastSentAt, timeZone) : null}
                    </Fact>
                  </dl>
                ) : (
                  <p className="text-muted">Not load balanced (not under a circuit of its site).</p>
                )}
              </Section>
              {e.history.length ? (
                <Section title="Limit history">
                  <ul className="divide-y divide-line" data-testid="limit-history">
                    {e.history.map((h, i) => (
                      <li key={i} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                        <span>
                          {h.kind === 'SET' ? <Badge tone="warn">set</Badge> : <Badge>cleared</Badge>} {h.source}
                          {h.kind === 'SET' ? `: ${limitText(h.limitA, h.limitW)}` : ''}
                        </span>
                        <span className="text-xs text-muted">{dateTime(h.at, timeZone)}</span>
                      </li>
                    ))}
                  </ul>
                </Section>
              ) : null}
            </article>
          );
        })}
      </div>
    </Card>
  );
}

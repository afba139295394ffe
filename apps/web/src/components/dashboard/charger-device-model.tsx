'use client';

import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CardTitle, Field, Input, Select, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';
import { ChargerMonitoring, ReplyLine } from './charger-monitoring.tsx';

const STATUS_TONE: Record<string, 'good' | 'bad' | 'warn' | 'neutral'> = {
  COMPLETE: 'good',
  INCOMPLETE: 'warn',
  REFUSED: 'bad',
  EMPTY: 'neutral',
  REQUESTED: 'neutral',
  RECEIVING: 'neutral',
};
const BASES = ['FullInventory', 'ConfigurationInventory', 'SummaryInventory'] as const;
const CRITERIA = ['Active', 'Available', 'Enabled', 'Problem'] as const;

type Attribute = { type: string; value: string | null; mutability: string };

const actualOf = (attrs: Attribute[]) => attrs.find((a) => a.type === 'Actual');

/**
 * A 2.0.1 charger's device model (B): its inventory as last reported, browsable by a part of the
 * key, each report's state (parts, items, incomplete after a missing part) and what it changed;
 * operators ask for a base report or a custom GetReport. Monitoring (N) is below, in its own part.
 */
export function ChargerDeviceModel({
  chargerId,
  evseIds,
  operator,
  admin,
}: {
  chargerId: string;
  evseIds: number[];
  operator: boolean;
  admin: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState('');
  const [base, setBase] = useState<(typeof BASES)[number]>('FullInventory');
  const [keys, setKeys] = useState('');
  const [criteria, setCriteria] = useState<string[]>([]);
  const [openDiff, setOpenDiff] = useState<string | null>(null);
  const model = useQuery({
    ...trpc.deviceModel.get.queryOptions({ chargerId, filter: filter.trim(), limit: 200 }),
    placeholderData: keepPreviousData,
    // Reports arrive in parts after the answer: look again while one is on its way.
    refetchInterval: (q) =>
      q.state.data?.reports.some((r) => r.status === 'REQUESTED' || r.status === 'RECEIVING') ? 1000 : false,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deviceModel.get.pathKey() });
  const baseReport = useMutation(trpc.deviceModel.requestBaseReport.mutationOptions({ onSuccess: refresh }));
  const customReport = useMutation(trpc.deviceModel.requestReport.mutationOptions({ onSuccess: refresh }));
  const m = model.data;
  const busy = baseReport.isPending || customReport.isPending;
  const error = model.error ?? baseReport.error ?? customReport.error;
  const shownDiff = m?.reports.find((r) => r.id === (openDiff ?? m.reports.find((x) => x.diff)?.id));
  const keyList = keys
    .split(/[\n,]+/)
    .map((k) => k.trim())
    .filter(Boolean);

  return (
    <Card className="mt-6">
      <CardTitle description="The charger's components and variables as it last reported them (OCPP 2.0.1 GetBaseReport, GetReport). Each report is assembled from its parts and compared with the one before.">
        Device model
      </CardTitle>
      <div className="space-y-4 text-sm" data-testid="device-model">
        {error ? <Alert>{errorMessage(error)}</Alert> : null}
        {operator ? (
          <div className="grid gap-4 lg:grid-cols-2">
            <div className="flex flex-wrap items-end gap-2">
              <Field label="Base report">
                <Select value={base} onChange={(e) => setBase(e.target.value as (typeof BASES)[number])}>
                  {BASES.map((b) => (
                    <option key={b} value={b}>
                      {b}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button
                size="sm"
                busy={baseReport.isPending}
                disabled={busy}
                onClick={() => (customReport.reset(), baseReport.mutate({ chargerId, reportBase: base }))}
              >
                Get base report
              </Button>
            </div>
            <div className="space-y-2">
              <Field
                label="Custom report (GetReport)"
                hint="Component[instance]@evse.connector, optionally /Variable[instance]; one a line or comma-separated."
              >
                <Input
                  value={keys}
                  maxLength={4000}
                  onChange={(e) => setKeys(e.target.value)}
                  placeholder="EVSE@1/Power, SecurityCtrlr"
                  aria-label="Component variables"
                />
              </Field>
              <div className="flex flex-wrap items-center gap-3">
                {CRITERIA.map((c) => (
                  <label key={c} className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      checked={criteria.includes(c)}
                      onChange={() =>
                        setCriteria(criteria.includes(c) ? criteria.filter((x) => x !== c) : [...criteria, c])
                      }
                    />
                    {c}
                  </label>
                ))}
                <Button
                  size="sm"
                  variant="secondary"
                  busy={customReport.isPending}
                  disabled={busy || (!keyList.length && !criteria.length)}
                  onClick={() => (
                    baseReport.reset(),
                    customReport.mutate({
                      chargerId,
                      componentVariables: keyList,
                      componentCriteria: criteria as (typeof CRITERIA)[number][],
                    })
                  )}
                >
                  Get report
                </Button>
              </div>
            </div>
          </div>
        ) : null}
        <div role="status" data-testid="device-model-reply">
          {baseReport.data ? <ReplyLine label="GetBaseReport" reply={baseReport.data.reply} /> : null}
          {customReport.data ? (
            <ReplyLine
              label={`GetReport (${customReport.data.reports.length} request${customReport.data.reports.length > 1 ? 's' : ''})`}
              reply={customReport.data.reply}
              answer={customReport.data.reports.map((r) => r.answer ?? r.status).join(', ')}
            />
          ) : null}
        </div>

        {m && m.reports.length ? (
          <div className="overflow-x-auto">
            <Table>
              <thead>
                <tr>
                  <Th>Requested</Th>
                  <Th>Report</Th>
                  <Th>Status</Th>
                  <Th>Parts</Th>
                  <Th>Items</Th>
                  <Th>Changes</Th>
                </tr>
              </thead>
              <tbody data-testid="device-reports">
                {m.reports.map((r) => (
                  <tr key={r.id}>
                    <Td>{new Date(r.createdAt).toLocaleString()}</Td>
                    <Td>
                      {r.kind === 'MONITORING' ? 'Monitors' : r.reportBase}{' '}
                      <span className="text-muted">#{r.requestId}</span>
                    </Td>
                    <Td>
                      <Badge tone={STATUS_TONE[r.status] ?? 'neutral'}>{r.status.toLowerCase()}</Badge>
                      {r.answer && r.answer !== 'Accepted' ? (
                        <span className="ml-2 text-xs text-muted">{r.answer}</span>
                      ) : null}
                      {r.detail ? <span className="ml-2 text-xs text-muted">{r.detail}</span> : null}
                    </Td>
                    <Td>{r.partCount}</Td>
                    <Td>{r.itemCount}</Td>
                    <Td>
                      {r.diff ? (
                        <button
                          type="button"
                          className="underline decoration-dotted"
                          onClick={() => setOpenDiff(r.id)}
                          aria-label={`Changes of report ${r.requestId}`}
                        >
                          +{r.diff.added} −{r.diff.removed} ~{r.diff.changed}
                        </button>
                      ) : (
                        '—'
                      )}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        ) : m ? (
          <p className="text-muted">No report yet{operator ? ': ask for a base report.' : '.'}</p>
        ) : null}

        {shownDiff?.diff && shownDiff.diff.entries.length ? (
          <div data-testid="device-model-diff">
            <p className="font-medium">
              Changes in report #{shownDiff.requestId}
              {shownDiff.reportBase === 'FullInventory' ? ' against the previous full report' : ''}
            </p>
            <ul className="mt-1 max-h-56 overflow-auto rounded-md border border-line">
              {shownDiff.diff.entries.map((e) => (
                <li key={`${e.change}-${e.key}`} className="flex flex-wrap gap-2 px-3 py-1">
                  <Badge tone={e.change === 'added' ? 'good' : e.change === 'removed' ? 'bad' : 'warn'}>
                    {e.change}
                  </Badge>
                  <span className="font-mono break-all">{e.key}</span>
                  <span className="text-muted break-all">
                    {e.change === 'changed' ? `${e.before ?? '∅'} → ${e.after ?? '∅'}` : (e.after ?? e.before ?? '')}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        <Field label="Filter variables" hint="A part of Component[instance]@evse.connector/Variable[instance].">
          <Input
            type="search"
            value={filter}
            maxLength={100}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="e.g. EVSE@1 or HeartbeatInterval"
          />
        </Field>
        {m ? (
          <p className="text-xs text-muted" data-testid="device-model-count">
            {m.variables.length < m.total ? `First ${m.variables.length} of ${m.total}` : `${m.total}`} variable
            {m.total === 1 ? '' : 's'}
          </p>
        ) : null}
        {m && m.variables.length ? (
          <div className="max-h-[32rem] overflow-auto">
            <Table>
              <thead>
                <tr>
                  <Th>Component / variable</Th>
                  <Th>Value</Th>
                  <Th>Access</Th>
                  <Th>Type</Th>
                </tr>
              </thead>
              <tbody data-testid="device-variables">
                {m.variables.map((v) => {
                  const a = actualOf(v.attributes);
                  const others = v.attributes.filter((x) => x !== a);
                  const ch = v.characteristics;
                  return (
                    <tr key={v.key}>
                      <Td>
                        <span className="font-mono break-all">{v.key}</span>
                      </Td>
                      <Td>
                        <span className="break-all">
                          {a?.value ?? (a?.mutability === 'WriteOnly' ? '(write only)' : '—')}
                        </span>
                        {ch?.unit ? <span className="text-muted"> {ch.unit}</span> : null}
                        {others.map((o) => (
                          <span key={o.type} className="block text-xs text-muted">
                            {o.type}: {o.value ?? '—'}
                          </span>
                        ))}
                      </Td>
                      <Td>
                        {a?.mutability ?? '—'}
                        {v.attributes.some((x) => x.constant) ? (
                          <span className="block text-xs text-muted">constant</span>
                        ) : null}
                      </Td>
                      <Td>
                        {ch?.dataType ?? '—'}
                        {ch && (ch.minLimit !== null || ch.maxLimit !== null) ? (
                          <span className="block text-xs text-muted">
                            {ch.minLimit ?? '…'}–{ch.maxLimit ?? '…'}
                          </span>
                        ) : null}
                        {ch?.valuesList ? (
                          <span className="block text-xs text-muted break-all">{ch.valuesList}</span>
                        ) : null}
                        {ch?.supportsMonitoring ? <span className="block text-xs text-muted">monitorable</span> : null}
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          </div>
        ) : m && m.total === 0 && filter ? (
          <p className="text-muted">No variable matches “{filter}”.</p>
        ) : null}
      </div>
      {m ? (
        <ChargerMonitoring
          chargerId={chargerId}
          evseIds={evseIds}
          operator={operator}
          admin={admin}
          monitors={m.monitors}
          events={m.events}
          monitoringBase={m.monitoringBase?.value ?? null}
          monitoringLevel={m.monitoringLevel?.value ?? null}
          onChange={refresh}
        />
      ) : null}
    </Card>
  );
}

'use client';

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CardTitle, EmptyState, Select, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { dateTime } from './format.ts';

// Security events (2.0.1 A04 and the 1.6 security extension): what the charger reported, newest
// first by its clock. The types its OCPP version marks critical open an alert (a SECURITY_EVENT
// fault, in the fault feed, the alert strip and the fault emails) that stays open until acknowledged,
// here or on the Faults page.

type Critical = '' | 'yes' | 'no';

export function ChargerSecurityEvents({ chargerId, timeZone }: { chargerId: string; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [critical, setCritical] = useState<Critical>('');
  const [type, setType] = useState('');
  const input = { chargerId, limit: 50, ...(critical ? { critical } : {}), ...(type ? { type } : {}) };
  const events = useQuery({ ...trpc.securityEvents.list.queryOptions(input), refetchInterval: 10_000 });
  const acknowledge = useMutation(
    trpc.faults.acknowledge.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.securityEvents.list.queryKey() }),
    }),
  );
  const d = events.data;
  const error = events.error ?? acknowledge.error;
  return (
    <Card className="mt-6">
      <CardTitle
        description={
          d?.openAlerts
            ? `${d.openAlerts} open ${d.openAlerts === 1 ? 'alert' : 'alerts'}: the critical types open one until acknowledged.`
            : 'Critical types open an alert until acknowledged; the others are kept for the record.'
        }
      >
        Security events
      </CardTitle>
      <div aria-live="polite" className="mb-3">
        {error ? <Alert>{error.message}</Alert> : null}
      </div>
      <div className="mb-3 flex flex-wrap items-end gap-2" role="group" aria-label="Filter security events">
        <Select
          aria-label="Severity"
          className="w-auto"
          value={critical}
          onChange={(e) => setCritical(e.target.value as Critical)}
        >
          <option value="">All events</option>
          <option value="yes">Critical (alerts)</option>
          <option value="no">Not critical</option>
        </Select>
        <Select aria-label="Event type" className="w-auto" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">All types</option>
          {(d?.types ?? []).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
        {d ? (
          <span className="text-sm text-muted" data-testid="security-events-total">
            {d.total === 1 ? '1 event' : `${d.total.toLocaleString('en-IN')} events`}
          </span>
        ) : null}
      </div>
      {d && d.events.length === 0 ? (
        <EmptyState title={critical || type ? 'No security events match' : 'No security events reported'} />
      ) : null}
      {d?.events.length ? (
        <div className="overflow-x-auto">
          <Table>
            <thead>
              <tr>
                <Th className="hidden sm:table-cell">When</Th>
                <Th>Event</Th>
                <Th className="hidden sm:table-cell">Details</Th>
                <Th>Alert</Th>
              </tr>
            </thead>
            <tbody data-testid="security-events">
              {d.events.map((e) => (
                <tr key={e.id}>
                  <Td className="hidden align-top whitespace-nowrap sm:table-cell">
                    {dateTime(e.timestamp, timeZone)}
                  </Td>
                  <Td className="align-top">
                    <span className="font-medium break-words">{e.type}</span>
                    <span className="block text-xs text-muted sm:hidden">{dateTime(e.timestamp, timeZone)}</span>
                    {e.techInfo ? (
                      <span className="block text-xs break-words text-muted sm:hidden">{e.techInfo}</span>
                    ) : null}
                  </Td>
                  <Td className="hidden max-w-md align-top text-xs break-all sm:table-cell">{e.techInfo ?? '—'}</Td>
                  <Td className="align-top">
                    {!e.critical ? (
                      <span className="text-muted">—</span>
                    ) : e.alertOpen ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <Badge tone="bad">open</Badge>
                        <Button
                          size="sm"
                          variant="secondary"
                          disabled={acknowledge.isPending}
                          onClick={() => e.faultId && acknowledge.mutate({ faultId: e.faultId })}
                        >
                          Acknowledge
                        </Button>
                      </span>
                    ) : (
                      <Badge>acknowledged</Badge>
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

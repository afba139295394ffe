'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CardTitle, Input, Select, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { CommandReplyView, type CommandReply } from './charger-ops-reply.tsx';

// "Customer data on this charger" (OCPP 2.0.1 CustomerInformation, N09/N10): ask what the charger
// holds about one card, customer identifier or customer certificate, erase it, or both; each
// request with the report the charger sent back in NotifyCustomerInformation parts.

const TOKEN_TYPES = ['ISO14443', 'ISO15693', 'Central', 'eMAID', 'Local', 'KeyCode', 'MacAddress'] as const;
const HASHES = ['SHA256', 'SHA384', 'SHA512'] as const;
type By = 'idToken' | 'customerIdentifier' | 'customerCertificate';

const tone = (status: string): 'good' | 'bad' | 'neutral' =>
  status === 'COMPLETE' ? 'good' : status === 'REFUSED' || status === 'INCOMPLETE' ? 'bad' : 'neutral';

export function ChargerCustomerInfo({ chargerId }: { chargerId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({
    ...trpc.customerInformation.list.queryOptions({ chargerId }),
    // Parts follow the answer: look again while a report is still arriving.
    refetchInterval: (q) =>
      q.state.data?.requests.some((r) => r.status === 'REQUESTED' || r.status === 'RECEIVING') ? 2000 : false,
  });
  const [by, setBy] = useState<By>('idToken');
  const [reply, setReply] = useState<CommandReply | null>(null);
  const request = useMutation(
    trpc.customerInformation.request.mutationOptions({
      onSuccess: (r) => {
        setReply(r.command);
        void queryClient.invalidateQueries({ queryKey: trpc.customerInformation.list.queryKey({ chargerId }) });
      },
    }),
  );
  const str = (f: FormData, k: string) => String(f.get(k) ?? '').trim();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setReply(null);
    const customer =
      by === 'idToken'
        ? { idToken: { idToken: str(f, 'idToken'), type: str(f, 'type') as (typeof TOKEN_TYPES)[number] } }
        : by === 'customerIdentifier'
          ? { customerIdentifier: str(f, 'customerIdentifier') }
          : {
              customerCertificate: {
                hashAlgorithm: str(f, 'hashAlgorithm') as (typeof HASHES)[number],
                issuerNameHash: str(f, 'issuerNameHash'),
                issuerKeyHash: str(f, 'issuerKeyHash'),
                serialNumber: str(f, 'serialNumber'),
              },
            };
    request.mutate({ chargerId, customer, report: f.get('report') === 'on', clear: f.get('clear') === 'on' });
  };
  const requests = list.data?.requests ?? [];
  const error = list.error ?? request.error;
  return (
    <Card className="mt-6">
      <CardTitle description="What this charger keeps about one customer (OCPP 2.0.1 CustomerInformation): get it, erase it, or both.">
        Customer data on this charger
      </CardTitle>
      <div aria-live="polite" className="mb-3 space-y-2" data-testid="customer-info-result">
        {request.isPending ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {error ? <Alert>{error.message}</Alert> : null}
        {reply && !request.isPending ? <CommandReplyView reply={reply} testId="customer-info-reply" /> : null}
      </div>
      <form
        className="grid gap-2 rounded-md border border-line p-3 sm:grid-cols-2 lg:grid-cols-4"
        aria-label="Customer data request"
        onSubmit={onSubmit}
      >
        <Select aria-label="Customer named by" value={by} onChange={(e) => setBy(e.target.value as By)}>
          <option value="idToken">Card or token</option>
          <option value="customerIdentifier">Customer identifier</option>
          <option value="customerCertificate">Customer certificate</option>
        </Select>
        {by === 'idToken' ? (
          <>
            <Input name="idToken" required maxLength={36} placeholder="Token (e.g. 04A2B3C4)" aria-label="Token" />
            <Select name="type" aria-label="Token type" defaultValue="ISO14443">
              {TOKEN_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </Select>
          </>
        ) : by === 'customerIdentifier' ? (
          <Input
            name="customerIdentifier"
            required
            maxLength={64}
            placeholder="Identifier"
            aria-label="Customer identifier"
            className="lg:col-span-2"
          />
        ) : (
          <>
            <Select name="hashAlgorithm" aria-label="Hash algorithm">
              {HASHES.map((h) => (
                <option key={h}>{h}</option>
              ))}
            </Select>
            <Input name="serialNumber" required maxLength={40} placeholder="Serial number" aria-label="Serial number" />
            <Input
              name="issuerNameHash"
              required
              maxLength={128}
              placeholder="Issuer name hash"
              aria-label="Issuer name hash"
            />
            <Input
              name="issuerKeyHash"
              required
              maxLength={128}
              placeholder="Issuer key hash"
              aria-label="Issuer key hash"
            />
          </>
        )}
        <div className="flex flex-wrap items-center gap-3 text-sm sm:col-span-2 lg:col-span-4">
          <label className="flex items-center gap-1">
            <input type="checkbox" name="report" defaultChecked /> Get the data
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" name="clear" /> Erase it on the charger
          </label>
          <Button type="submit" size="sm" disabled={request.isPending}>
            Send to charger
          </Button>
        </div>
      </form>
      {requests.length ? (
        <div className="mt-3 overflow-x-auto">
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Customer</Th>
                <Th>Asked</Th>
                <Th>Status</Th>
                <Th>Data reported</Th>
              </tr>
            </thead>
            <tbody data-testid="customer-info-requests">
              {requests.map((r) => (
                <tr key={r.id}>
                  <Td className="whitespace-nowrap text-xs">{new Date(r.createdAt).toLocaleString()}</Td>
                  <Td className="break-all">
                    {r.idToken ??
                      r.customerIdentifier ??
                      (r.certificateSerial ? `certificate ${r.certificateSerial}` : '—')}
                    {r.erasureId ? <span className="block text-xs text-muted">data-erasure request</span> : null}
                  </Td>
                  <Td>{[r.report ? 'get' : null, r.clear ? 'erase' : null].filter(Boolean).join(' + ')}</Td>
                  <Td>
                    <Badge tone={tone(r.status)}>{r.status.toLowerCase()}</Badge>
                    {r.answer && r.answer !== 'Accepted' ? (
                      <span className="block text-xs text-muted">{r.answer}</span>
                    ) : null}
                  </Td>
                  <Td className="max-w-md">
                    {r.report ? (
                      r.data === null ? (
                        <span className="text-xs text-muted">{r.partCount ? `${r.partCount} parts so far` : '—'}</span>
                      ) : r.data ? (
                        <pre className="whitespace-pre-wrap break-all text-xs">{r.data}</pre>
                      ) : (
                        <span className="text-xs text-muted">nothing held</span>
                      )
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : (
        <p className="mt-3 text-sm text-muted">No customer data requests sent to this charger yet.</p>
      )}
    </Card>
  );
}

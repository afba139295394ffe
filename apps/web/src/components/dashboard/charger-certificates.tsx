'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CardTitle, Field, Select, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';
import { useConfirm } from '@/components/confirm-dialog.tsx';

const INSTALL_TYPES = {
  OCPP201: ['CSMSRootCertificate', 'ManufacturerRootCertificate', 'V2GRootCertificate', 'MORootCertificate'],
  // 1.6: the ISO 15118 roots go through the Plug & Charge application note's DataTransfer.
  OCPP16: ['CentralSystemRootCertificate', 'ManufacturerRootCertificate', 'V2GRootCertificate', 'MORootCertificate'],
} as const;

const STATUS_TONE: Record<string, 'good' | 'bad' | 'warn' | 'neutral'> = {
  ACCEPTED: 'good',
  REJECTED: 'bad',
  FAILED: 'bad',
  SENDING: 'warn',
};

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

type Answered = { command: { action: string; status: string; error: string | null }; answer: string };

/**
 * A charger's certificates (issue #20): what the operator's CA issued to it, the ids it reports as
 * installed (after "Ask the charger"), installing a root in PEM, deleting one and starting a renewal.
 * Each charger answer is shown. Operator admins only.
 */
export function ChargerCertificates({ chargerId, protocol }: { chargerId: string; protocol: 'OCPP16' | 'OCPP201' }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.certificates.list.queryOptions({ chargerId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.certificates.list.queryKey({ chargerId }) });
  const [reply, setReply] = useState<{ what: string; answer: string; ok: boolean } | null>(null);
  const said = (what: string) => (r: Answered) => {
    setReply({ what, answer: r.answer, ok: r.command.status === 'RESPONDED' && /accept/i.test(r.answer) });
    void refresh();
  };
  const report = useMutation(
    trpc.certificates.report.mutationOptions({
      onSuccess: (r) => {
        setReply({ what: 'GetInstalledCertificateIds', answer: r.answer, ok: r.installed > 0 });
        void refresh();
      },
    }),
  );
  const install = useMutation(trpc.certificates.install.mutationOptions({ onSuccess: said('InstallCertificate') }));
  const remove = useMutation(trpc.certificates.delete.mutationOptions({ onSuccess: said('DeleteCertificate') }));
  const renew = useMutation(trpc.certificates.renew.mutationOptions({ onSuccess: said('Renewal') }));
  const [confirm, dialog] = useConfirm();
  const types = INSTALL_TYPES[protocol];
  const [type, setType] = useState<string>(types[0]);
  const [pem, setPem] = useState('');
  const busy = report.isPending || install.isPending || remove.isPending || renew.isPending;
  const error = list.error ?? report.error ?? install.error ?? remove.error ?? renew.error;
  const reset = () => (setReply(null), report.reset(), install.reset(), remove.reset(), renew.reset());
  const data = list.data;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    reset();
    install.mutate({ chargerId, certificateType: type, certificate: pem.trim() });
  };

  return (
    <Card className="mt-6">
      {dialog}
      <CardTitle description="Certificates the operator's CA issued to this charger, and the roots it reports as installed. Each answer of the charger is shown.">
        Certificates
      </CardTitle>
      <div className="space-y-5 text-sm" data-testid="charger-certificates">
        {error ? <Alert>{errorMessage(error)}</Alert> : null}
        <div role="status" data-testid="certificates-reply">
          {reply ? (
            <Alert tone={reply.ok ? 'success' : 'info'}>
              {reply.what}: <strong>{reply.answer}</strong>
            </Alert>
          ) : null}
        </div>

        <section aria-labelledby="issued-certificates" className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 id="issued-certificates" className="font-medium">
              Issued by your CA
            </h3>
            <Button
              size="sm"
              variant="secondary"
              busy={renew.isPending}
              disabled={busy}
              onClick={() => (reset(), renew.mutate({ chargerId, certificateType: 'ChargingStationCertificate' }))}
            >
              Renew now
            </Button>
          </div>
          {data?.issued.length ? (
            <div className="overflow-x-auto">
              <Table>
                <thead>
                  <tr>
                    <Th>Type</Th>
                    <Th>Serial</Th>
                    <Th>Valid until</Th>
                    <Th>Status</Th>
                  </tr>
                </thead>
                <tbody data-testid="issued-certificates">
                  {data.issued.map((c) => (
                    <tr key={c.id}>
                      <Td>{c.certificateType}</Td>
                      <Td className="font-mono text-xs break-all">{c.serialNumber}</Td>
                      <Td className="whitespace-nowrap">{day(c.notAfter)}</Td>
                      <Td>
                        <Badge tone={STATUS_TONE[c.status] ?? 'neutral'}>{c.status.toLowerCase()}</Badge>
                        {c.answer && c.answer !== 'Accepted' ? (
                          <span className="block text-xs text-muted">{c.answer}</span>
                        ) : null}
                        {c.renewalRequestedAt ? (
                          <span className="block text-xs text-muted">renewal asked {day(c.renewalRequestedAt)}</span>
                        ) : null}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          ) : (
            <p className="text-muted">{list.isPending ? 'Loading…' : 'None issued yet.'}</p>
          )}
        </section>

        <section aria-labelledby="installed-certificates" className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 id="installed-certificates" className="font-medium">
              Installed on the charger
            </h3>
            <Button
              size="sm"
              variant="secondary"
              busy={report.isPending}
              disabled={busy}
              onClick={() => (reset(), report.mutate({ chargerId }))}
            >
              Ask the charger
            </Button>
          </div>
          {data?.installed.length ? (
            <ul className="divide-y divide-line rounded-md border border-line" data-testid="installed-certificates">
              {data.installed.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                  <span className="min-w-0">
                    <span className="font-medium">{c.certificateType}</span>
                    <span className="block font-mono text-xs break-all text-muted">serial {c.serialNumber}</span>
                  </span>
                  <Button
                    size="sm"
                    variant="danger"
                    disabled={busy}
                    aria-label={`Delete ${c.certificateType} ${c.serialNumber}`}
                    onClick={() =>
                      void confirm({
                        title: 'Delete this certificate from the charger?',
                        body: `The charger removes its ${c.certificateType} with serial ${c.serialNumber}; it no longer trusts what that root signed until it is installed again.`,
                        confirmLabel: 'Delete certificate',
                      }).then((ok) => ok && (reset(), remove.mutate({ chargerId, installedId: c.id })))
                    }
                  >
                    Delete
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-muted">None reported: ask the charger.</p>
          )}
        </section>

        <form onSubmit={submit} className="space-y-3" aria-label="Install a root certificate">
          <h3 className="font-medium">Install a root certificate</h3>
          <Field label="Certificate type">
            <Select name="certificateType" value={type} onChange={(e) => setType(e.target.value)}>
              {types.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Certificate (PEM)" hint="One root certificate, at most 5500 characters.">
            <textarea
              name="certificate"
              required
              maxLength={5500}
              rows={6}
              value={pem}
              onChange={(e) => setPem(e.target.value)}
              placeholder="-----BEGIN CERTIFICATE-----"
              className="block w-full rounded-md border border-line bg-surface px-3 py-2 font-mono text-xs text-fg placeholder:text-muted focus:border-primary focus:ring-2 focus:ring-primary/30 focus:outline-none"
            />
          </Field>
          <Button type="submit" size="sm" busy={install.isPending} disabled={busy || !pem.trim()}>
            Install
          </Button>
        </form>
      </div>
    </Card>
  );
}

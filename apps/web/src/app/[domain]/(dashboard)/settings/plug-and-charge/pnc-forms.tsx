'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CardTitle, EmptyState, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';
import { useConfirm } from '@/components/confirm-dialog.tsx';

type Provider = 'NONE' | 'TEST' | 'HUBJECT';

const PROVIDER_TEXT: Record<Provider, string> = {
  NONE: 'No provider: chargers asking for a contract certificate (Get15118EVCertificate) are answered Failed.',
  TEST: 'The built-in test PKI (set through the API): for trying Plug & Charge with test vehicles only.',
  HUBJECT: 'Hubject’s Plug & Charge service, with your OAuth client credentials.',
};

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/** Settings → Plug & Charge (issue #20): trusted contract CAs (PEM) and the contract certificate provider. */
export function PlugAndChargeSettings() {
  return (
    <div className="grid gap-8 lg:grid-cols-[3fr_2fr]">
      <TrustAnchors />
      <ProviderForm />
    </div>
  );
}

function TrustAnchors() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.plugAndCharge.trustAnchors.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.plugAndCharge.trustAnchors.queryKey() });
  const [label, setLabel] = useState('');
  const [pem, setPem] = useState('');
  const add = useMutation(
    trpc.plugAndCharge.addTrustAnchors.mutationOptions({
      onSuccess: () => (setLabel(''), setPem(''), void refresh()),
    }),
  );
  const remove = useMutation(trpc.plugAndCharge.removeTrustAnchor.mutationOptions({ onSuccess: () => refresh() }));
  const [confirm, dialog] = useConfirm();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    remove.reset();
    add.mutate({ label: label.trim(), pem });
  };
  return (
    <Card className="min-w-0">
      {dialog}
      <CardTitle description="The V2G root and the Mobility Operator roots your drivers’ contract certificates chain to, and MO sub-CAs (needed to check OCSP answers). Contract certificates that chain to none of these are refused.">
        Trusted certificates
      </CardTitle>
      <div className="space-y-5 text-sm">
        {list.error ? <Alert>{errorMessage(list.error)}</Alert> : null}
        {remove.error ? <Alert>{errorMessage(remove.error)}</Alert> : null}
        {list.data?.length ? (
          <ul className="divide-y divide-line rounded-md border border-line" data-testid="trust-anchors">
            {list.data.map((a) => (
              <li key={a.id} className="flex flex-wrap items-start justify-between gap-2 px-3 py-2">
                <span className="min-w-0">
                  <span className="font-medium">{a.label}</span>{' '}
                  <Badge tone={a.isRoot ? 'good' : 'neutral'}>{a.isRoot ? 'root' : 'sub-CA'}</Badge>
                  <span className="block text-xs break-all">{a.subject}</span>
                  <span className="block text-xs text-muted">Valid until {day(a.notAfter)}</span>
                </span>
                <Button
                  size="sm"
                  variant="danger"
                  disabled={remove.isPending}
                  aria-label={`Remove ${a.label}`}
                  onClick={() =>
                    void confirm({
                      title: 'Stop trusting this certificate?',
                      body: `Contract certificates that chain only to “${a.subject}” will be refused from now on. You can upload it again later.`,
                      confirmLabel: 'Remove',
                    }).then((ok) => ok && remove.mutate({ id: a.id }))
                  }
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        ) : list.isPending ? (
          <p className="text-muted">Loading…</p>
        ) : (
          <EmptyState title="No trusted certificates yet">Upload your V2G root and MO roots below.</EmptyState>
        )}

        <form onSubmit={submit} className="space-y-3" aria-label="Upload trusted certificates">
          <h3 className="font-medium">Upload certificates</h3>
          <Field label="Label" hint="e.g. V2G root, MO root, MO sub-CA">
            <Input name="label" required maxLength={100} value={label} onChange={(e) => setLabel(e.target.value)} />
          </Field>
          <Field label="Certificates (PEM)" hint="One certificate or a bundle; each one in it is trusted.">
            <textarea
              name="pem"
              required
              maxLength={64 * 1024}
              rows={6}
              value={pem}
              onChange={(e) => setPem(e.target.value)}
              placeholder="-----BEGIN CERTIFICATE-----"
              className="block w-full rounded-md border border-line bg-surface px-3 py-2 font-mono text-xs text-fg placeholder:text-muted focus:border-primary focus:ring-2 focus:ring-primary/30 focus:outline-none"
            />
          </Field>
          {add.error ? <Alert>{errorMessage(add.error)}</Alert> : null}
          {add.data ? (
            <Alert tone="success">
              {add.data.length} certificate{add.data.length === 1 ? '' : 's'} trusted.
            </Alert>
          ) : null}
          <Button type="submit" size="sm" busy={add.isPending} disabled={!label.trim() || !pem.trim()}>
            Upload
          </Button>
        </form>
      </div>
    </Card>
  );
}

function ProviderForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.plugAndCharge.settings.queryOptions());
  const save = useMutation(
    trpc.plugAndCharge.saveSettings.mutationOptions({
      onSuccess: (s) => (queryClient.setQueryData(trpc.plugAndCharge.settings.queryKey(), s), setSecret('')),
    }),
  );
  const s = settings.data;
  const [picked, setPicked] = useState<Provider | null>(null);
  const [secret, setSecret] = useState('');
  const provider: Provider = picked ?? s?.provider ?? 'NONE';
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    save.mutate(
      provider === 'HUBJECT'
        ? {
            provider,
            hubjectBaseUrl: text('hubjectBaseUrl'),
            hubjectTokenUrl: text('hubjectTokenUrl'),
            hubjectClientId: text('hubjectClientId'),
            hubjectClientSecret: secret || undefined,
          }
        : { provider },
    );
  };
  return (
    <Card className="h-fit min-w-0">
      <CardTitle description="Where contract certificates come from when a vehicle asks for one through the charger. Secrets are encrypted when saved and never shown again; only their last four characters are.">
        Contract certificate provider
      </CardTitle>
      {settings.error ? <Alert>{errorMessage(settings.error)}</Alert> : null}
      {s ? (
        <form onSubmit={submit} className="space-y-3 text-sm" aria-label="Contract certificate provider">
          <Field label="Provider" hint={PROVIDER_TEXT[provider]}>
            <Select name="provider" value={provider} onChange={(e) => setPicked(e.target.value as Provider)}>
              <option value="NONE">None</option>
              <option value="HUBJECT">Hubject</option>
              {s.provider === 'TEST' ? <option value="TEST">Test PKI</option> : null}
            </Select>
          </Field>
          {provider === 'HUBJECT' ? (
            <>
              <Field label="Hubject API base URL">
                <Input
                  name="hubjectBaseUrl"
                  type="url"
                  required
                  maxLength={500}
                  defaultValue={s.hubjectBaseUrl ?? ''}
                />
              </Field>
              <Field label="Token URL (OAuth)">
                <Input
                  name="hubjectTokenUrl"
                  type="url"
                  required
                  maxLength={500}
                  defaultValue={s.hubjectTokenUrl ?? ''}
                />
              </Field>
              <Field label="Client id">
                <Input name="hubjectClientId" required maxLength={200} defaultValue={s.hubjectClientId ?? ''} />
              </Field>
              <Field
                label="Client secret"
                hint={
                  s.hubjectSecretLast4
                    ? `Stored, ending in ${s.hubjectSecretLast4}. Leave empty to keep it.`
                    : 'Required the first time.'
                }
              >
                <Input
                  name="hubjectClientSecret"
                  type="password"
                  autoComplete="off"
                  maxLength={500}
                  required={!s.hubjectSecretLast4}
                  value={secret}
                  onChange={(e) => setSecret(e.target.value)}
                />
              </Field>
            </>
          ) : null}
          {save.error ? <Alert>{errorMessage(save.error)}</Alert> : null}
          <div role="status" data-testid="pnc-saved">
            {save.isSuccess ? <Alert tone="success">Saved.</Alert> : null}
          </div>
          <Button type="submit" size="sm" busy={save.isPending}>
            Save
          </Button>
        </form>
      ) : settings.isPending ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : null}
    </Card>
  );
}

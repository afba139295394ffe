'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';
import { VendorOptions } from '@/components/vendor-options.tsx';
import { useConfirm } from '@/components/confirm-dialog.tsx';

type Option = { id: string; name: string };

const text = (f: FormData, k: string) => String(f.get(k) ?? '').trim() || undefined;

export function CreateSiteForm({ vendors }: { vendors: Option[] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const create = useMutation(trpc.site.create.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    create.mutate(
      {
        name: text(f, 'name') ?? '',
        address: text(f, 'address') ?? '',
        city: text(f, 'city') ?? '',
        state: text(f, 'state') ?? '',
        postalCode: text(f, 'postalCode'),
        vendorId: text(f, 'vendorId') ?? null,
      },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Add a site">
      {create.error ? <Alert>{errorMessage(create.error)}</Alert> : null}
      {create.isSuccess ? <Alert tone="success">{create.data.name} added.</Alert> : null}
      <Field label="Name">
        <Input name="name" required placeholder="Indiranagar Café" />
      </Field>
      <Field label="Address">
        <Input name="address" required />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="City">
          <Input name="city" required />
        </Field>
        <Field label="State">
          <Input name="state" required />
        </Field>
      </div>
      <Field label="PIN code">
        <Input name="postalCode" inputMode="numeric" pattern="[0-9]{6}" />
      </Field>
      {vendors.length > 0 ? (
        <Field label="Owner">
          <Select name="vendorId" defaultValue="">
            <option value="">Operator (no vendor)</option>
            <VendorOptions vendors={vendors} />
          </Select>
        </Field>
      ) : null}
      <Button type="submit" busy={create.isPending}>
        Add site
      </Button>
    </form>
  );
}

export function AddChargerForm({ sites }: { sites: Option[] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const create = useMutation(trpc.charger.create.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const power = Number(f.get('maxPowerKw'));
    create.mutate(
      {
        identity: text(f, 'identity') ?? '',
        siteId: text(f, 'siteId') ?? null,
        protocol: f.get('protocol') === 'OCPP201' ? 'OCPP201' : 'OCPP16',
        vendorName: text(f, 'vendorName'),
        model: text(f, 'model'),
        maxPowerKw: power > 0 ? power : undefined,
      },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Add a charger">
      {create.error ? <Alert>{errorMessage(create.error)}</Alert> : null}
      {create.isSuccess ? (
        <Alert tone="success">{create.data.identity} added; it is accepted when it connects.</Alert>
      ) : null}
      <Field label="Charge point identity">
        <Input name="identity" required placeholder="BLR-ORN-03" />
      </Field>
      <Field label="Site">
        <Select name="siteId" required defaultValue={sites[0]?.id}>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Protocol">
          <Select name="protocol" defaultValue="OCPP16">
            <option value="OCPP16">OCPP 1.6-J</option>
            <option value="OCPP201">OCPP 2.0.1</option>
          </Select>
        </Field>
        <Field label="Max power (kW)">
          <Input name="maxPowerKw" type="number" min={1} max={1000} step={0.1} />
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Make">
          <Input name="vendorName" placeholder="Exicom" />
        </Field>
        <Field label="Model">
          <Input name="model" />
        </Field>
      </div>
      <Button type="submit" busy={create.isPending}>
        Add charger
      </Button>
    </form>
  );
}

export function SiteVendorSelect({
  siteId,
  siteName,
  vendorId,
  vendors,
}: {
  siteId: string;
  siteName: string;
  vendorId: string | null;
  vendors: Option[];
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [picked, setPicked] = useState(vendorId ?? '');
  const [confirm, confirmDialog] = useConfirm();
  const update = useMutation(trpc.site.update.mutationOptions({ onSuccess: refresh }));
  const nameOf = (id: string) => (id ? (vendors.find((v) => v.id === id)?.name ?? 'another vendor') : 'the operator');
  // Moving a site moves its chargers and the revenue of its sessions from then on: a deliberate
  // change (pick, then Move) confirmed in words naming both owners, never a bare dropdown change.
  async function move() {
    const from = nameOf(vendorId ?? '');
    const to = nameOf(picked);
    const ok = await confirm({
      title: `Move ${siteName} to ${to}?`,
      body: (
        <p>
          {siteName} and its chargers move from <strong>{from}</strong> to <strong>{to}</strong>. Revenue from its
          sessions from now on goes to {to}, no longer to {from}.
          {vendorId ? ` ${from}'s users lose access to the site.` : null}
        </p>
      ),
      confirmLabel: 'Move site',
    });
    if (ok) update.mutate({ id: siteId, patch: { vendorId: picked || null } });
  }
  const changed = picked !== (vendorId ?? '');
  return (
    <div className="space-y-1">
      {confirmDialog}
      <div className="flex items-center gap-2">
        <Select
          aria-label={`Owner of ${siteName}`}
          value={picked}
          disabled={update.isPending}
          onChange={(e) => setPicked(e.target.value)}
          className="w-44 min-w-44 py-1"
        >
          <option value="">Operator</option>
          <VendorOptions vendors={vendors} />
        </Select>
        {changed ? (
          <>
            <Button size="sm" variant="secondary" busy={update.isPending} onClick={() => void move()}>
              Move
            </Button>
            <Button size="sm" variant="ghost" disabled={update.isPending} onClick={() => setPicked(vendorId ?? '')}>
              Undo
            </Button>
          </>
        ) : null}
      </div>
      {update.error ? (
        <p role="alert" className="text-xs text-red-700">
          {errorMessage(update.error)}
        </p>
      ) : null}
    </div>
  );
}

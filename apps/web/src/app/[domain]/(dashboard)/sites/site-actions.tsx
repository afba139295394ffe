'use client';

import type { FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';
import { VendorOptions } from '@/components/vendor-options.tsx';

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
        <Input name="name" required placeholder="Orion Mall Parking" />
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
  vendorId,
  vendors,
}: {
  siteId: string;
  vendorId: string | null;
  vendors: Option[];
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const update = useMutation(
    trpc.site.update.mutationOptions({ onSuccess: refresh, onError: (e) => alert(errorMessage(e)) }),
  );
  return (
    <Select
      aria-label="Owner"
      defaultValue={vendorId ?? ''}
      disabled={update.isPending}
      onChange={(e) => update.mutate({ id: siteId, patch: { vendorId: e.target.value || null } })}
      className="w-44 py-1"
    >
      <option value="">Operator</option>
      <VendorOptions vendors={vendors} />
    </Select>
  );
}

'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';
import { fromZonedInput, toZonedInput } from '@/components/dashboard/zoned-input.ts';
import { percentToBps, rupeesToPaise } from '../amounts.ts';

type Bearer = 'OPERATOR' | 'VENDOR' | 'SHARED';
const BEARERS: { value: Bearer; label: string }[] = [
  { value: 'OPERATOR', label: 'Operator' },
  { value: 'VENDOR', label: 'Vendor' },
  { value: 'SHARED', label: 'Shared, pro rata to the shares' },
];

/**
 * A new version of a vendor's revenue-split terms (all its sites, or one). Past versions are never
 * edited: sessions are split with the version in force when they started.
 */
export function SplitTermsForm({
  vendors,
  sites,
  timeZone,
}: {
  vendors: { id: string; name: string }[];
  sites: { id: string; name: string; vendorId: string | null }[];
  timeZone: string;
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [vendorId, setVendorId] = useState(vendors[0]?.id ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation(trpc.settlements.createTerms.mutationOptions({ onSuccess: refresh }));
  const vendorSites = sites.filter((s) => s.vendorId === vendorId);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setProblem(null);
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '');
    const effectiveFrom = fromZonedInput(text('effectiveFrom'), timeZone);
    const vendorShareBps = percentToBps(text('vendorShare'));
    const vendorPerKwhMinor = rupeesToPaise(text('perKwh'));
    const platformFeeBps = percentToBps(text('platformFee'));
    const platformFeeFixedMinor = rupeesToPaise(text('platformFeeFixed'));
    if (!effectiveFrom) return setProblem('Effective from: pick a date and time.');
    if (vendorShareBps === null) return setProblem('Vendor share: a percentage from 0 to 100, two decimals at most.');
    if (vendorPerKwhMinor === null) return setProblem('Fixed per kWh: an amount in rupees, two decimals at most.');
    if (platformFeeBps === null) return setProblem('Platform fee: a percentage from 0 to 100, two decimals at most.');
    if (platformFeeFixedMinor === null) return setProblem('Platform fee per session: an amount in rupees.');
    if (vendorShareBps === 0 && vendorPerKwhMinor === 0) {
      return setProblem('Give the vendor a share of revenue, a fixed amount per kWh, or both.');
    }
    create.mutate(
      {
        vendorId,
        siteId: text('siteId') || null,
        effectiveFrom,
        vendorShareBps,
        vendorPerKwhMinor,
        platformFeeBps,
        platformFeeFixedMinor,
        platformFeeBearer: text('platformFeeBearer') as Bearer,
        gatewayFeeBearer: text('gatewayFeeBearer') as Bearer,
        sponsorShared: text('sponsor') === 'share',
      },
      { onSuccess: () => form.reset() },
    );
  }

  if (vendors.length === 0) return <p className="text-sm text-muted">Add a vendor first (Vendors page).</p>;
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="New terms version" noValidate>
      {problem ? <Alert>{problem}</Alert> : null}
      {create.error ? <Alert>{errorMessage(create.error)}</Alert> : null}
      {create.isSuccess ? (
        <Alert tone="success">
          Version {create.data.version} saved; it applies to sessions that start from its effective time.
        </Alert>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Vendor">
          <Select name="vendorId" value={vendorId} onChange={(e) => setVendorId(e.target.value)}>
            {vendors.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Applies to" hint="A site's own terms come before the vendor's.">
          <Select name="siteId" key={vendorId} defaultValue="">
            <option value="">All the vendor's sites</option>
            {vendorSites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Vendor share of net charging revenue (%)" hint="Revenue excl. GST; 70 for 70%.">
          <Input name="vendorShare" inputMode="decimal" placeholder="70" />
        </Field>
        <Field label="Fixed to the vendor per kWh (₹)" hint="Paid on top of the share; 0 for none.">
          <Input name="perKwh" inputMode="decimal" placeholder="0.00" />
        </Field>
        <Field label="Platform fee (% of net revenue)">
          <Input name="platformFee" inputMode="decimal" placeholder="0" />
        </Field>
        <Field label="Platform fee per session (₹)">
          <Input name="platformFeeFixed" inputMode="decimal" placeholder="0.00" />
        </Field>
        <Field label="Platform fee borne by">
          <Select name="platformFeeBearer" defaultValue="OPERATOR">
            {BEARERS.map((b) => (
              <option key={b.value} value={b.value}>
                {b.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Gateway fee borne by">
          <Select name="gatewayFeeBearer" defaultValue="OPERATOR">
            {BEARERS.map((b) => (
              <option key={b.value} value={b.value}>
                {b.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Sponsor's payments">
          <Select name="sponsor" defaultValue="share">
            <option value="share">Shared with the vendor like the driver's</option>
            <option value="keep">Kept by the operator</option>
          </Select>
        </Field>
        <Field label={`Effective from (${timeZone})`} hint="Sessions starting from then use this version.">
          <Input
            name="effectiveFrom"
            type="datetime-local"
            required
            defaultValue={toZonedInput(new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000), timeZone)}
          />
        </Field>
      </div>
      <Button type="submit" busy={create.isPending}>
        Save as a new version
      </Button>
    </form>
  );
}

'use client';

import { useMemo, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';
import { useConfirm } from '@/components/confirm-dialog.tsx';

type EditableSite = {
  id: string;
  name: string;
  address: string;
  city: string;
  state: string;
  postalCode: string | null;
  timezone: string;
  lat: number | null;
  lng: number | null;
};

const text = (f: FormData, k: string) => String(f.get(k) ?? '').trim();

/** A number field: empty is null (cleared), anything else must parse. */
function coordinate(f: FormData, k: string): number | null | 'bad' {
  const v = text(f, k);
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : 'bad';
}

export function SiteEditForm({ site }: { site: EditableSite }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const update = useMutation(trpc.site.update.mutationOptions({ onSuccess: refresh }));
  // The runtime's own list of IANA names, offered as suggestions; the server checks the value.
  const zones = useMemo(() => {
    try {
      return Intl.supportedValuesOf('timeZone');
    } catch {
      return [];
    }
  }, []);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const lat = coordinate(f, 'lat');
    const lng = coordinate(f, 'lng');
    if (lat === 'bad' || lng === 'bad') return;
    update.mutate({
      id: site.id,
      patch: {
        name: text(f, 'name'),
        address: text(f, 'address'),
        city: text(f, 'city'),
        state: text(f, 'state'),
        ...(text(f, 'postalCode') ? { postalCode: text(f, 'postalCode') } : {}),
        timezone: text(f, 'timezone'),
        lat,
        lng,
      },
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Edit site" data-testid="site-edit">
      {update.error ? <Alert>{errorMessage(update.error)}</Alert> : null}
      {update.isSuccess ? <Alert tone="success">Saved.</Alert> : null}
      <Field label="Name">
        <Input name="name" required minLength={2} maxLength={80} defaultValue={site.name} />
      </Field>
      <Field label="Address">
        <Input name="address" required minLength={2} maxLength={200} defaultValue={site.address} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="City">
          <Input name="city" required minLength={2} maxLength={60} defaultValue={site.city} />
        </Field>
        <Field label="State">
          <Input name="state" required minLength={2} maxLength={60} defaultValue={site.state} />
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field label="PIN code">
          <Input name="postalCode" inputMode="numeric" pattern="[0-9]{6}" defaultValue={site.postalCode ?? ''} />
        </Field>
        <Field label="Time zone" hint="IANA name, e.g. Asia/Kolkata">
          <Input name="timezone" required list="iana-time-zones" maxLength={64} defaultValue={site.timezone} />
        </Field>
      </div>
      <datalist id="iana-time-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Latitude" hint="−90 to 90">
          <Input name="lat" type="number" step="any" min={-90} max={90} defaultValue={site.lat ?? ''} />
        </Field>
        <Field label="Longitude" hint="−180 to 180">
          <Input name="lng" type="number" step="any" min={-180} max={180} defaultValue={site.lng ?? ''} />
        </Field>
      </div>
      <Button type="submit" busy={update.isPending}>
        Save site
      </Button>
    </form>
  );
}

export function SiteArchiveButton({
  siteId,
  siteName,
  archived,
  connected,
  chargers,
}: {
  siteId: string;
  siteName: string;
  archived: boolean;
  /** Identities of this site's chargers connected now: archiving is refused while there are any. */
  connected: string[];
  chargers: number;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirm, confirmDialog] = useConfirm();
  const archive = useMutation(trpc.site.archive.mutationOptions({ onSuccess: () => router.refresh() }));
  const restore = useMutation(trpc.site.restore.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = archive.error ?? restore.error;

  async function onArchive() {
    const ok = await confirm({
      title: `Archive ${siteName}?`,
      body: (
        <p>
          {siteName} disappears from the Sites list and from every site picker. Its {chargers} charger
          {chargers === 1 ? '' : 's'} stay{chargers === 1 ? 's' : ''} assigned to it, and its sessions, revenue and
          statements keep their history. You can restore it from this page at any time.
        </p>
      ),
      confirmLabel: 'Archive site',
    });
    if (ok) archive.mutate({ id: siteId });
  }

  if (archived) {
    return (
      <div className="space-y-2">
        {error ? <Alert>{errorMessage(error)}</Alert> : null}
        <Button variant="secondary" busy={restore.isPending} onClick={() => restore.mutate({ id: siteId })}>
          Restore site
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      {confirmDialog}
      {error ? <Alert>{errorMessage(error)}</Alert> : null}
      {connected.length > 0 ? (
        <p className="text-sm text-muted" data-testid="archive-blocked">
          {connected.length === 1 ? 'A charger is' : `${connected.length} chargers are`} connected here (
          {connected.slice(0, 5).join(', ')}
          {connected.length > 5 ? ` and ${connected.length - 5} more` : ''}): the site can be archived once{' '}
          {connected.length === 1 ? 'it disconnects or moves' : 'they disconnect or move'} to another site.
        </p>
      ) : (
        <p className="text-sm text-muted">Archiving hides the site; nothing is deleted.</p>
      )}
      <Button
        variant="secondary"
        busy={archive.isPending}
        disabled={connected.length > 0}
        onClick={() => void onArchive()}
      >
        Archive site
      </Button>
    </div>
  );
}

import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PageHeader } from '@magma/ui';
import { features } from '@magma/api';
import { parseTariffDefinition } from '@magma/tariff';
import { defaultTariffDefinition } from '@magma/core/tariffs';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { TariffEditor } from '@/components/tariffs/tariff-editor.tsx';

export const metadata = { title: 'New tariff' };

export default async function NewTariffPage() {
  const ctx = await requireAdmin();
  if (!features(ctx.tenant.plan).tariffEditor) redirect('/');
  const sites = (await (await serverApi()).site.list()).map((s) => ({ id: s.id, name: `${s.name}, ${s.city}` }));
  const start = parseTariffDefinition(defaultTariffDefinition({ currency: ctx.tenant.currency }));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/tariffs" className="text-primary hover:underline">
          ← Tariffs
        </Link>
      </p>
      <PageHeader
        title="New tariff"
        description="Starts from the demo prices: change them, paint the windows, then publish."
      />
      <TariffEditor
        latestVersion={0}
        definition={start}
        canEdit
        canPreview
        sites={sites}
        timeZone={ctx.tenant.timezone}
      />
    </>
  );
}

import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { Badge, PageHeader } from '@magma/ui';
import { features } from '@magma/api';
import { canAdminister, canOperate } from '@magma/core/tenancy';
import { describeAssignment } from '@magma/core/tariffs';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { LoadError } from '@/components/dashboard/errors.tsx';
import { AssignmentForm } from '@/components/tariffs/assignment-form.tsx';
import { TariffEditor } from '@/components/tariffs/tariff-editor.tsx';
import { VersionHistory } from '@/components/tariffs/version-history.tsx';

export const metadata = { title: 'Tariff' };

type Props = { params: Promise<{ domain: string; id: string }> };

export default async function TariffPage({ params }: Props) {
  const { id } = await params;
  const ctx = await requireMember();
  if (!features(ctx.tenant.plan).tariffEditor) redirect('/');
  const api = await serverApi();
  let t: Awaited<ReturnType<typeof api.tariffs.get>>;
  try {
    t = await api.tariffs.get({ id });
  } catch (e) {
    if (e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST')) notFound();
    return <LoadError what="this tariff" error={e} />;
  }
  const admin = canAdminister(ctx.scope);
  const sites = admin ? (await api.site.list()).map((s) => ({ id: s.id, name: `${s.name}, ${s.city}` })) : [];
  const latest = t.versions[0];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/tariffs" className="text-primary hover:underline">
          ← Tariffs
        </Link>
      </p>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {t.name}
            {t.archived ? <Badge>Archived</Badge> : null}
          </span>
        }
        description={`${describeAssignment(t)} · priority ${t.priority} · ${t.current ? `version ${t.current.version} in use` : 'no version in use yet'}${admin ? '' : ' · read only'}`}
      />
      {latest ? (
        <TariffEditor
          key={t.id}
          tariffId={t.id}
          latestVersion={t.latestVersion}
          definition={latest.definition}
          canEdit={admin && !t.archived}
          canPreview={canOperate(ctx.scope)}
          timeZone={t.timeZone}
        />
      ) : null}
      <div className="mt-6 grid items-start gap-6 lg:grid-cols-2">
        <VersionHistory versions={t.versions} currentId={t.current?.id ?? null} timeZone={t.timeZone} />
        {admin ? (
          <AssignmentForm
            id={t.id}
            name={t.name}
            siteId={t.siteId}
            connectorType={t.connectorType}
            priority={t.priority}
            archived={t.archived}
            sites={sites}
          />
        ) : null}
      </div>
    </>
  );
}

import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { features } from '@magma/api';
import { canAdminister } from '@magma/core/tenancy';
import { describeAssignment } from '@magma/core/tariffs';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { dateTime } from '@/components/dashboard/format.ts';

export const metadata = { title: 'Tariffs' };

export default async function TariffsPage() {
  const ctx = await requireMember();
  if (!features(ctx.tenant.plan).tariffEditor) redirect('/');
  const r = await settle((await serverApi()).tariffs.list());
  const admin = canAdminister(ctx.scope);
  return (
    <>
      <PageHeader
        title="Tariffs"
        description="What drivers pay, by time of day, site and connector. Each publish is a new version; sessions keep the version they started with."
        actions={
          admin ? (
            <Link
              href="/tariffs/new"
              className="rounded-md bg-primary px-4 py-2 text-sm font-medium text-white shadow-sm hover:brightness-110"
            >
              New tariff
            </Link>
          ) : null
        }
      />
      {!r.ok ? (
        <LoadError what="the tariffs" error={r.error} />
      ) : r.value.length === 0 ? (
        <EmptyState title="No tariffs yet">
          {admin
            ? 'Create the first one: sessions are not priced without a tariff.'
            : 'Your operator has not published a tariff yet.'}
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Tariff</Th>
              <Th>Applies to</Th>
              <Th className="text-right">Priority</Th>
              <Th>Version in use</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody data-testid="tariff-list">
            {r.value.map((t) => (
              <tr key={t.id}>
                <Td>
                  <Link href={`/tariffs/${t.id}`} className="font-medium text-primary hover:underline">
                    {t.name}
                  </Link>
                  {t.description ? <span className="block text-xs text-muted">{t.description}</span> : null}
                </Td>
                <Td>{describeAssignment(t)}</Td>
                <Td className="text-right tabular-nums">{t.priority}</Td>
                <Td>
                  {t.current ? (
                    <>
                      Version {t.current.version}
                      <span className="block text-xs text-muted">
                        published {dateTime(t.current.publishedAt, ctx.tenant.timezone)}
                      </span>
                    </>
                  ) : (
                    <span className="text-muted">—</span>
                  )}
                </Td>
                <Td>
                  {t.archived ? (
                    <Badge>Archived</Badge>
                  ) : t.latestVersion > (t.current?.version ?? 0) ? (
                    <Badge tone="warn">Version {t.latestVersion} scheduled</Badge>
                  ) : t.current ? (
                    <Badge tone="good">Active</Badge>
                  ) : (
                    <Badge tone="warn">Not yet active</Badge>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

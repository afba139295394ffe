import Link from 'next/link';
import { redirect } from 'next/navigation';
import { listSites } from '@magma/core/sites';
import { EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { getContext } from '@/server/api.ts';
import { getDb } from '@/server/db.ts';

export const metadata = { title: 'QR stickers' };
export const dynamic = 'force-dynamic';

/** Pick a site to print its connectors' QR stickers. */
export default async function StickerSitesPage() {
  const ctx = await getContext();
  if (!ctx.scope) redirect('/sign-in');
  const sites = await listSites({ db: getDb(), scope: ctx.scope });
  return (
    <>
      <PageHeader
        title="QR stickers"
        description="Drivers scan these to see the price, pay by UPI and start charging. One sheet per site."
      />
      {sites.length === 0 ? (
        <EmptyState title="No sites yet" />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Site</Th>
              <Th>City</Th>
              <Th className="text-right">Chargers</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            {sites.map((s) => (
              <tr key={s.id}>
                <Td className="font-medium">{s.name}</Td>
                <Td className="text-muted">{s.city}</Td>
                <Td className="text-right tabular-nums">{s._count.chargers}</Td>
                <Td className="text-right">
                  <Link href={`/sites/${s.id}/stickers`} className="font-medium text-primary hover:underline">
                    Print stickers
                  </Link>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

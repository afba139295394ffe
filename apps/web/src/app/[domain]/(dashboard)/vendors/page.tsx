import { redirect } from 'next/navigation';
import { Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { features } from '@magma/api';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { VendorForm } from './vendor-form.tsx';
import { DeleteVendorButton } from './delete-vendor-button.tsx';
import { EditVendorButton } from './edit-vendor.tsx';

export const metadata = { title: 'Vendors' };

function percent(bps: number) {
  return `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;
}

export default async function VendorsPage() {
  const ctx = await requireAdmin();
  if (!features(ctx.tenant.plan).vendorAccounts) redirect('/');
  const vendors = await (await serverApi()).vendor.list();
  return (
    <>
      <PageHeader title="Vendors" description="Site owners with their own scoped accounts and revenue share." />
      <div className="grid items-start gap-8 lg:grid-cols-[2fr_1fr]">
        <div>
          {vendors.length === 0 ? (
            <EmptyState title="No vendors yet">Add the first site owner with the form.</EmptyState>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Vendor</Th>
                  <Th>Contact</Th>
                  <Th className="text-right">Sites</Th>
                  <Th className="text-right">Chargers</Th>
                  <Th className="text-right">Users</Th>
                  <Th className="text-right">Share</Th>
                  <Th />
                </tr>
              </thead>
              <tbody>
                {vendors.map((v) => (
                  <tr key={v.id} data-vendor={v.name}>
                    <Td>
                      <span className="font-medium">{v.name}</span>
                      <span className="block text-xs text-muted">{v.legalName}</span>
                    </Td>
                    <Td>{v.contactEmail ?? <span className="text-muted">—</span>}</Td>
                    <Td className="text-right tabular-nums">{v._count.sites}</Td>
                    <Td className="text-right tabular-nums">{v._count.chargers}</Td>
                    <Td className="text-right tabular-nums">{v._count.memberships}</Td>
                    <Td className="text-right tabular-nums">{percent(v.revenueShareBps)}</Td>
                    <Td className="text-right whitespace-nowrap">
                      <EditVendorButton vendor={v} />
                      <DeleteVendorButton id={v.id} name={v.name} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </div>
        <Card>
          <CardTitle description="Invite its users from Settings → Users.">Add a vendor</CardTitle>
          <VendorForm />
        </Card>
      </div>
    </>
  );
}

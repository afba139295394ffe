import { Badge, Card, CardTitle, EmptyState, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { InviteForm, RemoveMemberButton, RevokeInvitationButton } from './user-actions.tsx';

export const metadata = { title: 'Users' };

const ROLE = { OPERATOR_ADMIN: 'Admin', OPERATOR_STAFF: 'Staff', VENDOR_USER: 'Vendor' } as const;

export default async function UsersPage() {
  await requireAdmin();
  const api = await serverApi();
  const [members, invitations, vendors, access, me] = await Promise.all([
    api.user.members(),
    api.user.invitations(),
    api.vendor.list(),
    api.tenant.access(),
    api.user.me(),
  ]);
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <div className="space-y-8">
        <Card>
          <CardTitle description="People who can sign in here.">Members</CardTitle>
          <Table>
            <thead>
              <tr>
                <Th>User</Th>
                <Th>Role</Th>
                <Th>Last sign-in</Th>
                <Th />
              </tr>
            </thead>
            <tbody data-testid="members">
              {members.map((m) => (
                <tr key={m.id}>
                  <Td>
                    <span className="font-medium">{m.user.name ?? m.user.email}</span>
                    <span className="block text-xs text-muted">{m.user.email}</span>
                  </Td>
                  <Td>
                    <Badge tone={m.role === 'OPERATOR_ADMIN' ? 'brand' : 'neutral'}>{ROLE[m.role]}</Badge>
                    {m.vendor ? <span className="ml-2 text-xs text-muted">{m.vendor.name}</span> : null}
                  </Td>
                  <Td className="text-muted">
                    {m.user.lastLoginAt ? m.user.lastLoginAt.toISOString().slice(0, 16).replace('T', ' ') : 'never'}
                  </Td>
                  <Td className="text-right">
                    {m.user.id === me?.id ? null : <RemoveMemberButton id={m.id} email={m.user.email} />}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
        <Card>
          <CardTitle description="Links are valid for 7 days.">Pending invitations</CardTitle>
          {invitations.length === 0 ? (
            <EmptyState title="No pending invitations" />
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Email</Th>
                  <Th>Role</Th>
                  <Th>Expires</Th>
                  <Th />
                </tr>
              </thead>
              <tbody data-testid="invitations">
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <Td>{i.email}</Td>
                    <Td>
                      {ROLE[i.role]}
                      {i.vendor ? <span className="ml-2 text-xs text-muted">{i.vendor.name}</span> : null}
                    </Td>
                    <Td className="text-muted">{i.expiresAt.toISOString().slice(0, 10)}</Td>
                    <Td className="text-right">
                      <RevokeInvitationButton id={i.id} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
      <Card className="h-fit">
        <CardTitle description="They receive an email with a link to set their password.">Invite someone</CardTitle>
        <InviteForm
          vendors={vendors.map((v) => ({ id: v.id, name: v.name }))}
          vendorAccounts={access.features.vendorAccounts}
        />
      </Card>
    </div>
  );
}

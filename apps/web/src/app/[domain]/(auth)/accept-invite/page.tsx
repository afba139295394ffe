import { TRPCError } from '@trpc/server';
import { Alert } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { AcceptInviteForm } from './accept-invite-form.tsx';

export const metadata = { title: 'Accept invitation' };

type Props = { searchParams: Promise<{ token?: string }> };

const ROLE = {
  OPERATOR_ADMIN: 'an administrator',
  OPERATOR_STAFF: 'a staff member',
  VENDOR_USER: 'a site owner',
} as const;

export default async function AcceptInvitePage({ searchParams }: Props) {
  const { token = '' } = await searchParams;
  const api = await serverApi();
  const invitation = await api.user.invitation({ token }).catch((e: unknown) => {
    if (e instanceof TRPCError)
      return {
        error: e.code === 'BAD_REQUEST' && token.length < 20 ? 'This invitation link is not valid.' : e.message,
      };
    throw e;
  });
  if ('error' in invitation) {
    return (
      <>
        <h1 className="mb-4 text-xl font-semibold">Invitation</h1>
        <Alert>{invitation.error}</Alert>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Join {invitation.tenantName}</h1>
      <p className="mb-5 text-sm text-muted">
        You are invited as {ROLE[invitation.role]}
        {invitation.vendorName ? ` of ${invitation.vendorName}` : ''}.
      </p>
      <AcceptInviteForm token={token} email={invitation.email} hasPassword={invitation.hasPassword} />
    </>
  );
}

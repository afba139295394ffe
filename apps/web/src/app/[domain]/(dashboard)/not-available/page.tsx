import Link from 'next/link';
import { Card, PageHeader } from '@magma/ui';
import { requireMember } from '@/server/guards.ts';

export const metadata = { title: 'Not available' };

const WHO = {
  VENDOR_USER: 'vendor accounts',
  OPERATOR_STAFF: 'staff accounts',
  OPERATOR_ADMIN: null,
  PLATFORM_ADMIN: null,
} as const;

/** Where an admin-only page sends everyone else: said in words, not a silent jump to the overview. */
export default async function NotAvailablePage() {
  const { scope } = await requireMember();
  const who = WHO[scope.role];
  return (
    <div className="max-w-xl">
      <PageHeader title="Not available" />
      <Card className="p-4" data-testid="not-available">
        <p>
          {who
            ? `This page is not available for ${who}: only the operator's admins use it.`
            : 'This page is not available.'}
        </p>
        <p className="mt-3 flex flex-wrap gap-4 text-sm">
          <Link className="font-medium text-primary hover:underline" href="/">
            Back to the overview
          </Link>
          {scope.role === 'VENDOR_USER' ? (
            <Link className="font-medium text-primary hover:underline" href="/earnings">
              Your earnings
            </Link>
          ) : null}
        </p>
      </Card>
    </div>
  );
}

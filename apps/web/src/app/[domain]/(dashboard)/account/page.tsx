import { Card, CardTitle, PageHeader } from '@magma/ui';
import { requireMember } from '@/server/guards.ts';
import { PasswordForm } from './password-form.tsx';

export const metadata = { title: 'Your account' };

export default async function AccountPage() {
  const { user } = await requireMember();
  return (
    <div className="max-w-xl space-y-8">
      <PageHeader title="Your account" description={user.email} />
      <Card>
        <CardTitle description="Signs you out everywhere else: other browsers and devices sign in again with the new password.">
          Change password
        </CardTitle>
        <PasswordForm email={user.email} />
      </Card>
    </div>
  );
}

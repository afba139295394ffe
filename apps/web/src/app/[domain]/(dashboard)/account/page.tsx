import { Card, CardTitle, PageHeader } from '@magma/ui';
import { requireMember } from '@/server/guards.ts';
import { PasswordForm } from './password-form.tsx';
import { PersonalTokensCard } from '../settings/developers/personal-tokens-card.tsx';

export const metadata = { title: 'Your account' };

export default async function AccountPage() {
  const { user, scope } = await requireMember();
  return (
    <div className="space-y-8">
      <div className="max-w-xl space-y-8">
        <PageHeader title="Your account" description={user.email} />
        <Card>
          <CardTitle description="Signs you out everywhere else: other browsers and devices sign in again with the new password.">
            Change password
          </CardTitle>
          <PasswordForm email={user.email} />
        </Card>
      </div>
      {/* A platform admin visiting is no member here: a token could act as nobody. */}
      {scope.role === 'PLATFORM_ADMIN' ? null : <PersonalTokensCard />}
    </div>
  );
}

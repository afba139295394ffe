import { Card, CardTitle, PageHeader } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { FaultEmailsForm } from './fault-emails-form.tsx';
import { PasswordForm } from './password-form.tsx';
import { PersonalTokensCard } from '../settings/developers/personal-tokens-card.tsx';

export const metadata = { title: 'Your account' };

export default async function AccountPage() {
  const { user, scope } = await requireMember();
  // A platform admin visiting is no member here: no mailbox for this operator's faults.
  const member = scope.role !== 'PLATFORM_ADMIN';
  const api = await serverApi();
  const [faultEmails, sites] = member
    ? await Promise.all([settle(api.faults.emailSubscription()), settle(api.site.list())])
    : [null, null];
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
        {faultEmails ? (
          <Card>
            <CardTitle description="An email when a fault opens on your chargers, naming the charger, connector and site. A connector that keeps faulting is emailed about at most every 15 minutes, with everything since.">
              Fault emails
            </CardTitle>
            {faultEmails.ok && sites?.ok ? (
              <FaultEmailsForm
                initial={faultEmails.value}
                sites={sites.value.map((s) => ({ id: s.id, name: s.name, city: s.city }))}
              />
            ) : (
              <LoadError
                what="your fault emails"
                error={!faultEmails.ok ? faultEmails.error : sites && !sites.ok ? sites.error : null}
              />
            )}
          </Card>
        ) : null}
      </div>
      {/* A platform admin visiting is no member here: a token could act as nobody. */}
      {scope.role === 'PLATFORM_ADMIN' ? null : <PersonalTokensCard />}
    </div>
  );
}

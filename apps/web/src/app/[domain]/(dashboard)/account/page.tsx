import { Card, CardTitle, PageHeader } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { FaultEmailsForm } from './fault-emails-form.tsx';
import { PasswordForm } from './password-form.tsx';
import { LanguageForm } from './language-form.tsx';
import { PersonalTokensCard } from '../settings/developers/personal-tokens-card.tsx';
import { dashboardT } from '@magma/i18n';
import { dashboardLocale } from '@/i18n/request-locale.ts';

export async function generateMetadata() {
  return { title: dashboardT(await dashboardLocale())('account.title') };
}

export default async function AccountPage() {
  const { user, scope } = await requireMember();
  const locale = await dashboardLocale();
  const t = dashboardT(locale);
  // A platform admin visiting is no member here: no mailbox for this operator's faults.
  const member = scope.role !== 'PLATFORM_ADMIN';
  const api = await serverApi();
  const [faultEmails, sites] = member
    ? await Promise.all([settle(api.faults.emailSubscription()), settle(api.site.list())])
    : [null, null];
  return (
    <div className="space-y-8">
      <div className="max-w-xl space-y-8">
        <PageHeader title={t('account.title')} description={user.email} />
        <Card>
          <CardTitle description={t('account.languageLead')}>{t('account.language')}</CardTitle>
          <LanguageForm locale={locale} />
        </Card>
        <Card>
          <CardTitle description={t('account.passwordLead')}>{t('account.password')}</CardTitle>
          <PasswordForm email={user.email} />
        </Card>
        {faultEmails ? (
          <Card>
            <CardTitle description={t('account.faultEmailsLead')}>{t('account.faultEmails')}</CardTitle>
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

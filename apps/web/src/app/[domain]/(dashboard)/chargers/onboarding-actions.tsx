'use client';

import type { FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Select } from '@magma/ui';
import { CsvImportForm } from '@/components/dashboard/csv-import-form.tsx';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';
import { DASHBOARD_CATALOGUES } from '@magma/i18n';
import { useDashboardLocale, useDashboardT } from '@/i18n/dashboard-locale.tsx';
import { richText } from '@/i18n/rich-text.tsx';

type Policy = 'REJECT' | 'PENDING' | 'ACCEPT';

const POLICIES: readonly Policy[] = ['REJECT', 'PENDING', 'ACCEPT'];

export function UnknownChargerPolicyForm({ policy }: { policy: Policy }) {
  const t = useDashboardT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const save = useMutation(trpc.charger.setUnknownPolicy.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate({ policy: new FormData(e.currentTarget).get('policy') as Policy });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label={t('chargers.unknown')}>
      {save.error ? <Alert>{errorMessage(save.error)}</Alert> : null}
      {save.isSuccess ? <Alert tone="success">{t('chargers.saved')}</Alert> : null}
      <Field label={t('chargers.unknownPolicy')}>
        <Select name="policy" defaultValue={policy}>
          {POLICIES.map((p) => (
            <option key={p} value={p}>
              {t(`chargers.unknownPolicy.${p}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" busy={save.isPending}>
        {t('chargers.save')}
      </Button>
    </form>
  );
}

export function RegistrationButtons({ chargerId, identity }: { chargerId: string; identity: string }) {
  const t = useDashboardT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const decide = useMutation(trpc.charger.setRegistration.mutationOptions({ onSuccess: refresh }));
  return (
    <span className="inline-flex flex-wrap items-center justify-end gap-2">
      {decide.error ? (
        <span role="alert" className="text-sm text-red-700">
          {errorMessage(decide.error)}
        </span>
      ) : null}
      <Button
        busy={decide.isPending && decide.variables?.registration === 'ACCEPTED'}
        onClick={() => decide.mutate({ chargerId, registration: 'ACCEPTED' })}
        aria-label={t('chargers.approveLabel', { identity })}
      >
        {t('chargers.approve')}
      </Button>
      <Button
        variant="secondary"
        busy={decide.isPending && decide.variables?.registration === 'REJECTED'}
        onClick={() => decide.mutate({ chargerId, registration: 'REJECTED' })}
        aria-label={t('chargers.refuseLabel', { identity })}
      >
        {t('chargers.refuse')}
      </Button>
    </span>
  );
}

export function ImportChargersForm({ limits }: { limits: { bytes: number; rows: number } }) {
  const t = useDashboardT();
  const locale = useDashboardLocale();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const importCsv = useMutation(trpc.charger.import.mutationOptions({ onSuccess: refresh }));
  return (
    <CsvImportForm
      name={t('chargers.importForm')}
      mutation={importCsv}
      maxBytes={limits.bytes}
      noun={[t('chargers.nounOne'), t('chargers.noun')]}
      keyColumn={t('chargers.col.identity')}
      keyOf={(err) => err.identity}
    >
      {richText(DASHBOARD_CATALOGUES[locale]['chargers.importHelp'], {
        required: <code>identity,protocol,connectors</code>,
        optional: <code>site,password,securityProfile,maxPowerKw,vendorName,model</code>,
        count: <code>2</code>,
        types: <code>CCS2:60;TYPE2:22</code>,
        rows: limits.rows.toLocaleString('en-IN'),
      })}
    </CsvImportForm>
  );
}

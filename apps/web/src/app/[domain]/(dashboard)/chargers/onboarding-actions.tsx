'use client';

import type { FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Select } from '@magma/ui';
import { CsvImportForm } from '@/components/dashboard/csv-import-form.tsx';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

type Policy = 'REJECT' | 'PENDING' | 'ACCEPT';

const POLICY_LABELS: Record<Policy, string> = {
  REJECT: 'Refuse them (only registered chargers connect)',
  PENDING: 'Hold them for an admin to approve',
  ACCEPT: 'Accept them at once',
};

export function UnknownChargerPolicyForm({ policy }: { policy: Policy }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const save = useMutation(trpc.charger.setUnknownPolicy.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate({ policy: new FormData(e.currentTarget).get('policy') as Policy });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Unknown chargers">
      {save.error ? <Alert>{errorMessage(save.error)}</Alert> : null}
      {save.isSuccess ? <Alert tone="success">Saved.</Alert> : null}
      <Field label="A charger connects with an identity nobody registered">
        <Select name="policy" defaultValue={policy}>
          {(Object.keys(POLICY_LABELS) as Policy[]).map((p) => (
            <option key={p} value={p}>
              {POLICY_LABELS[p]}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" busy={save.isPending}>
        Save
      </Button>
    </form>
  );
}

export function RegistrationButtons({ chargerId, identity }: { chargerId: string; identity: string }) {
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
        aria-label={`Approve ${identity}`}
      >
        Approve
      </Button>
      <Button
        variant="secondary"
        busy={decide.isPending && decide.variables?.registration === 'REJECTED'}
        onClick={() => decide.mutate({ chargerId, registration: 'REJECTED' })}
        aria-label={`Refuse ${identity}`}
      >
        Refuse
      </Button>
    </span>
  );
}

export function ImportChargersForm({ limits }: { limits: { bytes: number; rows: number } }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const importCsv = useMutation(trpc.charger.import.mutationOptions({ onSuccess: refresh }));
  return (
    <CsvImportForm
      name="Import chargers"
      mutation={importCsv}
      maxBytes={limits.bytes}
      noun={['charger', 'chargers']}
      keyColumn="Identity"
      keyOf={(err) => err.identity}
    >
      Header row, then one charger per line: <code>identity,protocol,connectors</code> (required) and optionally{' '}
      <code>site,password,securityProfile,maxPowerKw,vendorName,model</code>. Connectors is a count (<code>2</code>) or
      types with kW (<code>CCS2:60;TYPE2:22</code>); site is the name of one of your sites. Every row is checked first:
      if one is wrong, nothing is imported. Up to {limits.rows.toLocaleString('en-IN')} chargers per file.
    </CsvImportForm>
  );
}

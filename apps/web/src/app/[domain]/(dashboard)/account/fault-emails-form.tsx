'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

type Subscription = { enabled: boolean; allSites: boolean; siteIds: string[] };
type Site = { id: string; name: string; city: string };

/**
 * The member's own fault emails: off, every site they can see, or the sites ticked. The list holds
 * only the caller's sites (a vendor user's own), and the server checks each one again.
 */
export function FaultEmailsForm({ initial, sites }: { initial: Subscription; sites: Site[] }) {
  const trpc = useTRPC();
  const t = useDashboardT();
  const [enabled, setEnabled] = useState(initial.enabled);
  const [allSites, setAllSites] = useState(initial.allSites);
  const [chosen, setChosen] = useState(new Set(initial.siteIds));
  const [saved, setSaved] = useState<Subscription | null>(null);
  const save = useMutation(trpc.faults.setEmailSubscription.mutationOptions({ onSuccess: (s) => setSaved(s) }));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(null);
    save.mutate({ enabled, allSites, siteIds: allSites ? [] : [...chosen] });
  }
  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="fault-emails-form">
      {save.error ? <Alert>{errorMessage(save.error)}</Alert> : null}
      {saved ? (
        <Alert tone="success">
          {!saved.enabled
            ? t('account.faultEmailsSavedNone')
            : saved.allSites
              ? t('account.faultEmailsSavedAll')
              : t(saved.siteIds.length === 1 ? 'account.faultEmailsSaved.one' : 'account.faultEmailsSaved.other', {
                  count: saved.siteIds.length,
                })}
        </Alert>
      ) : null}
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          name="enabled"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          className="h-4 w-4"
        />
        {t('account.faultEmailsEnable')}
      </label>
      {enabled ? (
        <fieldset className="space-y-2 pl-6 text-sm">
          <legend className="sr-only">{t('account.faultEmailsWhich')}</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="scope" checked={allSites} onChange={() => setAllSites(true)} />
            {sites.length
              ? t('account.faultEmailsAllSitesCount', { count: sites.length })
              : t('account.faultEmailsAllSites')}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="scope" checked={!allSites} onChange={() => setAllSites(false)} />
            {t('account.faultEmailsChosen')}
          </label>
          {!allSites ? (
            sites.length === 0 ? (
              <p className="text-muted">{t('account.faultEmailsNoSites')}</p>
            ) : (
              <ul
                className="max-h-64 space-y-1 overflow-y-auto rounded-md border border-line p-2"
                data-testid="fault-email-sites"
              >
                {sites.map((s) => (
                  <li key={s.id}>
                    <label className="flex items-center gap-2">
                      <input type="checkbox" checked={chosen.has(s.id)} onChange={() => toggle(s.id)} />
                      {s.name}
                      <span className="text-muted">· {s.city}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </fieldset>
      ) : null}
      <Button type="submit" busy={save.isPending}>
        {t('account.faultEmailsSave')}
      </Button>
    </form>
  );
}

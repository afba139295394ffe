'use client';

import { useState, useTransition, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button } from '@magma/ui';
import { LOCALE_NAMES, LOCALES, parseLocale, type Locale } from '@magma/i18n';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

/**
 * English / हिन्दी for the dashboard, kept on the user (every device they sign in on); each choice is
 * written in its own language. Saving re-renders the page in it.
 */
export function LanguageForm({ locale }: { locale: Locale }) {
  const trpc = useTRPC();
  const t = useDashboardT();
  const router = useRouter();
  const [chosen, setChosen] = useState<Locale>(locale);
  const [saved, setSaved] = useState(false);
  const [refreshing, startTransition] = useTransition();
  const save = useMutation(
    trpc.user.setLocale.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        startTransition(() => router.refresh());
      },
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    save.mutate({ locale: chosen });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="language-form">
      {save.error ? <Alert>{errorMessage(save.error)}</Alert> : null}
      {saved && !refreshing ? <Alert tone="success">{t('account.languageSaved')}</Alert> : null}
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">{t('account.language')}</legend>
        {LOCALES.map((l) => (
          <label key={l} lang={l} className="flex items-center gap-2 font-medium">
            <input
              type="radio"
              name="locale"
              value={l}
              checked={chosen === l}
              onChange={(e) => setChosen(parseLocale(e.target.value) ?? chosen)}
              data-testid={`language-${l}`}
            />
            {LOCALE_NAMES[l]}
          </label>
        ))}
      </fieldset>
      <Button type="submit" busy={save.isPending || refreshing}>
        {t('account.languageSave')}
      </Button>
    </form>
  );
}

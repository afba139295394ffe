'use client';

import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, cx } from '@magma/ui';
import type { ThemeOverrides } from '@magma/api';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

const COLOR_KEYS = ['primary', 'accent', 'background', 'surface', 'text', 'muted'] as const;
type ColorKey = (typeof COLOR_KEYS)[number];

export type ThemeChoice = { key: string; name: string; colors: Record<ColorKey, string>; logoSrc: string };

type Initial = {
  name: string;
  themeKey: string;
  overrides: ThemeOverrides;
  supportEmail: string | null;
  supportPhone: string | null;
};

const MAX_LOGO_BYTES = 200_000;

export function BrandForm({
  themes,
  initial,
  whiteLabel,
}: {
  themes: ThemeChoice[];
  initial: Initial;
  whiteLabel: boolean;
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [themeKey, setThemeKey] = useState(initial.themeKey);
  const [colors, setColors] = useState<Partial<Record<ColorKey, string>>>(initial.overrides.colors ?? {});
  const [logo, setLogo] = useState<string | undefined>(initial.overrides.logoDataUrl);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.tenant.updateBranding.mutationOptions({ onSuccess: () => (setSaved(true), refresh()) }),
  );
  const theme = themes.find((t) => t.key === themeKey) ?? themes[0]!;

  function onLogo(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setLogoError(null);
    if (!file) return;
    if (file.size > MAX_LOGO_BYTES) return setLogoError('The logo must be smaller than 200 kB.');
    const reader = new FileReader();
    reader.onload = () => setLogo(String(reader.result));
    reader.readAsDataURL(file);
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    setSaved(false);
    save.mutate({
      name: text('name'),
      supportEmail: text('supportEmail') || null,
      supportPhone: text('supportPhone') || null,
      ...(whiteLabel
        ? { themeKey, overrides: { colors, logoDataUrl: logo, senderName: text('senderName') || undefined } }
        : {}),
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6">
      {save.error ? <Alert>{errorMessage(save.error)}</Alert> : null}
      {saved ? <Alert tone="success">Saved. Every page now uses the new brand.</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Operator name">
          <Input name="name" defaultValue={initial.name} required />
        </Field>
        <Field label="Email sender name" hint="Shown as the sender of receipts and invitations.">
          <Input name="senderName" defaultValue={initial.overrides.senderName ?? ''} disabled={!whiteLabel} />
        </Field>
        <Field label="Support email">
          <Input name="supportEmail" type="email" defaultValue={initial.supportEmail ?? ''} />
        </Field>
        <Field label="Support phone">
          <Input name="supportPhone" defaultValue={initial.supportPhone ?? ''} />
        </Field>
      </div>

      <fieldset disabled={!whiteLabel} className="space-y-3">
        <legend className="text-sm font-medium">Theme</legend>
        {!whiteLabel ? (
          <p className="text-sm text-muted">White-label branding is part of the Operator CSMS plan.</p>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-3">
          {themes.map((t) => (
            <button
              type="button"
              key={t.key}
              onClick={() => setThemeKey(t.key)}
              aria-pressed={t.key === themeKey}
              className={cx(
                'rounded-lg border p-3 text-left',
                t.key === themeKey ? 'border-primary ring-2 ring-primary/40' : 'border-line',
              )}
              style={{ background: t.colors.background, color: t.colors.text }}
            >
              <img src={t.logoSrc} alt="" className="h-6 w-auto" />
              <span className="mt-2 flex gap-1">
                {COLOR_KEYS.map((k) => (
                  <span
                    key={k}
                    className="h-4 w-4 rounded-full border border-black/10"
                    style={{ background: t.colors[k] }}
                  />
                ))}
              </span>
              <span className="mt-1 block text-sm font-medium">{t.name}</span>
            </button>
          ))}
        </div>
      </fieldset>

      <fieldset disabled={!whiteLabel} className="space-y-3">
        <legend className="text-sm font-medium">Colours</legend>
        <p className="text-sm text-muted">Override any colour of the theme; clear it to use the theme&apos;s.</p>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          {COLOR_KEYS.map((k) => (
            <label key={k} className="flex items-center gap-2 text-sm">
              <input
                type="color"
                aria-label={`${k} colour`}
                value={colors[k] ?? theme.colors[k]}
                onChange={(e) => setColors((c) => ({ ...c, [k]: e.target.value }))}
                className="h-8 w-10 cursor-pointer rounded border border-line bg-surface"
              />
              <span className="capitalize">{k}</span>
              {colors[k] ? (
                <button
                  type="button"
                  className="text-xs text-muted underline"
                  onClick={() => setColors(({ [k]: _, ...rest }) => rest)}
                >
                  reset
                </button>
              ) : null}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset disabled={!whiteLabel} className="space-y-2">
        <legend className="text-sm font-medium">Logo</legend>
        <div className="flex flex-wrap items-center gap-4">
          <img
            src={logo ?? theme.logoSrc}
            alt="Current logo"
            className="h-10 w-auto rounded border border-line bg-surface p-1"
          />
          <input
            type="file"
            accept="image/svg+xml,image/png,image/jpeg,image/webp"
            aria-label="Upload a logo"
            onChange={onLogo}
            className="max-w-full min-w-0 text-sm"
          />
          {logo ? (
            <Button type="button" variant="ghost" size="sm" onClick={() => setLogo(undefined)}>
              Use the theme&apos;s logo
            </Button>
          ) : null}
        </div>
        {logoError ? <p className="text-sm text-red-600">{logoError}</p> : null}
      </fieldset>

      <Button type="submit" busy={save.isPending}>
        Save brand
      </Button>
    </form>
  );
}

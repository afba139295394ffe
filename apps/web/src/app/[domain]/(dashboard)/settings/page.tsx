import { Card, CardTitle } from '@magma/ui';
import { PLAN_LABELS } from '@magma/api';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { DEFAULT_THEME, getThemes } from '@/server/themes.ts';
import { BrandForm, type ThemeChoice } from './brand-form.tsx';

export const metadata = { title: 'Brand' };

export default async function BrandSettingsPage() {
  await requireAdmin();
  const settings = await (await serverApi()).tenant.settings();
  // The default theme carries the product's own name and wordmark; a white-label tenant's pages must
  // not show them, so the picker offers it as "Standard" with its mark only.
  const themes: ThemeChoice[] = [...getThemes().values()].map((t) =>
    t.key === DEFAULT_THEME
      ? { key: t.key, name: 'Standard', colors: t.colors, logoSrc: t.markSrc }
      : { key: t.key, name: t.name, colors: t.colors, logoSrc: t.logoSrc },
  );
  const plan = PLAN_LABELS[settings.plan];
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <Card>
        <CardTitle description="What drivers and your team see on every page and email.">Brand</CardTitle>
        <BrandForm
          themes={themes}
          whiteLabel={settings.features.whiteLabel}
          initial={{
            name: settings.name,
            themeKey: settings.themeKey,
            overrides: settings.themeOverrides,
            supportEmail: settings.supportEmail,
            supportPhone: settings.supportPhone,
          }}
        />
      </Card>
      <Card className="h-fit">
        <CardTitle>Plan</CardTitle>
        <p className="font-medium" data-testid="plan-name">
          {plan.name}
        </p>
        <p className="mt-1 text-sm text-muted">{plan.summary}</p>
        <ul className="mt-4 space-y-1 text-sm">
          {Object.entries({
            'Several sites': settings.features.multiSite,
            'White-label brand': settings.features.whiteLabel,
            'Custom domains': settings.features.customDomains,
            'Vendor sub-accounts': settings.features.vendorAccounts,
            'Tariff editor': settings.features.tariffEditor,
            'API access': settings.features.api,
          }).map(([label, on]) => (
            <li key={label} className={on ? '' : 'text-muted line-through'}>
              {on ? '✓' : '✗'} {label}
            </li>
          ))}
        </ul>
        <p className="mt-4 text-xs text-muted">Plans are changed by the platform team.</p>
      </Card>
    </div>
  );
}

import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import QRCode from 'qrcode';
import { AppError } from '@magma/core';
import { connectorTypeLabel, getSiteStickers } from '@magma/core/driver';
import { getContext } from '@/server/api.ts';
import { getDb } from '@/server/db.ts';
import { originOf } from '@/server/driver.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { PrintButton } from '@/components/driver/print-button.tsx';
import { accessiblePalette } from '@/lib/contrast.ts';

export const metadata = { title: 'QR stickers' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ domain: string; id: string }> };

/**
 * A printable sheet of branded QR stickers for one site: one per connector, pointing at
 * https://{tenant host}/c/{shortCode}, with the long form printed for drivers who type it.
 */
export default async function StickersPage({ params }: Props) {
  const { domain, id } = await params;
  const { tenant, brand } = await getTenantForDomain(domain);
  // Stickers print on white: the brand's text colours made to read 4.5:1 there.
  const ink = accessiblePalette({ ...brand.colors, background: '#ffffff', surface: '#ffffff' });
  const ctx = await getContext();
  if (!ctx.scope) redirect('/sign-in');
  let sheet;
  try {
    sheet = await getSiteStickers({ db: getDb(), scope: ctx.scope, siteId: id });
  } catch (e) {
    if (AppError.is(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) notFound();
    throw e;
  }
  const origin = originOf(await headers());
  const host = new URL(origin).host;
  const stickers = await Promise.all(
    sheet.stickers.map(async (s) => ({
      ...s,
      svg: await QRCode.toString(`${origin}${s.path}`, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 1,
        color: { dark: '#000000', light: '#ffffff' },
      }),
    })),
  );

  return (
    <>
      <style>{`@media print { header, nav, [data-noprint] { display: none !important; } main { padding: 0 !important; max-width: none !important; } body { background: #fff; } .sticker { break-inside: avoid; } }`}</style>
      <div data-noprint className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">QR stickers · {sheet.site.name}</h1>
          <p className="mt-1 text-muted">
            {stickers.length} connector{stickers.length === 1 ? '' : 's'} · print on A4, cut along the borders.
          </p>
        </div>
        <PrintButton />
      </div>
      <div className="grid grid-cols-2 gap-4 md:grid-cols-3 print:grid-cols-3">
        {stickers.map((s) => (
          <article
            key={s.connectorRowId}
            className="sticker overflow-hidden rounded-2xl border-4 bg-white text-center"
            style={{ borderColor: brand.colors.primary }}
            data-testid="sticker"
          >
            <div className="flex items-center justify-center px-3 py-2" style={{ background: brand.colors.primary }}>
              {/* An inline data URL from the theme: next/image adds nothing here. */}
              <img src={brand.logoSrc} alt={tenant.name} className="h-7 w-auto rounded bg-white/95 px-1.5 py-0.5" />
            </div>
            <p className="mt-2 text-sm font-bold uppercase tracking-wide" style={{ color: ink.primary }}>
              Scan · Pay by UPI · Charge
            </p>
            <div className="mx-auto mt-1 w-40" dangerouslySetInnerHTML={{ __html: s.svg }} />
            <p className="font-mono text-2xl font-bold tracking-widest" style={{ color: brand.colors.text }}>
              {s.shortCode}
            </p>
            <p className="px-2 text-xs font-medium" style={{ color: brand.colors.text }}>
              {s.chargerIdentity} · {connectorTypeLabel(s.type)} #{s.evseId}
              {s.maxPowerKw ? ` · ${s.maxPowerKw} kW` : ''}
            </p>
            <p className="mb-2 mt-1 px-2 text-[10px] break-all" style={{ color: ink.muted }}>
              {host}
              {s.path} · {host}
              {s.longPath}
            </p>
          </article>
        ))}
      </div>
    </>
  );
}

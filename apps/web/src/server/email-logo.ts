import sharp from 'sharp';
import type { Brand as EmailBrand } from '@magma/email';

// The brand's logo for the email header. Themes ship SVG and an uploaded logo is a data: URL, and
// mail clients show neither reliably (Gmail drops SVG and data: images), so the email carries a PNG
// inline: an SVG is rasterised at twice the 32 px the header shows it at. One conversion per logo
// per process.

type LogoImage = NonNullable<EmailBrand['logoImage']>;

const HEIGHT_PX = 64;
const MAX_CACHED = 64;
const cache = new Map<string, Promise<LogoImage | null>>();

const DATA_URL = /^data:(image\/(?:svg\+xml|png|jpeg|gif|webp));base64,([A-Za-z0-9+/]+={0,2})$/;

async function convert(src: string): Promise<LogoImage | null> {
  const m = DATA_URL.exec(src);
  if (!m) return null;
  const [, type, base64] = m as unknown as [string, string, string];
  if (type === 'image/png' || type === 'image/jpeg' || type === 'image/gif') return { contentType: type, base64 };
  const png = await sharp(Buffer.from(base64, 'base64'), { density: 288 })
    .resize({ height: HEIGHT_PX })
    .png()
    .toBuffer();
  return { contentType: 'image/png', base64: png.toString('base64') };
}

/** The logo as the email package takes it inline, or null (the header then shows the brand's name). */
export function emailLogoImage(logoSrc: string, onError: (e: unknown) => void = () => {}): Promise<LogoImage | null> {
  let hit = cache.get(logoSrc);
  if (!hit) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    hit = convert(logoSrc).catch((e: unknown) => {
      onError(e);
      return null;
    });
    cache.set(logoSrc, hit);
  }
  return hit;
}

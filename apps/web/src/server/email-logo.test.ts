import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { emailLogoImage } from './email-logo.ts';
import { loadThemesFrom } from './themes.ts';

const themes = loadThemesFrom(path.resolve(import.meta.dirname, '../../../../themes'));

describe('the email header’s logo (issue #16)', () => {
  it.each([...themes.keys()])('rasterises the %s theme’s SVG logo to a 64 px high PNG', async (key) => {
    const logo = await emailLogoImage(themes.get(key)!.logoSrc);
    expect(logo?.contentType).toBe('image/png');
    const meta = await sharp(Buffer.from(logo!.base64, 'base64')).metadata();
    expect(meta).toMatchObject({ format: 'png', height: 64 });
  });

  it('passes an uploaded PNG through unchanged, and gives up on what is not an image', async () => {
    const png = (
      await sharp({ create: { width: 4, height: 2, channels: 3, background: '#2f54eb' } })
        .png()
        .toBuffer()
    ).toString('base64');
    expect(await emailLogoImage(`data:image/png;base64,${png}`)).toEqual({ contentType: 'image/png', base64: png });
    const errors: unknown[] = [];
    expect(await emailLogoImage('data:image/svg+xml;base64,bm90IGFuIHN2Zw==', (e) => errors.push(e))).toBeNull();
    expect(errors).toHaveLength(1);
    expect(await emailLogoImage('https://cdn.example/logo.png')).toBeNull();
  });
});

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brandFor, loadThemesFrom } from './themes.ts';

const repoThemes = path.resolve(import.meta.dirname, '../../../../themes');

describe('themes/', () => {
  const themes = loadThemesFrom(repoThemes);

  it('ships the default theme and at least two visibly different white-label ones', () => {
    expect([...themes.keys()]).toEqual(expect.arrayContaining(['magma', 'voltway', 'greenline']));
    const primaries = new Set([...themes.values()].map((t) => t.colors.primary));
    const fonts = new Set([...themes.values()].map((t) => t.fonts.heading));
    expect(primaries.size).toBe(themes.size);
    expect(fonts.size).toBeGreaterThanOrEqual(3);
  });

  it.each([...loadThemesFrom(repoThemes).keys()].filter((k) => k !== 'magma'))(
    'keeps the product name out of the white-label theme %s',
    (key) => {
      const t = themes.get(key)!;
      const logo = Buffer.from(t.logoSrc.split(',')[1]!, 'base64').toString('utf8');
      expect(JSON.stringify({ ...t, logoSrc: undefined, markSrc: undefined }) + logo).not.toMatch(/magma/i);
    },
  );

  it("applies a tenant's colour, logo and sender overrides on top of its theme", () => {
    const brand = brandFor(
      {
        themeKey: 'greenline',
        supportEmail: null,
        themeOverrides: {
          colors: { primary: '#123456' },
          logoDataUrl: 'data:image/png;base64,AAAA',
          senderName: 'Acme EV',
        },
      },
      themes,
    );
    expect(brand.colors).toEqual({ ...themes.get('greenline')!.colors, primary: '#123456' });
    expect(brand).toMatchObject({
      logoSrc: 'data:image/png;base64,AAAA',
      senderName: 'Acme EV',
      supportEmail: 'care@greenline.example',
    });
  });

  it('falls back to the default theme for an unknown key and ignores malformed overrides', () => {
    const brand = brandFor(
      { themeKey: 'gone', supportEmail: 'a@b.in', themeOverrides: { colors: { primary: 'red' } } },
      themes,
    );
    expect(brand.themeKey).toBe('magma');
    expect(brand.colors.primary).toBe(themes.get('magma')!.colors.primary);
  });

  it('rejects a theme.json that does not match the schema, naming the field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'themes-'));
    for (const key of ['magma', 'broken']) {
      mkdirSync(path.join(dir, key));
      writeFileSync(path.join(dir, key, 'logo.svg'), '<svg/>');
      const json = JSON.parse(
        JSON.stringify({ ...themes.get('magma')!, key: undefined, logoSrc: undefined, markSrc: undefined }),
      );
      json.logo = { light: 'logo.svg', mark: 'logo.svg' };
      if (key === 'broken') json.colors.primary = 'orange';
      writeFileSync(path.join(dir, key, 'theme.json'), JSON.stringify(json));
    }
    expect(() => loadThemesFrom(dir)).toThrow(/themes\/broken\/theme.json: colors.primary/);
  });
});

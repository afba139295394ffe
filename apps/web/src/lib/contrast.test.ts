import { describe, expect, it } from 'vitest';
import {
  accessiblePalette,
  contrast,
  darkPalette,
  ensureContrast,
  hue,
  isDark,
  mix,
  textOn,
  type Palette,
} from './contrast.ts';

const magma: Palette = {
  primary: '#d9480f',
  accent: '#f59f00',
  background: '#fff8f3',
  surface: '#ffffff',
  text: '#1f1410',
  muted: '#7a6a62',
};
const greenline: Palette = {
  primary: '#2b8a3e',
  accent: '#94d82d',
  background: '#f4faf2',
  surface: '#ffffff',
  text: '#102a15',
  muted: '#5c7a62',
};
const voltway: Palette = {
  primary: '#2f54eb',
  accent: '#13c2c2',
  background: '#0b1021',
  surface: '#151b33',
  text: '#e8ecff',
  muted: '#8e97bd',
};
const lime: Palette = { ...magma, primary: '#94d82d', muted: '#bbbbbb' };

describe('contrast', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#d9480f', '#ffffff', 4.3], // Magma orange on white, as measured in #19
    ['#777777', '#ffffff', 4.48],
  ])('%s on %s is %f:1', (a, b, ratio) => {
    expect(contrast(a, b)).toBeCloseTo(ratio, 1);
  });
});

describe('ensureContrast', () => {
  it('keeps a colour that already passes', () => {
    expect(ensureContrast('#1b5e20', ['#ffffff'])).toBe('#1b5e20');
  });

  it.each([
    ['#d9480f', ['#ffffff', '#fff8f3']],
    ['#f59f00', ['#ffffff']],
    ['#94d82d', ['#f4faf2']],
    ['#2f54eb', ['#0b1021', '#151b33']],
    ['#7a6a62', ['#fff8f3', '#fbede7']],
  ])('moves %s just far enough to reach 4.5:1 on %j, keeping its hue', (color, against) => {
    const fixed = ensureContrast(color, against);
    for (const b of against) expect(contrast(fixed, b)).toBeGreaterThanOrEqual(4.5);
    // Just far enough: not more than a hair beyond the threshold on the closest backdrop.
    expect(Math.min(...against.map((b) => contrast(fixed, b)))).toBeLessThan(4.7);
    expect(Math.abs(hue(fixed) - hue(color))).toBeLessThan(4);
  });

  it('lightens on dark backdrops and darkens on light ones', () => {
    const onDark = ensureContrast('#2f54eb', ['#0b1021']);
    const onLight = ensureContrast('#d9480f', ['#ffffff']);
    expect(contrast(onDark, '#000000')).toBeGreaterThan(contrast('#2f54eb', '#000000'));
    expect(contrast(onLight, '#000000')).toBeLessThan(contrast('#d9480f', '#000000'));
  });
});

describe('textOn', () => {
  it.each(['#d9480f', '#2b8a3e', '#94d82d', '#2f54eb', '#f59f00', '#ffffff', '#000000'])(
    'text on %s reaches 4.5:1 once the fill is adjusted',
    (fill) => {
      const p = accessiblePalette({ ...magma, primary: fill });
      expect(contrast(p.onPrimary, p.primary)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('is white on a dark fill and dark on a light one', () => {
    expect(textOn('#1b5e20')).toBe('#ffffff');
    expect(textOn('#94d82d')).not.toBe('#ffffff');
  });
});

describe('accessiblePalette', () => {
  it.each([
    ['magma', magma],
    ['greenline', greenline],
    ['voltway', voltway],
    ['a lime brand with a pale muted grey', lime],
  ])('%s: every text colour reaches 4.5:1 on the page, the surface and tinted panels', (_, theme) => {
    const p = accessiblePalette(theme);
    const tint = mix(p.primary, p.surface, 0.1);
    for (const fg of [p.primary, p.text, p.muted])
      for (const bg of [p.background, p.surface]) expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(p.muted, tint)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(p.onPrimary, p.primary)).toBeGreaterThanOrEqual(4.5);
  });

  it('fixes Magma orange (4.30:1) and its muted grey (4.04:1 on tinted headers) with the same hue', () => {
    const p = accessiblePalette(magma);
    expect(p.primary).not.toBe(magma.primary);
    expect(Math.abs(hue(p.primary) - hue(magma.primary))).toBeLessThan(2);
    expect(p.muted).not.toBe(magma.muted);
    expect(p.onPrimary).toBe('#ffffff');
  });

  it('leaves a theme that passes as it is', () => {
    const dark = { ...greenline, primary: '#1b5e20', muted: '#4a5f4f' };
    const p = accessiblePalette(dark);
    expect(p.primary).toBe(dark.primary);
    expect(p.text).toBe(dark.text);
    expect(p.muted).toBe(dark.muted);
  });
});

describe('darkPalette', () => {
  it.each([magma, greenline, lime])('turns a light theme dark in its brand hue, text still 4.5:1', (theme) => {
    const p = darkPalette(theme);
    expect(isDark(p)).toBe(true);
    expect(Math.abs(hue(p.background) - hue(theme.primary))).toBeLessThan(10);
    for (const fg of [p.primary, p.text, p.muted])
      for (const bg of [p.background, p.surface]) expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(p.onPrimary, p.primary)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps a theme that is already dark', () => {
    expect(darkPalette(voltway).background).toBe(voltway.background);
    expect(darkPalette(voltway).text).toBe(voltway.text);
  });
});

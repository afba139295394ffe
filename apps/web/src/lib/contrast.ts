// WCAG 2.2 contrast for tenant themes (#19): a theme's colours are adjusted where they become CSS so
// that text reaches 4.5:1 whatever brand an operator picks, keeping the brand's hue and saturation and
// moving only its lightness, as little as needed. Pure: no DOM, no I/O.

export const MIN_TEXT_CONTRAST = 4.5;

type Rgb = [number, number, number];
type Hsl = [number, number, number];

export function parseHex(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b]
    .map((v) =>
      Math.round(Math.min(255, Math.max(0, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function rgbToHsl([r, g, b]: Rgb): Hsl {
  const [rr, gg, bb] = [r / 255, g / 255, b / 255];
  const max = Math.max(rr, gg, bb);
  const min = Math.min(rr, gg, bb);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === rr ? (gg - bb) / d + (gg < bb ? 6 : 0) : max === gg ? (bb - rr) / d + 2 : (rr - gg) / d + 4;
  return [h * 60, s, l];
}

function hslToRgb([h, s, l]: Hsl): Rgb {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => 255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1))));
  return [f(0), f(8), f(4)];
}

export function hue(hex: string): number {
  return rgbToHsl(parseHex(hex))[0];
}

export function withLightness(hex: string, l: number): string {
  const [h, s] = rgbToHsl(parseHex(hex));
  return toHex(hslToRgb([h, s, l]));
}

/** `a` mixed into `b` by `share` (0..1), as CSS `color-mix(in srgb, a share, b)` does. */
export function mix(a: string, b: string, share: number): string {
  const [x, y] = [parseHex(a), parseHex(b)];
  return toHex([0, 1, 2].map((i) => x[i]! * share + y[i]! * (1 - share)) as Rgb);
}

const passes = (c: string, against: string[], min: number) => against.every((b) => contrast(c, b) >= min);

/**
 * `color` unchanged when it reaches `min` against every colour in `against`; otherwise the same hue
 * and saturation made darker (on light backgrounds) or lighter (on dark ones) just enough to reach it.
 */
export function ensureContrast(color: string, against: string[], min = MIN_TEXT_CONTRAST): string {
  if (passes(color, against, min)) return color;
  const [, , l0] = rgbToHsl(parseHex(color));
  const darkBackdrop = Math.max(...against.map(luminance)) < 0.18;
  // Binary search for the lightness closest to the original that passes.
  let [ok, bad] = darkBackdrop ? [1, l0] : [0, l0];
  if (!passes(withLightness(color, ok), against, min)) return darkBackdrop ? '#ffffff' : '#000000';
  for (let i = 0; i < 24; i++) {
    const mid = (ok + bad) / 2;
    if (passes(withLightness(color, mid), against, min)) ok = mid;
    else bad = mid;
  }
  return withLightness(color, ok);
}

/** White or a near-black in the brand's hue, whichever reads better on `fill`. */
export function textOn(fill: string): string {
  const dark = withLightness(fill, 0.08);
  return contrast('#ffffff', fill) >= contrast(dark, fill) ? '#ffffff' : dark;
}

export type Palette = {
  primary: string;
  accent: string;
  background: string;
  surface: string;
  text: string;
  muted: string;
};

/** A palette's text colours adjusted to reach 4.5:1, plus the colour of text on primary fills. */
export type AccessiblePalette = Palette & { onPrimary: string };

export const isDark = (p: Pick<Palette, 'background'>) => luminance(p.background) < 0.18;

export function accessiblePalette(p: Palette): AccessiblePalette {
  // The tinted panels (table headers, badges) mix 10% primary into the surface (globals.css --color-tint).
  const page = [p.background, p.surface];
  const primary = ensureContrast(p.primary, page);
  const tint = mix(primary, p.surface, 0.1);
  return {
    ...p,
    primary,
    onPrimary: ensureContrast(textOn(primary), [primary]),
    text: ensureContrast(p.text, [...page, tint]),
    muted: ensureContrast(p.muted, [...page, tint]),
  };
}

/**
 * The dark-mode version of a theme: a theme that is already dark keeps its colours; a light one gets
 * dark backgrounds tinted with the brand's hue and light text. Then the same contrast rule applies.
 */
export function darkPalette(p: Palette): AccessiblePalette {
  if (isDark(p)) return accessiblePalette(p);
  const h = hue(p.primary);
  const tone = (l: number, s: number) => toHex(hslToRgb([h, s, l]));
  return accessiblePalette({
    primary: p.primary,
    accent: p.accent,
    background: tone(0.07, 0.18),
    surface: tone(0.11, 0.16),
    text: tone(0.94, 0.2),
    muted: tone(0.72, 0.12),
  });
}

// The user's colour scheme (#19), kept in a cookie so the server renders the right one at once.
// `system` follows the device (prefers-color-scheme).

export const COLOR_SCHEMES = ['system', 'light', 'dark'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];
export const COLOR_SCHEME_COOKIE = 'magma-color-scheme';

export function parseColorScheme(value: string | undefined): ColorScheme {
  return (COLOR_SCHEMES as readonly string[]).includes(value ?? '') ? (value as ColorScheme) : 'system';
}

/** system → dark → light → system: the next choice of the header's switch. */
export function nextColorScheme(s: ColorScheme): ColorScheme {
  return s === 'system' ? 'dark' : s === 'dark' ? 'light' : 'system';
}

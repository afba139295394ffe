import { readFileSync } from 'node:fs';
import path from 'node:path';
import { accessiblePalette, type Palette } from '../../src/lib/contrast.ts';

/** A theme's brand colour as pages show it: the theme file's, moved until text in it reaches 4.5:1. */
export function shownPrimary(theme: string): string {
  const file = path.resolve(import.meta.dirname, '../../../../themes', theme, 'theme.json');
  const { colors } = JSON.parse(readFileSync(file, 'utf8')) as { colors: Palette };
  return accessiblePalette(colors).primary;
}

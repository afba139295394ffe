import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Statements are set in Noto Sans (SIL Open Font License), shipped as TrueType by the npm package
// @expo-google-fonts/noto-sans: the PDF's standard fonts have no rupee sign. The file is found by
// walking up from the working directory to a node_modules that holds it (the way themes/ is found),
// so no bundler has to understand the lookup.

const PACKAGE = '@expo-google-fonts/noto-sans';
export const STATEMENT_FONT_FILES = {
  regular: '400Regular/NotoSans_400Regular.ttf',
  bold: '700Bold/NotoSans_700Bold.ttf',
} as const;

export type StatementFonts = { regular: Uint8Array; bold: Uint8Array };

function fontPath(file: string, from: string): string {
  for (let dir = path.resolve(from), i = 0; i < 8; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', PACKAGE, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${PACKAGE}/${file} not found under a node_modules above ${from}: run npm install`);
}

let cache: StatementFonts | undefined;

/** The statement's fonts (read once per process). */
export function statementFonts(from = process.cwd()): StatementFonts {
  cache ??= {
    regular: readFileSync(fontPath(STATEMENT_FONT_FILES.regular, from)),
    bold: readFileSync(fontPath(STATEMENT_FONT_FILES.bold, from)),
  };
  return cache;
}

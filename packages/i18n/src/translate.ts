import { DEFAULT_LOCALE, type Locale } from './locales.ts';

// A small typed catalogue instead of a runtime i18n library: the English catalogue is the source
// (`as const`), every other language must have the same keys (a type error otherwise) and the same
// {placeholders} (catalogue.test.ts), and a call names its placeholders or does not compile. The
// same function works in React server components, client components and email templates.

/** The {names} in a message. */
export type Placeholders<S extends string> = S extends `${string}{${infer V}}${infer R}` ? V | Placeholders<R> : never;

export type Vars = Record<string, string | number>;

type Args<S extends string> = [Placeholders<S>] extends [never] ? [] : [vars: Record<Placeholders<S>, string | number>];

/** A translation of a source catalogue: the same keys, each a string. */
export type Translation<Source extends Record<string, string>> = { readonly [K in keyof Source]: string };

export type Translator<Source extends Record<string, string>> = <K extends keyof Source & string>(
  key: K,
  ...args: Args<Source[K]>
) => string;

const PLACEHOLDER = /\{(\w+)\}/g;

/** Fills {name} from `vars`; a name without a value stays visible rather than vanishing. */
export function interpolate(message: string, vars?: Vars): string {
  if (!vars) return message;
  return message.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

/** The placeholder names of a message, sorted (for the catalogue test). */
export function placeholdersOf(message: string): string[] {
  return [...new Set([...message.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

export function makeTranslator<Source extends Record<string, string>>(
  catalogues: { [L in Locale]: Translation<Source> },
  locale: Locale,
): Translator<Source> {
  const messages = catalogues[locale] ?? catalogues[DEFAULT_LOCALE];
  return ((key: string, vars?: Vars) => interpolate(messages[key] ?? key, vars)) as Translator<Source>;
}

import { z } from 'zod';

// Income-tax TDS under section 194-O and GST TCS under section 52, both withheld by the operator as
// the e-commerce operator. Rates change (194-O went from 1% to 0.1% on 1 Oct 2024; section 52 from
// 1% to 0.5% on 10 Jul 2024), so each is a table of rates with the local date they apply from.

/** A PAN: five letters, four digits, a letter; the fourth letter is the holder's type. */
const PAN = /^[A-Z]{3}[ABCFGHJLPT][A-Z][0-9]{4}[A-Z]$/;

/** True for a well-formed PAN (upper case, no spaces). Whether it is operative is the caller's fact. */
export function isValidPan(pan: string | null | undefined): boolean {
  return typeof pan === 'string' && PAN.test(pan);
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const rateTable = z
  .array(z.object({ from: date, bps: z.number().int().min(0).max(10_000) }).strict())
  .min(1)
  .max(50)
  .refine((t) => t.every((r, i) => i === 0 || r.from > t[i - 1]!.from), 'rates must be in increasing date order');

/** What the withheld percentage is applied to: the vendor's sessions' revenue before GST, or the vendor's share. */
export const TAX_BASES = ['NET_REVENUE', 'VENDOR_SHARE'] as const;
export type TaxBase = (typeof TAX_BASES)[number];

export const taxRulesSchema = z
  .object({
    tds: z
      .object({
        enabled: z.boolean().default(true),
        /** Section 194-O: 1% from 2020-10-01, 0.1% from 2024-10-01. */
        withPan: rateTable.default([
          { from: '2020-10-01', bps: 100 },
          { from: '2024-10-01', bps: 10 },
        ]),
        /** Section 206AA for 194-O: 5% where the deductee has no valid (operative) PAN. */
        withoutPan: rateTable.default([{ from: '2020-10-01', bps: 500 }]),
        base: z.enum(TAX_BASES).default('NET_REVENUE'),
        /** Section 288B: tax deducted is rounded to the nearest rupee (100 paise). */
        roundToMinor: z.number().int().min(1).max(10_000).default(100),
      })
      .strict()
      .prefault({}),
    tcs: z
      .object({
        /** Off by default: only where the operator is the e-commerce operator for the vendor's supply. */
        enabled: z.boolean().default(false),
        /** CGST Act section 52: 1% from 2018-10-01, 0.5% from 2024-07-10. */
        rates: rateTable.default([
          { from: '2018-10-01', bps: 100 },
          { from: '2024-07-10', bps: 50 },
        ]),
        base: z.enum(TAX_BASES).default('NET_REVENUE'),
        roundToMinor: z.number().int().min(1).max(10_000).default(1),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type TaxRules = z.output<typeof taxRulesSchema>;
export type TaxRulesInput = z.input<typeof taxRulesSchema>;
export type RateTable = TaxRules['tcs']['rates'];

export const DEFAULT_TAX_RULES: TaxRules = taxRulesSchema.parse({});

export function parseTaxRules(input: unknown): TaxRules {
  return taxRulesSchema.parse(input);
}

/** A vendor's tax facts at the close. */
export type VendorTaxProfile = {
  pan: string | null;
  /** False where the PAN is inoperative (not linked to Aadhaar): treated as no valid PAN. Default true. */
  panOperative?: boolean;
  /** Exempt from 194-O (e.g. an individual under the threshold who furnished PAN and a declaration). */
  tdsExempt?: boolean;
};

/** The rate table that applies to a vendor's TDS. */
export function tdsTableFor(rules: TaxRules, vendor: VendorTaxProfile): RateTable {
  const validPan = isValidPan(vendor.pan) && vendor.panOperative !== false;
  return validPan ? rules.tds.withPan : rules.tds.withoutPan;
}

/** Index of the rate in force on a local date (YYYY-MM-DD), or -1 before the first. */
export function rateIndexOn(table: RateTable, localDate: string): number {
  let found = -1;
  for (let i = 0; i < table.length; i++) if (table[i]!.from <= localDate) found = i;
  return found;
}

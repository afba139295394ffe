import { z } from 'zod';
import { dateTime } from './common.ts';

// The quarterly TDS (194-O) / TCS (section 52) summary: amounts in paise, dates of deduction as the
// tenant's local date (YYYY-MM-DD).

const section = z.enum(['194-O', '52']);

export const taxSummaryOutput = z.object({
  quarter: z.object({
    fyStart: z.number().int(),
    quarter: z.number().int(),
    label: z.string(),
    from: dateTime,
    to: dateTime,
  }),
  timeZone: z.string(),
  rows: z.array(
    z.object({
      section,
      vendorId: z.string(),
      vendorName: z.string(),
      legalName: z.string(),
      pan: z.string().nullable().describe('Null: no valid PAN (the higher rate applied)'),
      gstNumber: z.string().nullable(),
      weekId: z.string().nullable(),
      weekStart: dateTime.nullable(),
      weekEnd: dateTime.nullable(),
      deductedOn: z.string().describe('Date of deduction: the week close date, local (YYYY-MM-DD)'),
      amountMinor: z.number().int().describe('Amount paid or credited: revenue excl. GST, net of refunds (paise)'),
      rateBps: z.number().describe('Rate in basis points (10 = 0.1%)'),
      taxMinor: z.number().int(),
    }),
  ),
  totals: z.array(
    z.object({ section, deductees: z.number().int(), amountMinor: z.number().int(), taxMinor: z.number().int() }),
  ),
});

export const csvFileOutput = z.object({ filename: z.string(), csv: z.string() });

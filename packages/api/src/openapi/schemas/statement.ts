import { z } from 'zod';
import { dateTime } from './common.ts';

// A closed settlement statement as a document (what its PDF shows): @magma/core/statements.

const int = () => z.number().int();

const figures = {
  sessions: int(),
  energyWh: int(),
  grossMinor: int(),
  gstMinor: int(),
  gatewayFeeMinor: int(),
  platformFeeMinor: int(),
  vendorShareMinor: int(),
  tdsMinor: int(),
  tcsMinor: int(),
  refundsMinor: int(),
  adjustmentsMinor: int(),
  weekNetMinor: int(),
  openingMinor: int(),
  netPayableMinor: int(),
  carriedForwardMinor: int(),
};

export const statementDocumentOutput = z.object({
  id: z.string(),
  weekId: z.string(),
  operator: z.object({ name: z.string(), timeZone: z.string(), currency: z.string() }),
  vendor: z.object({
    id: z.string(),
    name: z.string(),
    legalName: z.string(),
    gstNumber: z.string().nullable(),
    panMasked: z.string().nullable().describe('The PAN with all but its last four characters hidden'),
    bankMasked: z
      .string()
      .nullable()
      .describe('The payout account: last four digits and IFSC, or a masked UPI address'),
  }),
  site: z.object({ id: z.string().nullable(), name: z.string() }).nullable(),
  periodStart: dateTime,
  periodEnd: dateTime,
  closedAt: dateTime.nullable(),
  figures: z.object(figures),
  sites: z.array(
    z.object({ statementId: z.string(), siteId: z.string().nullable(), siteName: z.string(), ...figures }),
  ),
  payouts: z.array(
    z.object({
      id: z.string(),
      createdAt: dateTime,
      amountMinor: int(),
      status: z.string(),
      utr: z.string().nullable(),
    }),
  ),
});

export const statementListOutput = z.array(
  z.object({
    id: z.string(),
    weekId: z.string(),
    weekStart: dateTime,
    vendorId: z.string(),
    siteKey: z.string().describe("'' for the vendor's total, else the site's id ('none': postings of no site)"),
    email: z
      .object({
        status: z
          .string()
          .describe('SENT, OUTBOX, FAILED, SENDING or SKIPPED_NO_EMAIL (the vendor has no contact email)'),
        to: z.string().nullable(),
        at: dateTime,
      })
      .nullable()
      .describe("The week's statement email to the vendor (totals only); null until the job has run"),
  }),
);

import { z } from 'zod';

// Revenue-split terms. Versioned by the caller (like tariffs): a session is split with the version
// that was active when it started, and the version id is recorded on its entries' memo.

/** Who pays a fee: the operator, the vendor, or both in proportion to their shares of the session. */
export const FEE_BEARERS = ['OPERATOR', 'VENDOR', 'PRO_RATA'] as const;
export type FeeBearer = (typeof FEE_BEARERS)[number];

/**
 * SHARE_WITH_VENDOR: the sponsor's payment is revenue like the driver's, shared by the percentage.
 * OPERATOR_KEEPS: the percentage share is computed on the driver-paid part only (the sponsor deal is
 * the operator's); a per-kWh share is owed on all energy either way.
 */
export const SPONSOR_HANDLINGS = ['SHARE_WITH_VENDOR', 'OPERATOR_KEEPS'] as const;
export type SponsorHandling = (typeof SPONSOR_HANDLINGS)[number];

const minor = z.number().int().min(0).max(100_000_000);

export const splitTermsSchema = z
  .object({
    /** The caller's version id (e.g. the SplitTermsVersion row id), echoed in entry memos. */
    version: z.string().min(1).max(100),
    /** Vendor share, basis points of net charging revenue (before GST). 2500 = 25%. */
    vendorShareBps: z.number().int().min(0).max(10_000).default(0),
    /** Fixed land-owner share in minor units per kWh of energy delivered. 150 = ₹1.50/kWh. */
    landOwnerMinorPerKwh: minor.default(0),
    platformFee: z
      .object({
        /** Basis points of net charging revenue. */
        bps: z.number().int().min(0).max(10_000).default(0),
        /** Minor units per session. */
        fixedMinor: minor.default(0),
        bearer: z.enum(FEE_BEARERS).default('OPERATOR'),
      })
      .default({ bps: 0, fixedMinor: 0, bearer: 'OPERATOR' }),
    /** Who bears the gateway's fee (the fee before GST; the GST on it is the operator's input credit). */
    gatewayFeeBearer: z.enum(FEE_BEARERS).default('OPERATOR'),
    sponsorHandling: z.enum(SPONSOR_HANDLINGS).default('SHARE_WITH_VENDOR'),
  })
  .strict();

export type SplitTerms = z.output<typeof splitTermsSchema>;
export type SplitTermsInput = z.input<typeof splitTermsSchema>;

/** Terms for a session with no vendor: everything is the operator's. */
export const OPERATOR_ONLY_TERMS: SplitTerms = {
  version: 'operator-only',
  vendorShareBps: 0,
  landOwnerMinorPerKwh: 0,
  platformFee: { bps: 0, fixedMinor: 0, bearer: 'OPERATOR' },
  gatewayFeeBearer: 'OPERATOR',
  sponsorHandling: 'SHARE_WITH_VENDOR',
};

export function parseSplitTerms(input: unknown): SplitTerms {
  return splitTermsSchema.parse(input);
}

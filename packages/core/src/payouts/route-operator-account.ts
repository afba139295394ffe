import { z } from 'zod';
import type { Db } from '@magma/db';
import { routeReference, type RazorpayRouteClient } from '@magma/payments';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { assertRouteEligible } from './razorpay-route-payouts.ts';

// The operator's own Razorpay Route linked account (VendorLinkedAccount with no vendor): the
// operator's share of each captured payment on the platform's marketplace account is transferred
// into it at each payout run, like the vendors' shares. Made once, from details the operator
// enters (Razorpay asks for the business, a contact, an address and the settlement bank account).

const PAN = /^[A-Z]{5}[0-9]{4}[A-Z]$/;
const IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/;

export const operatorLinkedAccountInput = z
  .object({
    legalBusinessName: z.string().trim().min(4).max(200),
    businessType: z.enum([
      'proprietorship',
      'partnership',
      'private_limited',
      'public_limited',
      'llp',
      'trust',
      'society',
      'individual',
    ]),
    pan: z.string().trim().toUpperCase().regex(PAN, 'A PAN is five letters, four digits and a letter').optional(),
    contactName: z.string().trim().min(4).max(255),
    email: z.email().max(132),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9]{8,15}$/, 'A phone number of 8 to 15 digits'),
    address: z
      .object({
        street1: z.string().trim().min(1).max(100),
        street2: z.string().trim().min(1).max(100),
        city: z.string().trim().min(2).max(100),
        state: z.string().trim().min(2).max(32),
        postalCode: z
          .string()
          .trim()
          .regex(/^[1-9][0-9]{5}$/, 'A six-digit PIN code'),
      })
      .strict(),
    bank: z
      .object({
        accountNumber: z
          .string()
          .trim()
          .regex(/^[0-9]{9,18}$/, 'A bank account number of 9 to 18 digits'),
        ifsc: z.string().trim().toUpperCase().regex(IFSC, 'An IFSC is four letters, 0 and six letters or digits'),
        beneficiaryName: z.string().trim().min(3).max(120),
      })
      .strict(),
  })
  .strict();
export type OperatorLinkedAccountInput = z.infer<typeof operatorLinkedAccountInput>;

export type RouteLinkedAccountView = { accountId: string; status: string | null; createdAt: Date };

/** The operator's linked account and how many vendors have one (Settings → Payouts). Admins only. */
export async function getRouteLinkedAccounts({ db, scope }: { db: Db; scope: Scope }): Promise<{
  operator: RouteLinkedAccountView | null;
  vendorsLinked: number;
}> {
  assertAdmin(scope);
  const rows = await scopedDb(db, scope).vendorLinkedAccount.findMany({
    select: { vendorId: true, accountId: true, status: true, createdAt: true },
  });
  const own = rows.find((r) => r.vendorId === null);
  return {
    operator: own ? { accountId: own.accountId, status: own.status, createdAt: own.createdAt } : null,
    vendorsLinked: rows.filter((r) => r.vendorId !== null).length,
  };
}

/**
 * Makes the operator's linked account on the platform's marketplace account, once: a second call
 * (or two at once) returns the account already made. Operator admins of a tenant whose drivers pay
 * through the platform's account only.
 */
export async function ensureOperatorLinkedAccount({
  db,
  scope,
  route,
  input,
}: {
  db: Db;
  scope: Scope;
  route: RazorpayRouteClient | null;
  input: OperatorLinkedAccountInput;
}): Promise<RouteLinkedAccountView & { created: boolean }> {
  assertAdmin(scope);
  const details = operatorLinkedAccountInput.parse(input);
  await assertRouteEligible(db, scope.tenantId);
  if (!route)
    throw new AppError('CONFLICT', 'This platform has no Razorpay keys, so Route linked accounts cannot be made');
  return scopedDb(db, scope).$transaction(
    async (tx) => {
      // The same lock as the vendors' accounts: one maker per tenant while Razorpay answers.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`route-linked:${scope.tenantId}`}))`;
      const have = await tx.vendorLinkedAccount.findFirst({ where: { vendorId: null } });
      if (have) return { accountId: have.accountId, status: have.status, createdAt: have.createdAt, created: false };
      const acc = await route.createLinkedAccount({
        reference: routeReference(scope.tenantId),
        email: details.email,
        phone: details.phone,
        legalBusinessName: details.legalBusinessName,
        businessType: details.businessType,
        contactName: details.contactName,
        category: 'utilities',
        subcategory: 'electricity',
        address: { ...details.address, country: 'IN' },
        ...(details.pan ? { pan: details.pan } : {}),
        settlement: details.bank,
      });
      const row = await tx.vendorLinkedAccount.create({
        data: {
          tenantId: scope.tenantId,
          vendorId: null,
          accountId: acc.accountId,
          productId: acc.productId,
          status: acc.activationStatus,
        },
      });
      await recordAudit(tx, scope, {
        action: 'route.operator_linked_account_created',
        entityType: 'Tenant',
        entityId: scope.tenantId,
        after: { accountId: acc.accountId },
      });
      return { accountId: row.accountId, status: row.status, createdAt: row.createdAt, created: true };
    },
    { timeout: 120_000 },
  );
}

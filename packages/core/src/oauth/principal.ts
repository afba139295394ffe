import type { Scope } from '../tenancy/scope.ts';

export type ApiRole = 'OPERATOR_ADMIN' | 'OPERATOR_STAFF' | 'VENDOR_USER';

/**
 * Who an API request acts as. `role` and `vendorId` follow the dashboard's rules (the Membership
 * roles): a VENDOR_USER principal carries its vendor and sees only that vendor's rows.
 */
export type ApiPrincipal = {
  kind: 'client' | 'personal';
  tenantId: string;
  vendorId: string | null;
  role: ApiRole;
  clientId: string | null;
  userId: string | null;
  scopes: string[];
  /** The token's id (the JWT's jti, or the personal token's id): for revocation and rate limits. */
  tokenId: string;
};

/** The dashboard Scope a principal acts with, for the same scoped use cases the routers call. */
export function principalScope(p: ApiPrincipal): Scope {
  return {
    tenantId: p.tenantId,
    vendorId: p.role === 'VENDOR_USER' ? p.vendorId : null,
    role: p.role,
    userId: p.userId,
    clientId: p.userId ? null : p.clientId,
  };
}

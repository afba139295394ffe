import { AppError } from '../errors/app-error.ts';

export type ScopeRole = 'PLATFORM_ADMIN' | 'OPERATOR_ADMIN' | 'OPERATOR_STAFF' | 'VENDOR_USER';

/**
 * Who is acting, and on which rows. Every use case of a tenant-owned table takes one.
 * `vendorId` is set exactly when `role` is VENDOR_USER: the vendor user sees that vendor's rows only.
 */
export type Scope = {
  tenantId: string;
  vendorId: string | null;
  role: ScopeRole;
  userId: string | null;
  /** An API client acting with a client-credentials token (its public client_id): no user, but an actor for audit. */
  clientId?: string | null;
};

export function tenantScope(tenantId: string, role: ScopeRole = 'OPERATOR_ADMIN', userId: string | null = null): Scope {
  return { tenantId, vendorId: null, role, userId };
}

export function vendorScope(tenantId: string, vendorId: string, userId: string | null = null): Scope {
  return { tenantId, vendorId, role: 'VENDOR_USER', userId };
}

export function isVendorScope(scope: Scope): scope is Scope & { vendorId: string } {
  return scope.role === 'VENDOR_USER';
}

/** Operator admin (or platform admin acting in a tenant): may change settings, users, vendors. */
export function canAdminister(scope: Scope): boolean {
  return scope.role === 'OPERATOR_ADMIN' || scope.role === 'PLATFORM_ADMIN';
}

/** Operator staff and above: may operate the whole fleet of the tenant. */
export function canOperate(scope: Scope): boolean {
  return canAdminister(scope) || scope.role === 'OPERATOR_STAFF';
}

export function assertAdmin(scope: Scope): void {
  if (!canAdminister(scope)) throw new AppError('FORBIDDEN', 'Only an operator admin can do this');
}

export function assertOperator(scope: Scope): void {
  if (!canOperate(scope)) throw new AppError('FORBIDDEN', 'Vendor accounts cannot do this');
}

export function assertValidScope(scope: Scope): void {
  if (scope.role === 'VENDOR_USER' && !scope.vendorId) {
    throw new AppError('FORBIDDEN', 'A vendor user must be bound to a vendor');
  }
  if (scope.role !== 'VENDOR_USER' && scope.vendorId) {
    throw new AppError('INTERNAL', 'Only vendor users carry a vendor scope');
  }
}

export * from './theme-overrides.ts';
export * from './create-tenant.ts';
export * from './list-tenants.ts';
export * from './update-tenant-plan.ts';
export * from './get-tenant-settings.ts';
export * from './update-tenant-branding.ts';
export * from './tenant-domains.ts';
export * from './domain-verification.ts';

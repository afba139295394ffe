export * from './theme-overrides.ts';
export * from './create-tenant.ts';
export * from './tenant-settings.ts';

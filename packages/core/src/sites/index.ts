export * from './site-input.ts';
export * from './list-sites.ts';
export * from './save-site.ts';
export * from './archive-site.ts';
export * from './get-site-overview.ts';
export * from './list-chargers.ts';
export * from './save-charger.ts';

export * from './site-input.ts';
export * from './list-sites.ts';
export * from './save-site.ts';
export * from './list-chargers.ts';
export * from './save-charger.ts';

export * from './split-terms.ts';
export * from './settlement-setup.ts';
export * from './week-entries.ts';
export * from './close-week.ts';
export * from './close-due-weeks.ts';
export * from './settlement-views.ts';
export * from './tax-summary.ts';

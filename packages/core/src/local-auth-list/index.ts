export * from './payloads.ts';
export { readLocalListLimits, localListLimitsFrom } from './list-limits.ts';
export * from './manage-local-list.ts';

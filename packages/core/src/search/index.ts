export * from './global-search.ts';

export * from './id-tokens.ts';

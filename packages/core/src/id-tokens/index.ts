export * from './id-tokens.ts';
export * from './import-id-tokens.ts';
export * from './local-list.ts';
export * from './driver-pins.ts';
export * from './list-id-tokens-page.ts';

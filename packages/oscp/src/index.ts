export * from './blocks.ts';
export * from './v20.ts';
export * from './v10.ts';
export * from './protocol.ts';

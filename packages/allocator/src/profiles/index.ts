export * from './types.ts';
export * from './validate.ts';
export * from './build.ts';
export * from './replace.ts';
export * from './composite.ts';
export * from './schema.ts';

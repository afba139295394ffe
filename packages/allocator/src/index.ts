export * from './model.ts';
export { allocate } from './allocate.ts';

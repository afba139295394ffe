export * from './model.ts';
export { allocate } from './allocate.ts';
export { evseFallbackLimits, type FallbackEvse, type FallbackLimit } from './fallback.ts';
export { circuitTreeProblems, circuitTreeSchema } from './circuits.ts';

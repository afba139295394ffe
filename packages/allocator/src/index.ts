export * from './model.ts';
export { allocate } from './allocate.ts';
export { offlineFallbackLimits, type FallbackCharger, type FallbackLimit } from './fallback.ts';
export { circuitTreeProblems, circuitTreeSchema } from './circuits.ts';

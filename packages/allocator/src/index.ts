export * from './model.ts';
export { allocate } from './allocate.ts';
export { evseFallbackLimits, fallbackWantedA, type FallbackEvse, type FallbackLimit } from './fallback.ts';
export { circuitTreeProblems, circuitTreeSchema } from './circuits.ts';

// The root entry holds what nearly every caller needs; each domain has its own entry point
// (`@magma/core/charging`, `@magma/core/fleet`, …) so a caller loads only what it uses.
export * from './errors/index.ts';
export * from './auth/index.ts';
export * from './seed/index.ts';
export { zonedTimestamp } from './pagination/list-csv.ts';

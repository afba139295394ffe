export { seedDemo, type SeedDemoResult } from './seed-demo.ts';
export { seedLargeFleet } from './seed-large-fleet.ts';
export { newShortCode } from './short-code.ts';
export * from './demo-data.ts';

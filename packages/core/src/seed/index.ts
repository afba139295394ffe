export { seedDemo, type DemoUsers, type SeedDemoResult } from './seed-demo.ts';
export { seedLargeFleet } from './seed-large-fleet.ts';
export { seedLargeFleetHistory } from './seed-large-fleet-history.ts';
export { newShortCode } from './short-code.ts';
export * from './demo-data.ts';
export { seedDemoHistory, type DemoHistoryOptions, type DemoHistoryResult } from './seed-demo-history.ts';

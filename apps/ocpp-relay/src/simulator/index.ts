export { SimulatedCharger, type SimulatedChargerOptions, type ReceivedCommand } from './simulated-charger.ts';
export { startDemoFleet, type DemoFleet, type DemoFleetOptions } from './demo-fleet.ts';
export type { SimStatus, Version } from './payloads.ts';

export * from './types.ts';
export * from './live-events.ts';
export { PgBus, pgChannelName } from './pg-bus.ts';
export { RedisBus } from './redis-bus.ts';
export { createBus, type CreateBusOptions } from './create-bus.ts';

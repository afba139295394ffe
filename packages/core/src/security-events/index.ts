export * from './security-event-types.ts';
export * from './record-security-event.ts';
export * from './list-security-events.ts';

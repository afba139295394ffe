export * from './catalogue.ts';
export { enqueueEvent, enqueueEventQuery, enqueueEventSql } from './enqueue-event.ts';

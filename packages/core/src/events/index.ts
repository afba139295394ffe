export * from './catalogue.ts';
export { enqueueEvent, enqueueEventQuery, enqueueEventSql } from './enqueue-event.ts';
export { EVENT_LOG_RETENTION_MS, pruneEventLog } from './prune-event-log.ts';

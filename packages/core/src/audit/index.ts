export * from './record-audit.ts';
export * from './list-activity.ts';

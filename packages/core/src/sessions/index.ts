export * from './session-filter.ts';
export * from './list-sessions.ts';
export * from './export-sessions-csv.ts';
export * from './get-session-detail.ts';

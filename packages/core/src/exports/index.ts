export * from './destination.ts';
export * from './datasets.ts';
export * from './export-objects.ts';
export * from './save-export-destination.ts';
export * from './get-export-destination.ts';
export * from './remove-export-destination.ts';
export * from './test-export-destination.ts';
export * from './request-export.ts';
export * from './list-export-runs.ts';
export {
  runExport,
  DEFAULT_PAGE_SIZE,
  DEFAULT_SETTLE_MS,
  type RunExportOptions,
  type RunExportResult,
} from './run-export.ts';
export * from './run-due-exports.ts';

export * from './report-items.ts';
export { receiveReportPart, MAX_ITEMS_PER_PART, MAX_PARTS, MAX_VARIABLES, type ReportKind } from './receive-report.ts';
export { expireDeviceReports, REPORT_PART_TIMEOUT_MS } from './expire-reports.ts';
export { recordDeviceEvents, alertOf, faultCodeOf } from './record-events.ts';
export type { CommandReply } from './charger-call.ts';
export * from './request-reports.ts';
export * from './charger-settings.ts';
export * from './monitors.ts';
export * from './get-device-model.ts';

export * from './schemas.ts';
export { requestLog } from './request-log.ts';
export { recordLogStatus } from './record-log-status.ts';
export { logUploadResponse } from './log-upload.ts';
export { listLogRequests, chargerLogFileResponse } from './charger-logs.ts';

import { logStatus } from '../firmware-and-logs.ts';

export const diagnosticsStatusNotification = logStatus('DiagnosticsStatusNotification');

import { logStatus } from '../firmware-and-logs.ts';

export const logStatusNotification = logStatus('LogStatusNotification');

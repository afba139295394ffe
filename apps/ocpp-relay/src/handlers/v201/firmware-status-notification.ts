import { loggedMessage } from './logged-message.ts';

export const firmwareStatusNotification = loggedMessage('FirmwareStatusNotification', (p) => ({
  firmwareStatus: String(p.status),
}));

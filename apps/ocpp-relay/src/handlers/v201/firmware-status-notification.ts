import { loggedMessage } from '../logged-message.ts';

export const firmwareStatusNotification = loggedMessage('FirmwareStatusNotification', {
  update: (p) => ({ firmwareStatus: String(p.status) }),
});

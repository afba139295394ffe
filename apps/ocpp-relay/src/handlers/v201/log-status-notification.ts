import { loggedMessage } from '../logged-message.ts';

// The 2.0.1 log upload status lands where 1.6 kept its diagnostics upload status.
export const logStatusNotification = loggedMessage('LogStatusNotification', {
  update: (p) => ({ diagnosticsStatus: String(p.status) }),
});

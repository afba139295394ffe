import { loggedMessage } from '../logged-message.ts';

export const notifyReport = loggedMessage('NotifyReport');

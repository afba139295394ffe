import { loggedMessage } from '../logged-message.ts';

export const notifyEvent = loggedMessage('NotifyEvent');

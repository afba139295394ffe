import { loggedMessage } from '../logged-message.ts';

export const securityEventNotification = loggedMessage('SecurityEventNotification');

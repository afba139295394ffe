export { securityEventNotification } from '../security-event.ts';

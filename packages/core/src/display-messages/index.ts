export * from './schemas.ts';
export { setDisplayMessage, type SetDisplayMessageResult } from './set-display-message.ts';
export { requestDisplayMessages } from './request-display-messages.ts';
export { receiveDisplayMessages } from './receive-display-messages.ts';
export { clearDisplayMessage } from './clear-display-message.ts';
export { listDisplayMessages } from './list-display-messages.ts';
export { showPayPage, PAY_PAGE_MESSAGE_ID } from './show-pay-page.ts';

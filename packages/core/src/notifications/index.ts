export * from './fault-subscription.ts';
export * from './send-fault-emails.ts';

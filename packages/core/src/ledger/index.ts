export * from './ledger-accounts.ts';
export * from './post-entries.ts';
export * from './post-session-settlement.ts';
export * from './post-payment-refunds.ts';
export * from './ledger-views.ts';
export * from './money-columns.ts';

export * from './payout-status.ts';
export * from './create-payout-run.ts';
export * from './mark-payout.ts';
export * from './bank-file.ts';
export * from './list-payouts.ts';
export * from './apply-payout-events.ts';

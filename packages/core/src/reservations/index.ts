export * from './reservation-view.ts';
export * from './reserve-connector.ts';
export * from './cancel-reservation.ts';
export * from './list-reservations.ts';
export * from './use-reservation.ts';
export * from './reserve-now-outcome.ts';
export * from './resolve-stale-reservations.ts';
export * from './follow-up-cancel.ts';

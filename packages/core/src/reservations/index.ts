export * from './reservation-view.ts';
export * from './reserve-connector.ts';
export * from './cancel-reservation.ts';
export * from './list-reservations.ts';
export * from './use-reservation.ts';

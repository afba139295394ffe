export * from './accounts.ts';
export * from './terms.ts';
export * from './tax.ts';
export * from './week.ts';
export {
  splitSession,
  bearFee,
  type PricedSessionFacts,
  type SessionToSplit,
  type PaymentFacts,
  type SplitSessionInput,
  type SplitSummary,
  type SessionSplit,
} from './split-session.ts';
export * from './movements.ts';
export * from './close-week.ts';
export { roundToStep } from './money.ts';

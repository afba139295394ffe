export * from './model.ts';
export { allocateProportionally, divRoundHalfUp, formatMinor, mulDivRoundHalfUp } from './money.ts';
export { assertTimeZone, localToUtc, tzOffsetMs, utcToLocal } from './time-zone.ts';
export { compileTariff, describeWindow } from './compile.ts';
export * from './price-session.ts';
export * from './schedule.ts';
export * from './quote.ts';
export * from './ocpi.ts';

export * from './publish-tariff-version.ts';
export * from './resolve-tariff-for-connector.ts';
export * from './price-transaction.ts';
export * from './estimate-transaction-cost.ts';
export * from './seed-default-tariff.ts';

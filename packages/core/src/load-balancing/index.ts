export * from './upsert-circuit.ts';
export * from './delete-circuit.ts';
export * from './assign-evse.ts';
export * from './get-site-allocation.ts';
export * from './rebalance-site.ts';
export * from './rebalance-trigger.ts';
export * from './capacity-limits.ts';
export * from './recompute-sites.ts';

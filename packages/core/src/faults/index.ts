export * from './list-faults.ts';
export * from './acknowledge-fault.ts';
export * from './get-fault.ts';

export * from './scope.ts';
export * from './scoped-db.ts';
export * from './host.ts';
export * from './tenant-resolver.ts';
export * from './features.ts';

export * from './registry.ts';
export * from './job-runner.ts';

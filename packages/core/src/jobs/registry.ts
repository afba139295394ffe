// What the worker runs on a schedule. A part of the product registers its periodic work here (a
// name, a cron expression in UTC, a handler) and the worker schedules it once across every worker
// process: pg-boss keeps one schedule per name in the database and runs each tick once.

export type PeriodicJob = {
  /** pg-boss queue name: letters, digits, '-', '_', '.', '/'. */
  name: string;
  /** Five-field cron, UTC (pg-boss resolution: one minute). */
  cron: string;
  run: (ctx: { signal: AbortSignal }) => Promise<void>;
};

export type JobRegistry = {
  add(job: PeriodicJob): JobRegistry;
  list(): readonly PeriodicJob[];
};

const NAME = /^[A-Za-z0-9_.\-/]{1,100}$/;

export function createJobRegistry(): JobRegistry {
  const jobs = new Map<string, PeriodicJob>();
  const registry: JobRegistry = {
    add(job) {
      if (!NAME.test(job.name)) throw new Error(`job name "${job.name}" is not a valid queue name`);
      if (jobs.has(job.name)) throw new Error(`job "${job.name}" is registered twice`);
      if (job.cron.trim().split(/\s+/).length !== 5) throw new Error(`job "${job.name}": cron needs five fields`);
      jobs.set(job.name, job);
      return registry;
    },
    list: () => [...jobs.values()],
  };
  return registry;
}

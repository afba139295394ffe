import inspector from 'node:inspector';
import { writeFileSync } from 'node:fs';
import {
  createHistogram,
  monitorEventLoopDelay,
  PerformanceObserver,
  type EventLoopUtilization,
  performance,
} from 'node:perf_hooks';

// What the server process itself saw during the measured window: event-loop delay (how long a
// ready callback waited), garbage-collection pauses and CPU time. Read by the benchmark so a
// latency tail can be told apart: the server's own stalls, or the machine's.

export type ServerStats = {
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  loopUtilisation: number;
  gcPauses: number;
  gcTotalMs: number;
  gcMaxMs: number;
  cpuMs: number;
  /** Statements the relay ran on its pool, call to result, as the relay saw them. */
  db?: { n: number; p50Ms: number; p99Ms: number; maxMs: number };
};

type Queryable = { query: (...args: never[]) => unknown };

/** Times every promise-returning `query` of a pg Pool prototype (benchmark only). */
export function timeQueries(proto: Queryable) {
  const h = createHistogram();
  const original = proto.query;
  proto.query = function (this: unknown, ...args: never[]) {
    const t0 = process.hrtime.bigint();
    const result = original.apply(this, args);
    if (result instanceof Promise)
      result.then(
        () => h.record(Math.max(1, Number(process.hrtime.bigint() - t0))),
        () => {},
      );
    return result;
  } as Queryable['query'];
  return h;
}

export function serverStatsRecorder(queries?: ReturnType<typeof createHistogram>) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let gc = { n: 0, total: 0, max: 0 };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.n++;
      gc.total += e.duration;
      gc.max = Math.max(gc.max, e.duration);
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  let elu: EventLoopUtilization = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  return {
    reset() {
      delay.reset();
      gc = { n: 0, total: 0, max: 0 };
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
      queries?.reset();
    },
    read(): ServerStats {
      const used = process.cpuUsage(cpu);
      return {
        loopDelayP50Ms: delay.percentile(50) / 1e6,
        loopDelayP99Ms: delay.percentile(99) / 1e6,
        loopDelayMaxMs: delay.max / 1e6,
        loopUtilisation: performance.eventLoopUtilization(elu).utilization,
        gcPauses: gc.n,
        gcTotalMs: gc.total,
        gcMaxMs: gc.max,
        cpuMs: (used.user + used.system) / 1000,
        db: queries && {
          n: queries.count,
          p50Ms: queries.percentile(50) / 1e6,
          p99Ms: queries.percentile(99) / 1e6,
          maxMs: queries.max / 1e6,
        },
      };
    },
  };
}

/**
 * BENCH_HEAP_PROF=<file>: samples where the server allocates during the steady state, including
 * objects already collected (what drives the young-generation GC), as a .heapprofile for DevTools.
 */
export function allocationSampler(file: string) {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
    );
  return {
    start: () =>
      void post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        // BENCH_HEAP_SURVIVORS=1: only what outlived a young-generation collection (what makes scavenges slow).
        includeObjectsCollectedByMinorGC: !process.env.BENCH_HEAP_SURVIVORS,
      }),
    stop: () =>
      void post('HeapProfiler.stopSampling').then((res) =>
        writeFileSync(file, JSON.stringify((res as { profile: unknown }).profile)),
      ),
  };
}

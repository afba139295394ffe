import type { Db } from '@magma/db';
import { DEFAULT_LEASE_MS, runExport, type RunExportOptions, type RunExportResult } from './run-export.ts';

// The worker's export tick (every minute): queues a run for each enabled destination whose slot has
// come, then runs the queued ones (scheduled, or asked for from the dashboard) one destination at a
// time. A destination is leased while its run goes; a run left RUNNING by a worker that died is taken
// up again once the lease runs out, under the same run id and so the same object keys.

export type ExportSchedule = 'HOURLY' | 'DAILY';

/** The next slot after `at`: the next full hour, or the next midnight UTC. */
export function nextSlot(schedule: ExportSchedule, at: Date): Date {
  const d = new Date(at);
  if (schedule === 'HOURLY') {
    d.setUTCMinutes(0, 0, 0);
    d.setUTCHours(d.getUTCHours() + 1);
  } else {
    d.setUTCHours(0, 0, 0, 0);
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return d;
}

export async function runDueExports({
  db,
  settings,
  now = () => new Date(),
  maxRuns = 10,
  onError,
  ...options
}: Omit<RunExportOptions, 'runId' | 'now'> & {
  now?: () => Date;
  maxRuns?: number;
  onError?: (e: unknown, tenantId: string) => void;
}): Promise<Array<RunExportResult & { runId: string; tenantId: string }>> {
  await queueScheduledRuns(db, now());
  const at = now();
  const candidates = await db.exportRun.findMany({
    where: {
      OR: [
        { status: 'QUEUED' },
        { status: 'RUNNING', destination: { OR: [{ lockedUntil: null }, { lockedUntil: { lt: at } }] } },
      ],
    },
    orderBy: { createdAt: 'asc' },
    take: maxRuns,
    select: { id: true, tenantId: true, destinationId: true },
  });
  const results = [];
  for (const c of candidates) {
    const lease = new Date(now().getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
    const claimed = await db.exportDestination.updateMany({
      where: { id: c.destinationId, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now() } }] },
      data: { lockedUntil: lease },
    });
    if (claimed.count === 0) continue;
    try {
      results.push({
        ...(await runExport({ db, settings, now, runId: c.id, ...options })),
        runId: c.id,
        tenantId: c.tenantId,
      });
    } catch (e) {
      // The run's own failures are recorded on it; this is the database going away mid-run.
      onError?.(e, c.tenantId);
      await db.exportDestination
        .updateMany({ where: { id: c.destinationId }, data: { lockedUntil: null } })
        .catch(() => undefined);
    }
  }
  return results;
}

/** One queued run per due destination (none while one is queued or running), and its next slot. */
async function queueScheduledRuns(db: Db, at: Date) {
  const due = await db.exportDestination.findMany({
    where: { enabled: true, nextRunAt: { lte: at }, runs: { none: { status: { in: ['QUEUED', 'RUNNING'] } } } },
    select: { id: true, tenantId: true, schedule: true, nextRunAt: true },
    take: 100,
  });
  for (const d of due) {
    await db.$transaction(async (tx) => {
      // Only the tick that moves nextRunAt queues the run, so two workers cannot both.
      const moved = await tx.exportDestination.updateMany({
        where: { id: d.id, nextRunAt: d.nextRunAt },
        data: { nextRunAt: nextSlot(d.schedule, at) },
      });
      if (moved.count === 1)
        await tx.exportRun.create({ data: { tenantId: d.tenantId, destinationId: d.id, trigger: 'SCHEDULE' } });
    });
  }
}

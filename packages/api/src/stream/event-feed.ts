import { Prisma, type Db } from '@magma/db';

// The stream's source: the EventLog table every use case writes in its fact's transaction
// (packages/core/src/events). One poller per process reads new rows for every tenant and hands them
// to the connections of that tenant, so several web instances serve the same events with the same
// ids, whatever bus they use. A gap in the ids is usually a transaction still committing: the
// poller waits for it a moment, then goes on and picks the row up late if it appears.

export type StreamRow = {
  id: bigint;
  tenantId: string;
  type: string;
  siteId: string | null;
  chargerId: string | null;
  vendorId: string | null;
  payload: unknown;
  createdAt: Date;
};

export type ReplayBound = { maxEvents: number; maxAgeMs: number };
export type Replay = { kind: 'events'; rows: StreamRow[] } | { kind: 'resync_required'; reason: string };

type Listener = (row: StreamRow) => void;

export type EventFeedOptions = {
  db: Db;
  pollMs?: number;
  /** How long a gap in the ids holds later rows back (its transaction may still commit). */
  gapWaitMs?: number;
  /** How long a skipped id is looked for again, to deliver a late commit. */
  lateWindowMs?: number;
  bound?: ReplayBound;
  onError?: (e: unknown) => void;
  now?: () => number;
};

const BATCH = 1000;
const columns = Prisma.sql`id, "tenantId", type, "siteId", "chargerId", "vendorId", payload, "createdAt"`;

export class EventFeed {
  readonly bound: ReplayBound;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly skipped = new Map<bigint, number>();
  private cursor: bigint | null = null;
  private starting: Promise<void> | null = null;
  private gapSince: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly opts: EventFeedOptions) {
    this.bound = opts.bound ?? { maxEvents: 1000, maxAgeMs: 15 * 60_000 };
    this.now = opts.now ?? Date.now;
  }

  /**
   * Live rows of one tenant: every row committed after this resolves (and some just before, which
   * the caller's replay may also hold: ids tell them apart). Returns the unsubscribe.
   */
  async listen(tenantId: string, listener: Listener): Promise<() => void> {
    let set = this.listeners.get(tenantId);
    if (!set) this.listeners.set(tenantId, (set = new Set()));
    set.add(listener);
    const unsubscribe = () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(tenantId);
      if (this.listeners.size === 0) {
        // Idle: the next listener starts from the newest row again, not from here.
        this.cursor = null;
        this.starting = null;
        this.skipped.clear();
      }
    };
    try {
      this.starting ??= this.latestId().then((id) => {
        this.cursor ??= id;
      });
      await this.starting;
    } catch (e) {
      this.starting = null;
      unsubscribe();
      throw e;
    }
    this.schedule(0);
    return unsubscribe;
  }

  /**
   * The tenant's events after `afterId`, oldest first, when they are all within the bound (at most
   * maxEvents, none older than maxAgeMs); otherwise the client must start again from a fresh read.
   */
  async replay(tenantId: string, afterId: bigint): Promise<Replay> {
    const rows = await this.opts.db.$queryRaw<StreamRow[]>`
      SELECT ${columns} FROM "EventLog" WHERE "tenantId" = ${tenantId}::uuid AND id > ${afterId}
      ORDER BY id LIMIT ${this.bound.maxEvents + 1}`;
    if (rows.length > this.bound.maxEvents) {
      return { kind: 'resync_required', reason: `more than ${this.bound.maxEvents} events were missed` };
    }
    const oldest = rows[0];
    if (oldest && oldest.createdAt.getTime() < this.now() - this.bound.maxAgeMs) {
      const minutes = Math.round(this.bound.maxAgeMs / 60_000);
      return { kind: 'resync_required', reason: `events older than ${minutes} minutes were missed` };
    }
    return { kind: 'events', rows };
  }

  /** The newest id now (a client's starting point). */
  async latestId(): Promise<bigint> {
    const [row] = await this.opts.db.$queryRaw<{ id: bigint | null }[]>`SELECT max(id) AS id FROM "EventLog"`;
    return row?.id ?? 0n;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number) {
    if (this.closed || this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.poll()
        .catch((e: unknown) => this.opts.onError?.(e))
        .finally(() => {
          this.running = null;
          if (this.listeners.size > 0) this.schedule(this.opts.pollMs ?? 250);
        });
    }, ms);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.cursor === null) return;
    await this.pickUpLate();
    const from = this.cursor;
    const rows = await this.opts.db.$queryRaw<StreamRow[]>`
      SELECT ${columns} FROM "EventLog" WHERE id > ${from} ORDER BY id LIMIT ${BATCH}`;
    // Went idle while reading: the next listener starts afresh.
    if (this.cursor !== from) return;
    for (const row of rows) {
      if (row.id !== this.cursor + 1n) {
        const t = this.now();
        this.gapSince ??= t;
        if (t - this.gapSince < (this.opts.gapWaitMs ?? 2_000)) return;
        for (let id = this.cursor + 1n; id < row.id && this.skipped.size < 10_000; id++) this.skipped.set(id, t);
      }
      this.gapSince = null;
      this.cursor = row.id;
      this.skipped.delete(row.id);
      this.emit(row);
    }
  }

  private async pickUpLate(): Promise<void> {
    if (this.skipped.size === 0) return;
    const oldest = this.now() - (this.opts.lateWindowMs ?? 120_000);
    for (const [id, at] of this.skipped) if (at < oldest) this.skipped.delete(id);
    const ids = [...this.skipped.keys()];
    if (ids.length === 0) return;
    const late = await this.opts.db.$queryRaw<StreamRow[]>`
      SELECT ${columns} FROM "EventLog" WHERE id = ANY(${ids}::bigint[]) ORDER BY id`;
    for (const row of late) {
      this.skipped.delete(row.id);
      this.emit(row);
    }
  }

  private emit(row: StreamRow) {
    for (const listener of this.listeners.get(row.tenantId) ?? []) listener(row);
  }
}

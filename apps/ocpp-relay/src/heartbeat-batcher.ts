import type { Db } from '@magma/db';
import { touchChargers } from '@magma/core/charging';

/**
 * Heartbeats only say "still here": they are answered at once and their lastSeenAt updates are
 * coalesced into one UPDATE per interval. Losing up to one interval of lastSeenAt on a crash is
 * harmless; every message that carries domain data is committed before it is answered.
 */
export class HeartbeatBatcher {
  private pending = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    intervalMs = 1000,
    private readonly onError: (e: unknown) => void = () => {},
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  touch(chargerId: string): void {
    this.pending.add(chargerId);
  }

  flush(): Promise<void> {
    if (this.pending.size === 0) return this.flushing;
    const ids = [...this.pending];
    this.pending = new Set();
    this.flushing = this.flushing
      .then(() => touchChargers({ db: this.db, chargerIds: ids, at: new Date() }))
      .catch(this.onError);
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

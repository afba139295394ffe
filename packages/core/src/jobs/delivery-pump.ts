import type { Db } from '@magma/db';
import { attemptDelivery, claimDueDeliveries, type WebhookDeliveryConfig } from '../webhooks/deliver-webhook.ts';

// Sends the webhook outbox. The outbox table is the queue: a due delivery is claimed with a lease
// (claimDueDeliveries), and each attempt takes its number in the database first (attemptDelivery),
// so two processes never send the same attempt, and a process that dies leaves its deliveries to be
// claimed again once their lease runs out, sent with the same webhook-id (at least once).
//
// The pump holds at most `concurrency` attempts in flight and claims again whenever one ends, so a
// backlog drains as fast as attempts end. (Each claimed delivery used to be handed on as a pg-boss
// job, and a pg-boss worker slot with batchSize 1 fetches once per 0.5 s poll: at most 16 attempts
// a second with 8 slots, whatever the receiver, below what session.updated alone can bring for a
// large fleet. bench:api measures delivery.) When nothing is due it looks again every `intervalMs`.

export type DeliveryPump = {
  /** Stops claiming and waits for the attempts in flight, up to `timeoutMs`. */
  stop(timeoutMs: number): Promise<void>;
};

export function startDeliveryPump({
  db,
  webhooks,
  concurrency,
  intervalMs,
  onError,
}: {
  db: Db;
  webhooks: WebhookDeliveryConfig;
  concurrency: number;
  intervalMs: number;
  onError: (e: unknown, what: string) => void;
}): DeliveryPump {
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let claiming: Promise<void> | null = null;
  let claimAgain = false;

  const attempt = (claimed: Awaited<ReturnType<typeof claimDueDeliveries>>[number]) => {
    const run: Promise<void> = attemptDelivery(db, webhooks, claimed)
      .then(
        () => {},
        (e: unknown) => onError(e, 'attempting a webhook delivery'),
      )
      .finally(() => {
        inFlight.delete(run);
        pump();
      });
    inFlight.add(run);
  };

  const claimWhileFree = async () => {
    do {
      claimAgain = false;
      const free = concurrency - inFlight.size;
      if (stopping || free <= 0) return;
      const claimed = await claimDueDeliveries(db, { limit: free, leaseMs: webhooks.leaseMs });
      for (const c of claimed) attempt(c);
      // A full claim: more may be due, and slots that freed meanwhile asked for this loop.
      if (claimed.length === free) claimAgain = true;
    } while (claimAgain);
  };

  /** Claims for the free slots now, or once the claim running ends. */
  function pump(): void {
    if (stopping) return;
    if (claiming) {
      claimAgain = true;
      return;
    }
    claiming = claimWhileFree()
      .catch((e: unknown) => onError(e, 'claiming due webhook deliveries'))
      .finally(() => {
        claiming = null;
      });
  }

  const timer = setInterval(pump, intervalMs);
  pump();

  return {
    async stop(timeoutMs) {
      stopping = true;
      clearInterval(timer);
      await claiming;
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(inFlight), new Promise<void>((r) => (timeout = setTimeout(r, timeoutMs)))]);
      clearTimeout(timeout);
    },
  };
}

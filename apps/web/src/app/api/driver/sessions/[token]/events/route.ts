import { isLiveEvent, tenantEventsChannel, type LiveEvent } from '@magma/core/bus';
import { findDriverSession, getDriverSession, settleDriverSession, type DriverSessionView } from '@magma/core/driver';
import { driverDeps, errorResponse, getBus, originOf, tenantOfRequest } from '@/server/driver.ts';
import { rememberSessionCookie } from '@/server/driver-device.ts';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ token: string }> };

const TICK_MS = 5_000;
const FINAL = new Set<DriverSessionView['status']>(['SETTLED', 'START_FAILED', 'PAYMENT_FAILED']);

/**
 * Server-sent events for one driver session (and the device that opens them remembers the session): the page's view, re-read whenever the bus reports
 * something about this connector or transaction (and every few seconds for payment and cost).
 * When the transaction ends, this process settles it at once (idempotent, as every other path).
 */
export async function GET(req: Request, { params }: Ctx) {
  const tenant = await tenantOfRequest(req);
  if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
  const token = (await params).token;
  const deps = driverDeps();
  let session;
  try {
    session = await findDriverSession({ db: deps.db, tenantId: tenant.id, token });
  } catch (e) {
    return errorResponse(e);
  }
  const { chargerId, evseId } = session;
  const encoder = new TextEncoder();

  let closed = false;
  let running = false;
  let dirty = false;
  let cleanup: () => void = () => {};

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const push = async () => {
        if (closed) return;
        if (running) {
          dirty = true;
          return;
        }
        running = true;
        try {
          do {
            dirty = false;
            const view = await getDriverSession(deps, { tenantId: tenant.id, token });
            write(`event: session\ndata: ${JSON.stringify(view)}\n\n`);
            if (
              FINAL.has(view.status) &&
              // A failed start stays open until its refund has gone out (or is known not to).
              !(
                view.status === 'START_FAILED' &&
                view.payment &&
                view.payment.capturedMinor > 0 &&
                view.refund === null
              )
            ) {
              cleanup();
              return;
            }
          } while (dirty && !closed);
        } catch (e) {
          write(`event: problem\ndata: ${JSON.stringify({ error: e instanceof Error ? e.message : 'error' })}\n\n`);
        } finally {
          running = false;
        }
      };
      const relevant = (m: LiveEvent) =>
        m.chargerId === chargerId && (!('evseId' in m) || m.evseId === evseId || m.evseId === null);
      const unsubscribe = await getBus().subscribe(tenantEventsChannel(tenant.id), (m) => {
        if (!isLiveEvent(m) || !relevant(m)) return;
        if (m.type === 'transaction.ended') {
          void settleDriverSession(deps, { transactionId: m.transactionId })
            .catch((e) => deps.onError?.(e, `settling ${m.transactionId}`))
            .finally(() => void push());
          return;
        }
        void push();
      });
      const tick = setInterval(() => void push(), TICK_MS);
      const keepAlive = setInterval(() => write(': keep-alive\n\n'), 20_000);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(tick);
        clearInterval(keepAlive);
        void unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      req.signal.addEventListener('abort', () => cleanup());
      write('retry: 3000\n\n');
      await push();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      // The device watching its session remembers it: the sticker page shows it "your session".
      'set-cookie': rememberSessionCookie(req, token, originOf(req.headers)),
    },
  });
}

import { createLiveEventFilter, isLiveEvent, tenantEventsChannel } from '@magma/api';
import { getContext } from '@/server/api.ts';
import { getBus } from '@/server/bus.ts';

// Server-sent events: the live changes of the signed-in user's tenant (a vendor user's own chargers
// only), as they are published on the bus after each commit. The browser's EventSource reconnects
// by itself; the comment lines keep proxies from closing an idle stream.

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const PING_MS = 15_000;

export async function GET(req: Request) {
  const ctx = await getContext();
  if (!ctx.user) return new Response('Sign in first', { status: 401 });
  if (!ctx.scope) return new Response('No access to this operator', { status: 403 });
  const bus = getBus();
  if (!bus) return new Response('Live updates are not available on this server', { status: 503 });
  const scope = ctx.scope;
  const allowed = createLiveEventFilter({ db: ctx.db, scope });
  const encoder = new TextEncoder();
  let stop = async () => {};

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          open = false;
        }
      };
      const unsubscribe = await bus.subscribe(tenantEventsChannel(scope.tenantId), (message) => {
        if (!isLiveEvent(message)) return;
        void allowed(message).then((ok) => ok && send(`data: ${JSON.stringify(message)}\n\n`));
      });
      const ping = setInterval(() => send(': ping\n\n'), PING_MS);
      stop = async () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        await unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      req.signal.addEventListener('abort', () => void stop());
      // Tells the page the subscription is live, so it can refetch what changed before it.
      send('retry: 2000\nevent: ready\ndata: {}\n\n');
    },
    cancel: () => stop(),
  });

  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}

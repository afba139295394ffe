import WebSocket from 'ws';

export type Frame = unknown[];

/**
 * A bare WebSocket speaking raw OCPP-J frames, to send what no well-behaved client would: every
 * frame it receives is kept, and `next` waits for one (failing after timeoutMs instead of hanging).
 */
export async function rawSocket(url: string, protocol: string) {
  const ws = new WebSocket(url, [protocol]);
  const inbox: Frame[] = [];
  const waiters: ((f: Frame) => void)[] = [];
  let closed: { code: number; reason: string } | null = null;
  const closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as Frame;
    const w = waiters.shift();
    if (w) w(frame);
    else inbox.push(frame);
  });
  ws.on('close', (code: number, reason: Buffer) => {
    closed = { code, reason: reason.toString() };
    for (const w of closeWaiters.splice(0)) w(closed);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.on('error', () => {});
  return {
    ws,
    send: (text: string | Buffer) => ws.send(text),
    next: (timeoutMs = 5000) =>
      new Promise<Frame>((resolve, reject) => {
        if (inbox.length) return resolve(inbox.shift()!);
        const timer = setTimeout(() => {
          const i = waiters.indexOf(done);
          if (i !== -1) waiters.splice(i, 1);
          reject(new Error('no frame in time'));
        }, timeoutMs);
        const done = (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        };
        waiters.push(done);
      }),
    /** Every frame received within ms (after those already waiting). */
    drain: async (ms: number) => {
      await new Promise((r) => setTimeout(r, ms));
      return inbox.splice(0);
    },
    closed: () =>
      new Promise<{ code: number; reason: string }>((resolve) =>
        closed ? resolve(closed) : closeWaiters.push(resolve),
      ),
    close: () => ws.close(),
  };
}

export type RawSocket = Awaited<ReturnType<typeof rawSocket>>;

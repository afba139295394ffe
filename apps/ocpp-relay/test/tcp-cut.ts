import net from 'node:net';

/**
 * A TCP forwarder on 127.0.0.1 in front of a real server (here PostgreSQL) that a test can cut:
 * `cut()` resets every open connection and refuses new ones, as a database host that went away
 * does; `restore()` forwards again. The server behind it is never touched.
 */
export type TcpCut = { port: number; cut: () => void; restore: () => void; close: () => Promise<void> };

export async function startTcpCut(target: { host: string; port: number }): Promise<TcpCut> {
  let down = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    if (down) return void inbound.resetAndDestroy();
    const outbound = net.connect(target.port, target.host);
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('error', () => {});
      s.once('close', () => {
        open.delete(s);
        (s === inbound ? outbound : inbound).destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut: () => {
      down = true;
      for (const s of open) s.resetAndDestroy();
    },
    restore: () => {
      down = false;
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

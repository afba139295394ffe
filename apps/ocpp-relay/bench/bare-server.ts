import http from 'node:http';
import { RPCServer } from 'ocpp-rpc';

// The floor: a bare ocpp-rpc server in the same strict mode, answering the same messages with
// fixed replies and no persistence, admission or ordering queue.

const REPLIES: Record<string, () => Record<string, unknown>> = {
  BootNotification: () => ({ status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 }),
  Heartbeat: () => ({ currentTime: new Date().toISOString() }),
  StatusNotification: () => ({}),
  Authorize: () => ({ idTagInfo: { status: 'Accepted' } }),
  StartTransaction: (() => {
    let seq = 0;
    return () => ({ transactionId: ++seq, idTagInfo: { status: 'Accepted' } });
  })(),
  StopTransaction: () => ({}),
  MeterValues: () => ({}),
  TransactionEvent: () => ({}),
};

export async function startBareServer({ port, host }: { port: number; host: string }) {
  const rpc = new RPCServer({ protocols: ['ocpp1.6', 'ocpp2.0.1'], strictMode: true, pingIntervalMs: 60_000 });
  let connections = 0;
  rpc.on(
    'client',
    (client: { handle: (a: string, h: () => Promise<unknown>) => void; once: (e: string, f: () => void) => void }) => {
      connections++;
      client.once('close', () => connections--);
      for (const [action, reply] of Object.entries(REPLIES)) client.handle(action, async () => reply());
    },
  );
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => void rpc.handleUpgrade(req, socket as import('node:net').Socket, head));
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    connections: () => connections,
    close: async () => {
      await rpc.close({ force: true });
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

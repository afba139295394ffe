import http from 'node:http';
import { RPCServer } from 'ocpp-rpc';

// The floor: a bare ocpp-rpc server in the same strict mode, answering the same messages with
// fixed replies and no persistence, admission or ordering queue. With `persist` it is the durable
// floor: every message the relay commits before answering (all but Heartbeat) is first inserted,
// one row and one commit each, into a table of its own — what the cheapest possible "durable
// before answer" costs on the same machine and database.

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

type Persist = (identity: string, action: string, params: unknown) => Promise<void>;

export async function startBareServer({ port, host, persist }: { port: number; host: string; persist?: Persist }) {
  const rpc = new RPCServer({ protocols: ['ocpp1.6', 'ocpp2.0.1'], strictMode: true, pingIntervalMs: 60_000 });
  let connections = 0;
  rpc.on(
    'client',
    (client: {
      identity: string;
      handle: (a: string, h: (call: { params: unknown }) => Promise<unknown>) => void;
      once: (e: string, f: () => void) => void;
    }) => {
      connections++;
      client.once('close', () => connections--);
      for (const [action, reply] of Object.entries(REPLIES))
        client.handle(action, async ({ params }) => {
          if (persist && action !== 'Heartbeat') await persist(client.identity, action, params);
          return reply();
        });
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

import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';

// A DNS server on 127.0.0.1 for tests: answers TXT questions (RFC 1035 wire format over UDP) from
// a table the test edits, NXDOMAIN for names it does not know, SERVFAIL when told to fail. Node's
// own resolver talks to it, exactly as it talks to a real server.

export type LocalDnsServer = {
  /** name → TXT records (each record a list of character-strings). */
  records: Map<string, string[][]>;
  failing: boolean;
  resolver(): Resolver;
  close(): Promise<void>;
};

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  while (msg[i]! > 0) {
    const len = msg[i]!;
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('ascii'));
    i += len + 1;
  }
  return { name: labels.join('.').toLowerCase(), end: i + 1 };
}

function answer(query: Buffer, server: LocalDnsServer): Buffer {
  const { name, end } = readName(query, 12);
  const qtype = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  const known = server.records.get(name);
  const rcode = server.failing ? 2 : known ? 0 : 3;
  const txts = !server.failing && known && qtype === 16 ? known : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8180 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(txts.length, 6);
  const answers = txts.map((strings) => {
    const rdata = Buffer.concat(
      strings.map((s) => {
        const b = Buffer.from(s, 'utf8');
        return Buffer.concat([Buffer.from([b.length]), b]);
      }),
    );
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // the question's name
    rr.writeUInt16BE(16, 2); // TXT
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, question, ...answers]);
}

export async function startLocalDnsServer(): Promise<LocalDnsServer> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  const server: LocalDnsServer = {
    records: new Map(),
    failing: false,
    resolver() {
      const r = new Resolver({ timeout: 1_000, tries: 1 });
      r.setServers([`127.0.0.1:${port}`]);
      return r;
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (msg, from) => {
    try {
      socket.send(answer(msg, server), from.port, from.address);
    } catch {
      // a malformed question gets no answer, as from a real server
    }
  });
  return server;
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hideInternalHeaders } from '../hide-internal-headers.mjs';

// The web server's header filter on a real Node HTTP server, for each way a response's head is
// written: headers set before writeHead, passed to writeHead as an object, as a flat array, or
// implied by the first write.

type Writer = (res: http.ServerResponse) => void;
const WRITERS: Record<string, Writer> = {
  'setHeader then end': (res) => {
    res.setHeader('x-middleware-rewrite', '/demo.localhost/reservations');
    res.setHeader('X-Middleware-Set-Cookie', 'a=b');
    res.setHeader('x-kept', 'yes');
    res.end('ok');
  },
  'writeHead with an object': (res) => {
    res.setHeader('x-middleware-refresh', '1');
    res.writeHead(200, { 'x-middleware-rewrite': '/demo.localhost/', 'x-kept': 'yes' });
    res.end('ok');
  },
  'writeHead with a status message and a flat array': (res) => {
    res.writeHead(200, 'OK', ['x-middleware-rewrite', '/demo.localhost/', 'x-kept', 'yes']);
    res.end('ok');
  },
  'an implicit head (write without writeHead)': (res) => {
    res.setHeader('x-middleware-next', '1');
    res.setHeader('x-kept', 'yes');
    res.write('o');
    res.end('k');
  },
};

let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    hideInternalHeaders(res);
    WRITERS[decodeURIComponent(req.url!.slice(1))]!(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('hideInternalHeaders', () => {
  it.each(Object.keys(WRITERS))('%s: no x-middleware-* header leaves, the others do', async (name) => {
    const res = await fetch(`${base}/${encodeURIComponent(name)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expect([...res.headers.keys()].filter((h) => h.startsWith('x-middleware-'))).toEqual([]);
    expect(res.headers.get('x-kept')).toBe('yes');
  });
});

import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startLocalServer, type LocalServer, type Route } from './local-server.ts';

/**
 * One local gateway for a test file: started before its tests, closed after them, and with the
 * recorded requests cleared before each test. The server exists only once `beforeAll` ran, so the
 * handle reads it lazily.
 */
export function useLocalServer(route: Route): Pick<LocalServer, 'url' | 'requests'> {
  let server: LocalServer | undefined;
  const started = (): LocalServer => {
    if (!server) throw new Error('The local server starts in beforeAll; read it inside a test');
    return server;
  };
  beforeAll(async () => {
    server = await startLocalServer(route);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    started().requests.length = 0;
  });
  return {
    get url() {
      return started().url;
    },
    get requests() {
      return started().requests;
    },
  };
}

import { protocolFor } from '@magma/oscp';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { versionOf } from './connections.ts';
import { sendOscp } from './send.ts';
import { hashOscpToken, newOscpToken, type OscpSettings } from './tokens.ts';

// Registration (#21). OSCP 2.0: we make a new token for the Capacity Provider to call us with,
// keep only its hash, and POST Register (that token and our 2.0 base URL) with the token it gave us
// offline; it answers 204 and registers back with its own token (handled in handle-request.ts),
// then handshakes follow. OSCP 1.0 has no Register: the new token is shown once, for the operator
// to give the grid operator, and the connection is live at once.

export type RegisterResult = {
  status: 'PENDING' | 'REGISTERED' | 'CONNECTED' | 'FAILED';
  error: string | null;
  /** 1.0 only: the token for the grid operator, shown this once. */
  token: string | null;
};

export async function registerOscpConnection({
  db,
  scope,
  settings,
  id,
  ourOrigin,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  settings: OscpSettings;
  id: string;
  /** The tenant's public origin, e.g. https://charge.acme.in: our endpoints are under /api/oscp/{version}. */
  ourOrigin: string;
  now?: Date;
}): Promise<RegisterResult> {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const row = await sdb.oscpConnection.findFirst({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', 'No such grid operator connection');
  const version = versionOf(row.version);
  const token = newOscpToken();
  const inboundTokenHash = hashOscpToken(token);
  if (version === '1.0') {
    await sdb.oscpConnection.update({
      where: { id },
      data: { inboundTokenHash, status: 'CONNECTED', registeredAt: now, handshakeAt: null, lastError: null },
    });
    return { status: 'CONNECTED', error: null, token };
  }
  await sdb.oscpConnection.update({
    where: { id },
    data: { inboundTokenHash, status: 'PENDING', registeredAt: null, handshakeAt: null },
  });
  const ourBaseUrl = `${ourOrigin.replace(/\/+$/, '')}/api/oscp/${version}`;
  const request = protocolFor(version).register({ token, ourBaseUrl })!;
  const sent = await sendOscp({ peer: row, settings, request });
  // The Capacity Provider may register back before its 204 reaches us: never step back from that.
  if (sent.ok) await sdb.oscpConnection.update({ where: { id }, data: { lastError: null } });
  else
    await sdb.oscpConnection.updateMany({
      where: { id, status: 'PENDING' },
      data: { status: 'FAILED', lastError: sent.error },
    });
  const after = await sdb.oscpConnection.findFirst({ where: { id }, select: { status: true } });
  return { status: after?.status ?? 'FAILED', error: sent.error, token: null };
}

import { authorizeIdToken } from '@magma/core/charging';
import { idTokenInfo201 } from '../convert.ts';
import { defineHandler } from '../types.ts';

export const authorize = defineHandler<{ idToken: { idToken: string; type: string } }>(async ({ db, conn }, p) => {
  // A station that charges without authorisation has no token to look up (as in TransactionEvent).
  if (p.idToken.type === 'NoAuthorization') return { idTokenInfo: { status: 'Accepted' } };
  const check = await authorizeIdToken({ db, charger: conn.charger, token: p.idToken.idToken });
  return { idTokenInfo: idTokenInfo201(check) };
});

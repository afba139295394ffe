import { authorizeIdToken } from '@magma/core/charging';
import { idTokenInfo201 } from '../convert.ts';
import { defineHandler } from '../types.ts';

export const authorize = defineHandler<{ idToken: { idToken: string; type: string } }>(async ({ db, conn }, p) => {
  const check = await authorizeIdToken({ db, charger: conn.charger, token: p.idToken.idToken });
  return { idTokenInfo: idTokenInfo201(check) };
});

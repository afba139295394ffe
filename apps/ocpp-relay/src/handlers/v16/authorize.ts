import { authorizeIdToken } from '@magma/core/charging';
import { idTagInfo16 } from '../convert.ts';
import { defineHandler } from '../types.ts';

export const authorize = defineHandler<{ idTag: string }>(async ({ db, conn }, p) => {
  const check = await authorizeIdToken({ db, charger: conn.charger, token: p.idTag });
  return { idTagInfo: idTagInfo16(check) };
});

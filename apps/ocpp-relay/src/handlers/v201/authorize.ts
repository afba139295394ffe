import { authorizeIdToken } from '@magma/core/charging';
import { idTokenInfo201 } from '../convert.ts';
import { contractAuthorize } from '../plug-and-charge.ts';
import { defineHandler } from '../types.ts';

type Params = Parameters<typeof contractAuthorize>[1];

export const authorize = defineHandler<Params>(async (ctx, p) => {
  // A station that charges without authorisation has no token to look up (as in TransactionEvent).
  if (p.idToken.type === 'NoAuthorization') return { idTokenInfo: { status: 'Accepted' } };
  // ISO 15118 Plug & Charge: a contract certificate (or its hash data) comes with the eMAID.
  if (p.certificate || p.iso15118CertificateHashData?.length) return contractAuthorize(ctx, p);
  const check = await authorizeIdToken({ db: ctx.db, charger: ctx.conn.charger, token: p.idToken.idToken });
  return { idTokenInfo: idTokenInfo201(check) };
});

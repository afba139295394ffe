import { AppError } from '@magma/core';
import { openSessionLink } from '@magma/core/driver';
import { driverDeps, originOf, tenantOfRequest } from '@/server/driver.ts';
import { rememberSessionCookie } from '@/server/driver-device.ts';

type Params = { params: Promise<{ domain: string; link: string }> };

const NOT_VALID = 'This link has expired or is not valid. Scan the QR code on the charger to see it.';

/**
 * The "Your session" link of a receipt email: a signed, expiring link that hands the session to
 * this device (remembered in its cookie, as Pay does) and opens the session page. Altered, expired
 * and other tenants' links are all the same 404.
 */
export async function GET(req: Request, { params }: Params): Promise<Response> {
  const { link } = await params;
  const tenant = await tenantOfRequest(req);
  const deps = driverDeps();
  const gone = () =>
    new Response(NOT_VALID, {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  if (!tenant || !deps.sessionLinks) return gone();
  try {
    const { token } = await openSessionLink({ db: deps.db, keys: deps.sessionLinks, tenantId: tenant.id, link });
    return new Response(null, {
      status: 303,
      headers: {
        location: `/s/${token}`,
        'set-cookie': rememberSessionCookie(req, token, originOf(req.headers)),
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      },
    });
  } catch (e) {
    if (AppError.is(e) && e.code === 'NOT_FOUND') return gone();
    throw e;
  }
}

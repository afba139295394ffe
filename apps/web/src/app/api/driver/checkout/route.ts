import { startPaidSession, type PaidSessionInput } from '@magma/core/driver';
import { driverDeps, errorResponse, originOf, tenantOfRequest } from '@/server/driver.ts';
import { readJsonBody } from '@/server/driver-body.ts';
import { rememberSessionCookie } from '@/server/driver-device.ts';
import { driverLocale } from '@/i18n/request-locale.ts';

/** The connector page's Pay button: creates (or, pressed again, returns) the session and its checkout. */
export async function POST(req: Request) {
  const tenant = await tenantOfRequest(req);
  if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
  const body = await readJsonBody(req);
  if (!body.ok) return body.response;
  try {
    const r = await startPaidSession(driverDeps(), {
      tenantId: tenant.id,
      baseUrl: originOf(req.headers),
      input: body.value as PaidSessionInput,
      // The page's language (switch cookie, else Accept-Language) goes with the session to its emails.
      locale: await driverLocale(),
    });
    return Response.json(
      { sessionUrl: `/s/${r.sessionToken}`, checkout: r.checkout, amountMinor: r.amountMinor, reused: r.reused },
      // This device remembers its session, so the sticker page can show it "your session" later.
      { headers: { 'set-cookie': rememberSessionCookie(req, r.sessionToken, originOf(req.headers)) } },
    );
  } catch (e) {
    return errorResponse(e);
  }
}

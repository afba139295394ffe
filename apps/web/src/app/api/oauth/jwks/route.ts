import { oauthHandlers } from '../handlers.ts';

export const dynamic = 'force-dynamic';

export const GET = (req: Request) => oauthHandlers.jwks(req);

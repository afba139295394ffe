import { oauthHandlers } from '../handlers.ts';

export const dynamic = 'force-dynamic';

export const POST = (req: Request) => oauthHandlers.token(req);

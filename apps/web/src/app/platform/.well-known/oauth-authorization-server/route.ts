import { oauthHandlers } from '@/app/api/oauth/handlers.ts';

export const dynamic = 'force-dynamic';

// RFC 8414 metadata on the host the proxy rewrote into this tree; the issuer is that host's origin.
export const GET = (req: Request) => oauthHandlers.metadata(req);

import { serveRest } from '../rest.ts';

// /api/v1/… on every tenant host and on api.<platform domain>: see packages/api/src/openapi.
export const dynamic = 'force-dynamic';

export { serveRest as GET, serveRest as POST, serveRest as PUT, serveRest as PATCH, serveRest as DELETE };

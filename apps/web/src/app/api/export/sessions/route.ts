import { exportSessionsCsv } from '@magma/api';
import { csvResponse } from '../csv-response.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The sessions history as CSV, with the same query string filters as the sessions page. */
export function GET(req: Request) {
  return csvResponse(req, 'sessions', ({ db, scope, params }) => exportSessionsCsv({ db, scope, input: params }));
}

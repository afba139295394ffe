import { exportIdTokensCsv } from '@magma/api';
import { csvResponse } from '../csv-response.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The Cards list as CSV, with the same query string filters and order as the list's input. */
export function GET(req: Request) {
  return csvResponse(req, 'cards', ({ db, scope, params }) => exportIdTokensCsv({ db, scope, input: params }));
}

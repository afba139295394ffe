import { exportChargersCsv } from '@magma/api';
import { csvResponse } from '../csv-response.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The Chargers list as CSV, with the same query string filters and order as the list's input. */
export function GET(req: Request) {
  return csvResponse(req, 'chargers', ({ db, scope, params }) => exportChargersCsv({ db, scope, input: params }));
}

import { exportPayoutsCsv } from '@magma/api';
import { csvResponse } from '../csv-response.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The Payouts list as CSV, with the same query string filters and order as the list's input. */
export function GET(req: Request) {
  return csvResponse(req, 'payouts', ({ db, scope, params }) => exportPayoutsCsv({ db, scope, input: params }));
}

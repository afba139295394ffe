import { exportConnectorsCsv } from '@magma/api';
import { csvResponse } from '../csv-response.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The connector table as CSV, with the same query string filters as the overview page. */
export function GET(req: Request) {
  return csvResponse(req, 'connectors', ({ db, scope, params }) => exportConnectorsCsv({ db, scope, input: params }));
}

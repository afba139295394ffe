import { logUploadResponse } from '@magma/core/diagnostics';
import { getDb } from '@/server/db.ts';
import { chargerFiles } from '@/server/charger-files.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Params = { params: Promise<{ id: string; exp: string; sig: string; name?: string[] }> };

/** PUT or POST /api/charger-logs/{id}/{exp}/{sig}[/{name}]: a charger's log upload (log-upload.ts). */
async function upload(request: Request, { params }: Params) {
  const { id, exp, sig, name = [] } = await params;
  return logUploadResponse({ db: getDb(), files: chargerFiles(), segments: [id, exp, sig, ...name], request });
}

export const PUT = upload;
export const POST = upload;

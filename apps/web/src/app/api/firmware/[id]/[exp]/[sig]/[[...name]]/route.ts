import { firmwareDownloadResponse } from '@magma/core/firmware';
import { getDb } from '@/server/db.ts';
import { chargerFiles } from '@/server/charger-files.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Params = { params: Promise<{ id: string; exp: string; sig: string }> };

/** GET /api/firmware/{id}/{exp}/{sig}/{name}: a charger's time-limited download (firmware-download.ts). */
async function download(request: Request, { params }: Params) {
  const { id, exp, sig } = await params;
  return firmwareDownloadResponse({ db: getDb(), files: chargerFiles(), segments: [id, exp, sig], request });
}

export const GET = download;
export const HEAD = download;

import { getContext } from '@/server/api.ts';
import { statementBrandFor } from '@/server/statement-brand.ts';
import { statementPdfResponse } from '@/server/statement-pdf-response.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/statements/{statementId}.pdf (see statement-pdf-response.ts for who gets what). */
export async function GET(_req: Request, { params }: { params: Promise<{ file: string }> }) {
  return statementPdfResponse({ ctx: await getContext(), file: (await params).file, brandFor: statementBrandFor });
}

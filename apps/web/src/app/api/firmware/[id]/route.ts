import { AppError } from '@magma/core/errors';
import { uploadFirmwareImage } from '@magma/core/firmware';
import { env } from '@/env.ts';
import { getContext } from '@/server/api.ts';
import { chargerFiles } from '@/server/charger-files.ts';
import { crossSiteRefusal } from '@/server/same-origin.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const json = (status: number, body: unknown) =>
  Response.json(body, { status, headers: { 'cache-control': 'private, no-store' } });

/**
 * PUT /api/firmware/{imageId}: an operator's firmware file (the raw body, at most 256 MiB),
 * streamed into the store after firmware.createImage. 200 READY, or 422 with why it was refused
 * (over the cap, empty, a signature that does not verify); the image is then never offered.
 */
export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refusal = crossSiteRefusal(request.headers, { trustProxy: env.TRUST_PROXY });
  if (refusal) return json(refusal.status, { error: refusal.message });
  const ctx = await getContext();
  if (!ctx.user) return json(401, { error: 'Sign in first' });
  if (!ctx.scope) return json(404, { error: 'No such firmware image' });
  if (!request.body) return json(400, { error: 'Send the file as the request body' });
  try {
    const outcome = await uploadFirmwareImage({
      db: ctx.db,
      scope: ctx.scope,
      store: chargerFiles().store,
      imageId: (await params).id,
      body: request.body as unknown as AsyncIterable<Uint8Array>,
    });
    return json(outcome.status === 'READY' ? 200 : 422, outcome);
  } catch (e) {
    const err = AppError.from(e);
    return json(err.httpStatus, { error: err.message });
  }
}

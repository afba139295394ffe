import { Readable } from 'node:stream';
import type { Db } from '@magma/db';
import type { z } from 'zod';
import { operatorCharger } from '../firmware/charger.ts';
import type { ChargerFileSettings } from '../firmware/links.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { listLogRequestsInput } from './schemas.ts';

/** A charger's last 20 log requests with their progress and the uploaded file, newest first. */
export async function listLogRequests({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof listLogRequestsInput>;
}) {
  const { chargerId } = listLogRequestsInput.parse(input);
  const charger = await operatorCharger(db, scope, chargerId);
  const sdb = scopedDb(db, scope);
  const requests = await sdb.chargerLogRequest.findMany({
    where: { chargerId },
    orderBy: { createdAt: 'desc' },
    take: 20,
  });
  const events = await sdb.logStatusEvent.findMany({
    where: { logRequestId: { in: requests.map((r) => r.id) } },
    orderBy: { receivedAt: 'asc' },
  });
  return {
    protocol: charger.protocol,
    requests: requests.map((r) => ({
      id: r.id,
      action: r.action,
      logType: r.logType,
      requestId: r.requestId,
      answer: r.answer,
      chargerFileName: r.chargerFileName,
      status: r.status,
      file: r.fileKey
        ? {
            name: r.fileName ?? 'log',
            size: r.fileSize ?? 0,
            uploadedAt: r.uploadedAt!,
            url: `/api/charger-logs/${r.id}`,
          }
        : null,
      createdAt: r.createdAt,
      steps: events.filter((e) => e.logRequestId === r.id).map((e) => ({ status: e.status, at: e.receivedAt })),
    })),
  };
}

/** GET /api/charger-logs/{id} for the operator: the uploaded file, or 404 for anyone else. */
export async function chargerLogFileResponse({
  db,
  scope,
  files,
  id,
}: {
  db: Db;
  scope: Scope | null;
  files: ChargerFileSettings;
  id: string;
}): Promise<Response> {
  const notFound = () =>
    new Response('No such log', { status: 404, headers: { 'cache-control': 'private, no-store' } });
  if (!scope || !/^[0-9a-f-]{36}$/i.test(id)) return notFound();
  try {
    assertOperator(scope);
  } catch {
    return notFound();
  }
  const log = await scopedDb(db, scope).chargerLogRequest.findFirst({ where: { id } });
  if (!log?.fileKey) return notFound();
  const file = await files.store.get(log.fileKey);
  if (!file) return notFound();
  return new Response(Readable.toWeb(file.body) as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(file.size),
      'content-disposition': `attachment; filename="${log.fileName ?? 'log'}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

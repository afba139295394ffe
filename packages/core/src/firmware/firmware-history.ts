import type { Db } from '@magma/db';
import type { z } from 'zod';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { operatorCharger } from './charger.ts';
import { firmwareHistoryInput } from './schemas.ts';

/** A charger's last 20 firmware requests, each with every status it reported, newest first. */
export async function firmwareHistory({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof firmwareHistoryInput>;
}) {
  const { chargerId } = firmwareHistoryInput.parse(input);
  const charger = await operatorCharger(db, scope, chargerId);
  const sdb = scopedDb(db, scope);
  const requests = await sdb.firmwareRequest.findMany({
    where: { chargerId },
    orderBy: { createdAt: 'desc' },
    take: 20,
  });
  const [events, images, unmatched] = await Promise.all([
    sdb.firmwareStatusEvent.findMany({
      where: { firmwareRequestId: { in: requests.map((r) => r.id) } },
      orderBy: { receivedAt: 'asc' },
    }),
    sdb.firmwareImage.findMany({
      where: { id: { in: requests.flatMap((r) => (r.imageId ? [r.imageId] : [])) } },
      select: { id: true, version: true },
    }),
    sdb.firmwareStatusEvent.findMany({
      where: { chargerId, firmwareRequestId: null },
      orderBy: { receivedAt: 'desc' },
      take: 10,
    }),
  ]);
  const versionOf = new Map(images.map((i) => [i.id, i.version]));
  return {
    protocol: charger.protocol,
    requests: requests.map((r) => ({
      requestId: r.requestId,
      kind: r.kind,
      action: r.action,
      imageVersion: r.imageId ? (versionOf.get(r.imageId) ?? null) : null,
      // The signed link is a credential while it lasts: the operator sees where it points, not the link.
      location: r.imageId ? null : r.location,
      retrieveAt: r.retrieveAt,
      installAt: r.installAt,
      retries: r.retries,
      retryInterval: r.retryInterval,
      signed: r.signed,
      answer: r.answer,
      status: r.status,
      finishedAt: r.finishedAt,
      unpublishedAt: r.unpublishedAt,
      createdAt: r.createdAt,
      steps: events
        .filter((e) => e.firmwareRequestId === r.id)
        .map((e) => ({ status: e.status, action: e.action, at: e.receivedAt })),
    })),
    unmatched: unmatched.map((e) => ({ status: e.status, action: e.action, requestId: e.requestId, at: e.receivedAt })),
  };
}

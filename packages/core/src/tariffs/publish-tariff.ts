import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import {
  publishTariffVersion,
  publishTariffVersionInput,
  type PublishedTariffVersion,
} from './publish-tariff-version.ts';

/** Clock skew between the editor and the server. */
const PAST_TOLERANCE_MS = 5 * 60_000;

export const publishTariffInput = publishTariffVersionInput.extend({
  /** The version the editor started from: publishing fails if someone published since. */
  baseVersion: z.number().int().min(0).optional(),
});

/**
 * An operator admin publishes a definition as the next version of a tariff of its tenant (or as a
 * new tariff). The version and its audit entry are written by publishTariffVersion; this checks
 * the scope first, so another tenant's tariff or site is not found rather than written.
 */
export async function publishTariff({
  db,
  scope,
  input,
  now,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof publishTariffInput>;
  now?: Date;
}): Promise<PublishedTariffVersion> {
  assertAdmin(scope);
  const data = publishTariffInput.parse(input);
  const at = (now ?? new Date()).getTime();
  if (data.activeFrom && data.activeFrom.getTime() < at - PAST_TOLERANCE_MS) {
    // Sessions already priced keep their version, so a backdated version would only confuse the history.
    throw new AppError('BAD_INPUT', 'A new version cannot take effect in the past');
  }
  const sdb = scopedDb(db, scope);
  if (data.tariffId) {
    const tariff = await sdb.tariff.findFirst({
      where: { id: data.tariffId },
      select: { archived: true, versions: { orderBy: { version: 'desc' }, take: 1, select: { version: true } } },
    });
    if (!tariff) throw new AppError('NOT_FOUND', 'No such tariff');
    if (tariff.archived) throw new AppError('CONFLICT', 'This tariff is archived: restore it before publishing');
    const latest = tariff.versions[0]?.version ?? 0;
    if (data.baseVersion !== undefined && data.baseVersion !== latest) {
      throw new AppError(
        'CONFLICT',
        `Version ${latest} was published while you edited: reload to see it, then publish again`,
      );
    }
  } else if (data.siteId) {
    const site = await sdb.site.findFirst({ where: { id: data.siteId }, select: { id: true } });
    if (!site) throw new AppError('NOT_FOUND', 'No such site');
  }
  return publishTariffVersion({
    db,
    tenantId: scope.tenantId,
    tariffId: data.tariffId,
    name: data.name,
    description: data.description,
    siteId: data.siteId,
    connectorType: data.connectorType,
    priority: data.priority,
    definition: data.definition,
    activeFrom: data.activeFrom,
    publishedById: scope.userId,
    now,
  });
}

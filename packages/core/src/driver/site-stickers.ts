import type { ConnectorType, Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { newShortCode } from '../seed/short-code.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { canOperate, type Scope } from '../tenancy/scope.ts';

export type Sticker = {
  connectorRowId: string;
  chargerIdentity: string;
  evseId: number;
  type: ConnectorType;
  maxPowerKw: number | null;
  shortCode: string;
  /** Path on the tenant's host: /c/{shortCode}. */
  path: string;
  /** The long form, printed under the code for drivers who type it: /c/{identity}/{evse}. */
  longPath: string;
};

/**
 * Everything a sheet of QR stickers for one site needs. A connector without a short code (one a
 * charger reported after the seed) gets one here, so every printed sticker has a short URL.
 */
export async function getSiteStickers({ db, scope, siteId }: { db: Db; scope: Scope; siteId: string }) {
  if (!canOperate(scope) && scope.role !== 'VENDOR_USER') throw new AppError('FORBIDDEN', 'Not allowed');
  if (!/^[0-9a-f-]{36}$/i.test(siteId)) throw new AppError('NOT_FOUND', 'No such site');
  const sdb = scopedDb(db, scope);
  const site = await sdb.site.findFirst({ where: { id: siteId } });
  if (!site) throw new AppError('NOT_FOUND', 'No such site');
  const connectors = await sdb.connector.findMany({
    where: { charger: { siteId } },
    include: { charger: { select: { identity: true, maxPowerKw: true } } },
    orderBy: [{ charger: { identity: 'asc' } }, { evseId: 'asc' }, { connectorId: 'asc' }],
  });
  const stickers: Sticker[] = [];
  for (const c of connectors) {
    let code = c.shortCode;
    for (let attempt = 0; !code && attempt < 5; attempt++) {
      const candidate = newShortCode();
      const set = await sdb.connector
        .updateMany({ where: { id: c.id, shortCode: null }, data: { shortCode: candidate } })
        .catch(() => ({ count: 0 }));
      if (set.count) code = candidate;
      else
        code = (await sdb.connector.findFirst({ where: { id: c.id }, select: { shortCode: true } }))?.shortCode ?? null;
    }
    if (!code) continue;
    const power = c.maxPowerKw ?? c.charger.maxPowerKw;
    stickers.push({
      connectorRowId: c.id,
      chargerIdentity: c.charger.identity,
      evseId: c.evseId,
      type: c.type,
      maxPowerKw: power === null ? null : Number(power),
      shortCode: code,
      path: `/c/${code}`,
      longPath: `/c/${encodeURIComponent(c.charger.identity)}/${c.evseId}`,
    });
  }
  return { site: { id: site.id, name: site.name, address: site.address, city: site.city }, stickers };
}

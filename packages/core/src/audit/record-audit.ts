import type { Prisma } from '@magma/db';
import type { Scope } from '../tenancy/scope.ts';

export type AuditEntry = {
  /** `<entity>.<what happened>`, e.g. `site.updated`, `charger.command_sent`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
};

type AuditWriter = { auditLog: { create: (args: { data: Prisma.AuditLogUncheckedCreateInput }) => unknown } };

/**
 * Appends one entry to the tenant's audit log: who (the scope's user) did what to which row. Pass
 * the transaction client of the change itself, so the entry commits with it or not at all.
 */
export async function recordAudit(client: AuditWriter, scope: Scope, entry: AuditEntry): Promise<void> {
  await client.auditLog.create({
    data: {
      tenantId: scope.tenantId,
      actorUserId: scope.userId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: entry.before,
      after: entry.after,
    },
  });
}

/** JSON-safe copy of a value for the log (dates as ISO strings, bigints as strings). */
function jsonValue(v: unknown): Prisma.InputJsonValue | null {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'object')
    return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
  return v as Prisma.InputJsonValue;
}

/** The fields named in `keys` whose value changed, before and after: what an update entry records. */
export function changes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  keys: readonly string[],
): { before: Prisma.InputJsonObject; after: Prisma.InputJsonObject } {
  const b: Record<string, Prisma.InputJsonValue | null> = {};
  const a: Record<string, Prisma.InputJsonValue | null> = {};
  for (const k of keys) {
    const [x, y] = [jsonValue(before[k]), jsonValue(after[k])];
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    b[k] = x;
    a[k] = y;
  }
  return { before: b, after: a };
}

import { Prisma, type ChargerCommandModel, type Db, type LocalListSendModel } from '@magma/db';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { Bus } from '../bus/types.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { AppError } from '../errors/app-error.ts';
import { MANAGED_TOKEN_TYPES } from '../id-tokens/id-tokens.ts';
import { ID_TOKEN_TYPE_201, MAX_LOCAL_LIST } from '../id-tokens/local-list.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { readLocalListLimits } from './list-limits.ts';
import {
  applyPart,
  diffEntries,
  fitsProtocol,
  listParts,
  type ListChange,
  type ListEntry,
  type LocalListLimits,
  type Protocol,
} from './payloads.ts';

// The operator's local authorization list per charger: which of the tenant's id tokens it holds,
// sent Full or as the changes since the version it accepted, the empty Full list that clears it,
// GetLocalListVersion and ClearCache. Every call is an ordinary command (in the charger's command
// log); the list's versions, the entries the charger accepted and each send's answer are kept in
// ChargerLocalList and LocalListSend. Operators send; a vendor user sees the state of its own
// chargers. The charger is always looked up through the scope first.

export const LOCAL_LIST_MODES = ['FULL', 'CHANGES', 'CLEAR'] as const;
export type LocalListMode = (typeof LOCAL_LIST_MODES)[number];

export const sendLocalListInput = z.object({
  chargerId: z.uuid(),
  mode: z.enum(LOCAL_LIST_MODES),
  /** The id tokens the charger should hold (ignored for CLEAR). */
  idTokenIds: z.array(z.uuid()).max(MAX_LOCAL_LIST).default([]),
});

export type CommandReply = Pick<ChargerCommandModel, 'id' | 'action' | 'status' | 'response' | 'error'>;

export type LocalListSendResult = {
  send: LocalListSendModel;
  replies: CommandReply[];
  /** Tokens a 1.6 charger cannot hold (longer than 20 characters), left out. */
  note?: string;
};

export type LocalListState = {
  chargerId: string;
  protocol: Protocol;
  sentVersion: number;
  acceptedVersion: number | null;
  reportedVersion: number | null;
  reportedAt: Date | null;
  entries: ListEntry[];
  limits: LocalListLimits;
  /** The last send was answered VersionMismatch: the charger needs the Full list. */
  needsFull: boolean;
  sends: LocalListSendModel[];
};

async function findCharger(db: Db, scope: Scope, chargerId: string) {
  const charger = await scopedDb(db, scope).charger.findFirst({
    where: { id: z.uuid().parse(chargerId) },
    select: { id: true, protocol: true, identity: true },
  });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  return charger;
}

function entriesOf(json: unknown): ListEntry[] {
  return Array.isArray(json) ? (json as ListEntry[]) : [];
}

export async function getLocalList({
  db,
  scope,
  chargerId,
}: {
  db: Db;
  scope: Scope;
  chargerId: string;
}): Promise<LocalListState> {
  const charger = await findCharger(db, scope, chargerId);
  // The rows are the operator's (vendor scope denies them): read by the charger just found in scope.
  const [row, sends, limits] = await Promise.all([
    db.chargerLocalList.findFirst({ where: { chargerId: charger.id, tenantId: scope.tenantId } }),
    db.localListSend.findMany({
      where: { chargerId: charger.id, tenantId: scope.tenantId },
      orderBy: { createdAt: 'desc' },
      take: 10,
    }),
    readLocalListLimits({ db, chargerId: charger.id, protocol: charger.protocol }),
  ]);
  return {
    chargerId: charger.id,
    protocol: charger.protocol,
    sentVersion: row?.sentVersion ?? 0,
    acceptedVersion: row?.acceptedVersion ?? null,
    reportedVersion: row?.reportedVersion ?? null,
    reportedAt: row?.reportedAt ?? null,
    entries: entriesOf(row?.entries),
    limits,
    needsFull: sends[0]?.outcome === 'VersionMismatch',
    sends,
  };
}

/** The tenant's cards an operator may put on a list, by a part of the token or label. */
export async function searchListTokens({
  db,
  scope,
  query,
}: {
  db: Db;
  scope: Scope;
  query: string;
}): Promise<{ id: string; token: string; label: string | null; type: string; status: string }[]> {
  assertOperator(scope);
  const q = z.string().trim().max(36).parse(query);
  return scopedDb(db, scope).idToken.findMany({
    where: {
      type: { in: [...MANAGED_TOKEN_TYPES] },
      ...(q
        ? {
            OR: [{ token: { contains: q, mode: 'insensitive' } }, { label: { contains: q, mode: 'insensitive' } }],
          }
        : {}),
    },
    orderBy: [{ token: 'asc' }],
    take: 20,
    select: { id: true, token: true, label: true, type: true, status: true },
  });
}

async function wantedEntries(db: Db, scope: Scope, ids: readonly string[]): Promise<ListEntry[]> {
  if (!ids.length) return [];
  const tokens = await scopedDb(db, scope).idToken.findMany({
    where: { id: { in: [...new Set(ids)] }, type: { in: [...MANAGED_TOKEN_TYPES] } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, token: true, type: true, status: true, expiresAt: true, parentToken: true },
  });
  if (tokens.length !== new Set(ids).size) throw new AppError('NOT_FOUND', 'Some of those id tokens do not exist');
  return tokens.map((t) => ({
    idTokenId: t.id,
    token: t.token,
    type: t.type,
    status: t.status,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    parentToken: t.parentToken,
  }));
}

/** Reserves `count` version numbers above any the charger has or was sent; returns the first. */
async function reserveVersions(db: Db, tenantId: string, chargerId: string, count: number): Promise<number> {
  await db.chargerLocalList.upsert({ where: { chargerId }, create: { tenantId, chargerId }, update: {} });
  const [row] = await db.$queryRaw<{ sentVersion: number }[]>(Prisma.sql`
    UPDATE "ChargerLocalList"
       SET "sentVersion" = GREATEST("sentVersion", COALESCE("reportedVersion", 0), COALESCE("acceptedVersion", 0)) + ${count},
           "updatedAt" = now()
     WHERE "chargerId" = ${chargerId}::uuid
    RETURNING "sentVersion"`);
  return row!.sentVersion - count + 1;
}

async function send(
  args: { db: Db; bus: Bus; scope: Scope; chargerId: string; timeoutMs?: number },
  action: string,
  payload: Record<string, unknown>,
): Promise<ChargerCommandModel> {
  const { db, bus, scope, chargerId, timeoutMs } = args;
  try {
    return await sendChargerCommand({
      db,
      bus,
      tenantId: scope.tenantId,
      chargerId,
      action,
      payload,
      requestedById: scope.userId,
      source: 'dashboard',
      timeoutMs,
    });
  } catch (e) {
    // An offline charger is an answer the operator sees; the attempt is recorded.
    const commandId =
      AppError.is(e) && e.code === 'CHARGER_OFFLINE'
        ? (e.details as { commandId?: string } | undefined)?.commandId
        : undefined;
    if (!commandId) throw e;
    return db.chargerCommand.findUniqueOrThrow({ where: { id: commandId } });
  }
}

const reply = (r: ChargerCommandModel): CommandReply => ({
  id: r.id,
  action: r.action,
  status: r.status,
  response: r.response,
  error: r.error,
});

/** Accepted, Failed, NotSupported, VersionMismatch, or how the command itself ended. */
function outcomeOf(row: ChargerCommandModel): string {
  const status = (row.response as { status?: unknown } | null)?.status;
  return row.status === 'RESPONDED' && typeof status === 'string' ? status : row.status;
}

export async function sendLocalList({
  db,
  bus,
  scope,
  input,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: z.input<typeof sendLocalListInput>;
  timeoutMs?: number;
}): Promise<LocalListSendResult> {
  assertOperator(scope);
  const { chargerId, mode, idTokenIds } = sendLocalListInput.parse(input);
  const charger = await findCharger(db, scope, chargerId);
  const protocol = charger.protocol;
  const all = mode === 'CLEAR' ? [] : await wantedEntries(db, scope, idTokenIds);
  const wanted = all.filter((e) => fitsProtocol(protocol, e.token));
  const skipped = all.filter((e) => !fitsProtocol(protocol, e.token)).map((e) => e.token);
  const limits = await readLocalListLimits({ db, chargerId, protocol });
  if (limits.maxEntries && wanted.length > limits.maxEntries)
    throw new AppError('BAD_INPUT', `This charger holds at most ${limits.maxEntries} list entries`);

  const state = await db.chargerLocalList.findUnique({ where: { chargerId } });
  const held = entriesOf(state?.entries);
  let changes: ListChange[];
  if (mode === 'CHANGES') {
    if (state?.acceptedVersion == null)
      throw new AppError('CONFLICT', 'The charger has accepted no list from us yet: send the full list');
    changes = diffEntries(held, wanted);
    if (!changes.length) throw new AppError('BAD_INPUT', `Nothing changed since version ${state.acceptedVersion}`);
  } else {
    changes = wanted.map((e) => ({ upsert: e }));
  }
  const updateType = mode === 'CHANGES' ? 'Differential' : 'Full';
  const removedTypes = new Map(held.map((e) => [e.token, ID_TOKEN_TYPE_201[e.type] ?? 'Central']));
  const now = new Date();
  const count = listParts({ protocol, updateType, changes, firstVersion: 1, limits, now, removedTypes }).length;
  const firstVersion = await reserveVersions(db, scope.tenantId, chargerId, count);
  const parts = listParts({ protocol, updateType, changes, firstVersion, limits, now, removedTypes });

  await recordAudit(db, scope, {
    action: 'charger.command_sent',
    entityType: 'Charger',
    entityId: chargerId,
    after: { command: 'SendLocalList', mode, version: firstVersion, entries: wanted.length, parts: parts.length },
  });

  const rows: ChargerCommandModel[] = [];
  let list = held;
  let acceptedVersion: number | null = null;
  let outcome = 'Accepted';
  for (const part of parts) {
    const row = await send({ db, bus, scope, chargerId, timeoutMs }, 'SendLocalList', part.payload);
    rows.push(row);
    outcome = outcomeOf(row);
    if (outcome !== 'Accepted') break;
    list = applyPart(list, part);
    acceptedVersion = part.version;
  }
  const failedAt = outcome === 'Accepted' ? null : rows.length;
  const detail =
    failedAt && parts.length > 1
      ? `part ${failedAt} of ${parts.length}: ${outcome}${rows.at(-1)?.error ? ` (${rows.at(-1)!.error})` : ''}`
      : (rows.at(-1)?.error ?? null);

  const sendRow = await db.$transaction(async (tx) => {
    if (acceptedVersion !== null)
      await tx.chargerLocalList.updateMany({
        where: { chargerId, OR: [{ acceptedVersion: null }, { acceptedVersion: { lt: acceptedVersion } }] },
        data: { acceptedVersion, entries: list as unknown as Prisma.InputJsonArray },
      });
    return tx.localListSend.create({
      data: {
        tenantId: scope.tenantId,
        chargerId,
        mode,
        version: parts.at(-1)!.version,
        entryCount: wanted.length,
        parts: parts.length,
        outcome,
        detail,
        commandIds: rows.map((r) => r.id),
        requestedById: scope.userId,
      },
    });
  });
  return {
    send: sendRow,
    replies: rows.map(reply),
    ...(skipped.length
      ? {
          note: `Left out ${skipped.length} token(s) longer than OCPP 1.6 allows (20): ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}`,
        }
      : {}),
  };
}

/** Asks the charger which list version it holds and keeps the answer. */
export async function getLocalListVersion({
  db,
  bus,
  scope,
  chargerId,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  chargerId: string;
  timeoutMs?: number;
}): Promise<{ reply: CommandReply; version: number | null }> {
  assertOperator(scope);
  const charger = await findCharger(db, scope, chargerId);
  const row = await send({ db, bus, scope, chargerId: charger.id, timeoutMs }, 'GetLocalListVersion', {});
  const body = (row.response ?? {}) as { listVersion?: unknown; versionNumber?: unknown };
  const raw = charger.protocol === 'OCPP16' ? body.listVersion : body.versionNumber;
  const version = row.status === 'RESPONDED' && Number.isInteger(raw) ? (raw as number) : null;
  if (version !== null) {
    await db.chargerLocalList.upsert({
      where: { chargerId: charger.id },
      create: { tenantId: scope.tenantId, chargerId: charger.id, reportedVersion: version, reportedAt: new Date() },
      update: { reportedVersion: version, reportedAt: new Date() },
    });
  }
  return { reply: reply(row), version };
}

/** ClearCache: the charger forgets the tokens it cached from earlier authorizations. */
export async function clearAuthorizationCache({
  db,
  bus,
  scope,
  chargerId,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  chargerId: string;
  timeoutMs?: number;
}): Promise<{ reply: CommandReply }> {
  assertOperator(scope);
  const charger = await findCharger(db, scope, chargerId);
  await recordAudit(db, scope, {
    action: 'charger.command_sent',
    entityType: 'Charger',
    entityId: charger.id,
    after: { command: 'ClearCache' },
  });
  return { reply: reply(await send({ db, bus, scope, chargerId: charger.id, timeoutMs }, 'ClearCache', {})) };
}

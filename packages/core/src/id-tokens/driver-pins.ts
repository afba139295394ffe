import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { Prisma, type Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { containsText } from '../search/like-pattern.ts';
import { afterCursor, cursorPageFields, pageOf } from '../pagination/cursor-page.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, assertOperator, type Scope } from '../tenancy/scope.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { pinLookupOf, storedPinOf } from '../driver/driver-pin.ts';
import { pinValue } from '../driver/driver-session-input.ts';

// Driver PINs as the operator manages them: each holder (a fleet driver, a guest) is an IdToken of
// type PIN, started with on the connector page instead of paying (startPinSession). A PIN is shown
// once, in the answer to the admin who issued or re-set it; only its hash and its lookup are
// stored, and no PIN ever goes into the audit log or a listing.
//
// Reading the holders is for operator staff and admins (like the cards, whose list staff see);
// issuing, re-setting and blocking are for admins, as registering and blocking cards are. Vendor
// users never see them: a PIN charges on every charger of the tenant, not on a vendor's.

/** A token id the driver flow sends to the charger as idTag: OCPP 1.6 allows at most 20 characters. */
const pinTokenId = z
  .string()
  .trim()
  .max(20, 'A PIN holder id is at most 20 characters (what an OCPP 1.6 charger accepts)')
  .regex(/^[\x21-\x7e]*$/, 'Letters, digits and symbols only, without spaces')
  .optional()
  .transform((v) => v || undefined);

/** Typed by the admin, or empty: a PIN is generated. */
const chosenPin = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .pipe(pinValue.optional());

const holderLabel = z.string().trim().min(1, 'Enter who holds the PIN, e.g. the driver’s name').max(80);

export const listDriverPinsInput = z.object({
  q: z.string().trim().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  /** The previous page's `nextCursor`; absent: the newest holders. */
  cursor: cursorPageFields.cursor,
});

export const issueDriverPinInput = z.object({
  label: holderLabel,
  token: pinTokenId,
  pin: chosenPin,
  expiresAt: z.coerce.date().optional().nullable(),
});

export const resetDriverPinInput = z.object({ id: z.uuid(), pin: chosenPin });

export const updateDriverPinInput = z.object({
  id: z.uuid(),
  patch: z.object({
    status: z.enum(['ACCEPTED', 'BLOCKED']).optional(),
    label: holderLabel.optional(),
    /** Absent: unchanged; null: never expires. */
    expiresAt: z.coerce.date().nullable().optional(),
  }),
});

const listed = {
  id: true,
  token: true,
  status: true,
  label: true,
  expiresAt: true,
  createdAt: true,
  pinLookup: true,
  _count: { select: { transactions: true } },
} as const;

type Listed = Prisma.IdTokenGetPayload<{ select: typeof listed }>;

/** A holder as the operator sees it. `pinSet` false: a PIN stored before lookups, unusable until re-set. */
function view({ _count, pinLookup, ...holder }: Listed) {
  return { ...holder, pinSet: pinLookup !== null, sessions: _count.transactions };
}

export type DriverPinHolder = ReturnType<typeof view>;

const auditFields = (h: { token: string; status: string; label: string | null; expiresAt: Date | null }) => ({
  token: h.token,
  status: h.status,
  label: h.label,
  expiresAt: h.expiresAt?.toISOString() ?? null,
});

/** The tenant's PIN holders, newest first. */
export async function listDriverPins({
  db,
  scope,
  input = {},
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listDriverPinsInput>;
}) {
  assertOperator(scope);
  const { q, limit, cursor } = listDriverPinsInput.parse(input);
  const sdb = scopedDb(db, scope);
  const where: Prisma.IdTokenWhereInput = {
    type: 'PIN',
    ...(q
      ? {
          OR: [{ token: containsText(q) }, { label: containsText(q) }],
        }
      : {}),
  };
  const after = afterCursor(cursor, { field: 'createdAt', dir: 'desc', kind: 'date' }) as Prisma.IdTokenWhereInput;
  const [rows, total] = await Promise.all([
    sdb.idToken.findMany({
      where: { AND: [where, after] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      select: listed,
    }),
    sdb.idToken.count({ where }),
  ]);
  // `total` counts every holder the filter matches; `nextCursor` continues after this page's last one.
  const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
  return { holders: page.items.map(view), total, nextCursor: page.nextCursor };
}

/**
 * A PIN nobody would guess first: not one digit repeated (000000) and not a run (123456, 4321).
 * The connector page allows a few wrong PINs per tenant each quarter hour; those go to such PINs.
 */
export function isGuessablePin(pin: string): boolean {
  const d = [...pin].map(Number);
  const steps = new Set(d.slice(1).map((x, i) => x - d[i]!));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0]!);
}

/** A scoped client or its transaction: every query below is the tenant's. */
type Client = Prisma.TransactionClient;

const TOKEN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const ATTEMPTS = 20;

function randomTokenId(): string {
  return `PIN-${Array.from({ length: 6 }, () => TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)]).join('')}`;
}

async function tokenTaken(sdb: Client, token: string): Promise<boolean> {
  return (await sdb.idToken.count({ where: { tokenKey: token.toUpperCase() } })) > 0;
}

/** Whether a token of the tenant has `pin` (a holder's own current PIN counts). */
async function pinTaken(sdb: Client, scope: Scope, pinLookupKey: string, pin: string): Promise<boolean> {
  const pinLookup = pinLookupOf({ tenantId: scope.tenantId, pin, pinLookupKey });
  return (await sdb.idToken.count({ where: { pinLookup } })) > 0;
}

async function freeTokenId(sdb: Client): Promise<string> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const token = randomTokenId();
    if (!(await tokenTaken(sdb, token))) return token;
  }
  throw new AppError('CONFLICT', 'No free PIN holder id was found: try again');
}

/** Six random digits no token of the tenant has (the holder's own current PIN included). */
async function freePin(sdb: Client, scope: Scope, pinLookupKey: string): Promise<string> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const pin = String(randomInt(1_000_000)).padStart(6, '0');
    if (isGuessablePin(pin)) continue;
    if (!(await pinTaken(sdb, scope, pinLookupKey, pin))) return pin;
  }
  throw new AppError('CONFLICT', 'No free PIN was found: try again');
}

function assertUsablePin(pin: string) {
  if (isGuessablePin(pin))
    throw new AppError('BAD_INPUT', 'That PIN is too easy to guess (one digit repeated, or a run like 1234)');
}

const isDuplicate = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';

/**
 * Runs `attempt`, which picks any id or PIN not given and writes it. Two admins can pick the same
 * free id or PIN at once: the unique indexes refuse the second write, and a generated choice is then
 * drawn again; a typed one is a conflict.
 */
async function withFreshChoice<T>(generated: boolean, attempt: () => Promise<T>, conflict: string): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isDuplicate(e)) throw e;
      if (!generated || i >= 2) throw new AppError('CONFLICT', conflict);
    }
  }
}

/** Issues a PIN to a new holder. The PIN (typed or generated) is in the answer, and nowhere else. */
export async function issueDriverPin({
  db,
  scope,
  pinLookupKey,
  input,
}: {
  db: Db;
  scope: Scope;
  pinLookupKey: string;
  input: z.input<typeof issueDriverPinInput>;
}) {
  assertAdmin(scope);
  const data = issueDriverPinInput.parse(input);
  const sdb = scopedDb(db, scope);
  if (data.pin) assertUsablePin(data.pin);
  if (data.token && (await tokenTaken(sdb, data.token)))
    throw new AppError('CONFLICT', `${data.token} is already registered (ids ignore case)`);
  if (data.pin && (await pinTaken(sdb, scope, pinLookupKey, data.pin)))
    throw new AppError('CONFLICT', 'Another holder already has this PIN: choose another, or leave it empty');

  return withFreshChoice(
    !data.token || !data.pin,
    async () => {
      const token = data.token ?? (await freeTokenId(sdb));
      const pin = data.pin ?? (await freePin(sdb, scope, pinLookupKey));
      const stored = await storedPinOf({ tenantId: scope.tenantId, pin, pinLookupKey });
      const holder = await sdb.$transaction(async (tx) => {
        const created = await tx.idToken.create({
          data: {
            tenantId: scope.tenantId,
            type: 'PIN',
            token,
            label: data.label,
            expiresAt: data.expiresAt ?? null,
            ...stored,
          },
          select: listed,
        });
        await recordAudit(tx, scope, {
          action: 'pin.issue',
          entityType: 'IdToken',
          entityId: created.id,
          after: { ...auditFields(created), pinSource: data.pin ? 'typed' : 'generated' },
        });
        return created;
      });
      return { holder: view(holder), pin };
    },
    'That id or PIN was just taken: try again',
  );
}

async function pinHolder(sdb: Client, id: string): Promise<Listed> {
  const holder = await sdb.idToken.findFirst({ where: { id, type: 'PIN' }, select: listed });
  if (!holder) throw new AppError('NOT_FOUND', 'No such PIN holder');
  return holder;
}

/** Gives a holder a new PIN: the old one stops working at once. The new PIN is in the answer only. */
export async function resetDriverPin({
  db,
  scope,
  pinLookupKey,
  input,
}: {
  db: Db;
  scope: Scope;
  pinLookupKey: string;
  input: z.input<typeof resetDriverPinInput>;
}) {
  assertAdmin(scope);
  const { id, pin: typed } = resetDriverPinInput.parse(input);
  const sdb = scopedDb(db, scope);
  const before = await pinHolder(sdb, id);
  if (typed) {
    assertUsablePin(typed);
    const pinLookup = pinLookupOf({ tenantId: scope.tenantId, pin: typed, pinLookupKey });
    if ((await sdb.idToken.count({ where: { pinLookup, id: { not: id } } })) > 0)
      throw new AppError('CONFLICT', 'Another holder already has this PIN: choose another, or leave it empty');
  }

  return withFreshChoice(
    !typed,
    async () => {
      const pin = typed ?? (await freePin(sdb, scope, pinLookupKey));
      const stored = await storedPinOf({ tenantId: scope.tenantId, pin, pinLookupKey });
      const holder = await sdb.$transaction(async (tx) => {
        await tx.idToken.updateMany({ where: { id, type: 'PIN' }, data: stored });
        const after = await pinHolder(tx, id);
        await recordAudit(tx, scope, {
          action: 'pin.reset',
          entityType: 'IdToken',
          entityId: id,
          before: auditFields(before),
          after: { ...auditFields(after), pinSource: typed ? 'typed' : 'generated' },
        });
        return after;
      });
      return { holder: view(holder), pin };
    },
    'That PIN was just given to another holder: try again',
  );
}

/** Blocks or unblocks a holder, renames it, or changes when its PIN expires. */
export async function updateDriverPin({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof updateDriverPinInput>;
}) {
  assertAdmin(scope);
  const { id, patch } = updateDriverPinInput.parse(input);
  const data: Prisma.IdTokenUpdateManyMutationInput = {
    ...(patch.status ? { status: patch.status } : {}),
    ...(patch.label !== undefined ? { label: patch.label } : {}),
    ...(patch.expiresAt !== undefined ? { expiresAt: patch.expiresAt } : {}),
  };
  return scopedDb(db, scope).$transaction(async (tx) => {
    const before = await pinHolder(tx, id);
    await tx.idToken.updateMany({ where: { id, type: 'PIN' }, data });
    const after = await pinHolder(tx, id);
    const action =
      patch.status && patch.status !== before.status
        ? patch.status === 'BLOCKED'
          ? 'pin.block'
          : 'pin.unblock'
        : 'pin.update';
    await recordAudit(tx, scope, {
      action,
      entityType: 'IdToken',
      entityId: id,
      before: auditFields(before),
      after: auditFields(after),
    });
    return view(after);
  });
}

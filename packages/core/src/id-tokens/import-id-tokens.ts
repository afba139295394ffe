import { z } from 'zod';
import { Prisma, type Db } from '@magma/db';
import { localToUtc } from '@magma/tariff';
import { parseCsv } from '../chargers/parse-csv.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { MANAGED_TOKEN_TYPES, createIdTokenInput } from './id-tokens.ts';

// Cards in bulk from CSV, as a card supplier or an old system exports them. Every row is checked
// first; if any is wrong nothing is written and every problem is reported with its line.
//
// Columns (header row required, order free): token (required), label, group, type (RFID,
// ISO15693, CONTRACT, CENTRAL, LOCAL; default RFID), expires (YYYY-MM-DD in the operator's time
// zone: the card stops working when that day starts).

export const MAX_CARD_IMPORT_BYTES = 1_000_000;
export const MAX_CARD_IMPORT_ROWS = 5_000;

export const importIdTokensInput = z.object({
  csv: z.string().min(1, 'The CSV file is empty').max(MAX_CARD_IMPORT_BYTES, 'The CSV file is larger than 1 MB'),
});

export type ImportCardError = { line: number; token?: string; message: string };

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

export async function importIdTokensCsv({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof importIdTokensInput>;
}): Promise<{ created: number; errors: ImportCardError[] }> {
  assertAdmin(scope);
  const { csv } = importIdTokensInput.parse(input);
  const rows = parseCsv(csv);
  const header = rows.shift();
  if (!header) throw new AppError('BAD_INPUT', 'The CSV file is empty');
  if (rows.length > MAX_CARD_IMPORT_ROWS)
    throw new AppError(
      'BAD_INPUT',
      `The file lists ${rows.length} cards; import at most ${MAX_CARD_IMPORT_ROWS} at a time`,
    );
  const columns = header.cells.map((c) => c.trim().toLowerCase());
  if (!columns.includes('token')) throw new AppError('BAD_INPUT', 'The CSV header lacks the column: token');

  const sdb = scopedDb(db, scope);
  const tenant = await sdb.tenant.findFirstOrThrow({ select: { timezone: true } });
  const errors: ImportCardError[] = [];
  const cards: z.output<typeof createIdTokenInput>[] = [];
  const seen = new Map<string, number>();

  for (const { line, cells } of rows) {
    const record = Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
    const token = blank(record.token);
    const fail = (message: string) => errors.push({ line, token, message });
    const type = blank(record.type)?.toUpperCase() ?? 'RFID';
    if (!(MANAGED_TOKEN_TYPES as readonly string[]).includes(type))
      fail(`type: '${record.type}' is not one of ${MANAGED_TOKEN_TYPES.join(', ')}`);
    let expiresAt: Date | undefined;
    const expires = blank(record.expires);
    if (expires) {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expires);
      const local = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
      if (!m || new Date(local).toISOString().slice(0, 10) !== expires)
        fail(`expires: '${expires}' is not a YYYY-MM-DD date`);
      else expiresAt = new Date(localToUtc(tenant.timezone, local));
    }
    const parsed = createIdTokenInput.safeParse({
      token: token ?? '',
      type: (MANAGED_TOKEN_TYPES as readonly string[]).includes(type) ? type : 'RFID',
      label: blank(record.label),
      parentToken: blank(record.group),
      expiresAt,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fail(`${issue.path.join('.') || 'row'}: ${issue.message}`);
      continue;
    }
    const key = parsed.data.token.toUpperCase();
    const first = seen.get(key);
    if (first) fail(`token: the same card as line ${first} (ids ignore case)`);
    else seen.set(key, line);
    cards.push(parsed.data);
  }

  // Already registered: compared as PostgreSQL compares them (the generated upper(token) key).
  const taken = await db.$queryRaw<{ token: string; key: string }[]>`
    SELECT token, "tokenKey" AS key FROM "IdToken"
    WHERE "tenantId" = ${scope.tenantId}::uuid AND "tokenKey" = ANY (SELECT upper(t) FROM unnest(${cards.map((c) => c.token)}::text[]) t)`;
  for (const t of taken) {
    errors.push({ line: seen.get(t.key) ?? 0, token: t.token, message: `token: ${t.token} is already registered` });
  }
  if (errors.length) return { created: 0, errors: errors.sort((a, b) => a.line - b.line) };

  try {
    return await db.$transaction(async (tx) => {
      const { count } = await tx.idToken.createMany({ data: cards.map((c) => ({ ...c, tenantId: scope.tenantId })) });
      await tx.auditLog.create({
        data: {
          tenantId: scope.tenantId,
          actorUserId: scope.userId,
          action: 'idToken.import',
          entityType: 'IdToken',
          after: { created: count, tokens: cards.slice(0, 50).map((c) => c.token) },
        },
      });
      return { created: count, errors: [] };
    });
  } catch (e) {
    // Registered by someone else between the check and the write: nothing was written.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')
      throw new AppError('CONFLICT', 'A card in the file was registered meanwhile; nothing was imported, try again');
    throw e;
  }
}

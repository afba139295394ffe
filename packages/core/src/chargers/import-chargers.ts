import type { Db } from '@magma/db';
import { z } from 'zod';
import { hashSecret } from '../auth/password.ts';
import { AppError } from '../errors/app-error.ts';
import { parseCsv } from './parse-csv.ts';

// Bulk onboarding from CSV. Every row is validated first; if any row is wrong nothing is
// written and every problem is reported with its line, so the file can be fixed in one pass.
//
// Columns (header row required, order free): identity, protocol, site, connectors, password,
// securityProfile, maxPowerKw, vendorName, model. `connectors` is a count ("2") or a list of
// connector types with optional kW ("CCS2:60;TYPE2:22"); `site` is an existing site's name.

const CONNECTOR_TYPES = ['CCS2', 'CHADEMO', 'TYPE2', 'TYPE1', 'GBT', 'BHARAT_AC001', 'BHARAT_DC001', 'OTHER'] as const;

const protocolSchema = z
  .string()
  .trim()
  .transform((v) => v.toLowerCase().replaceAll(/[^a-z0-9]/g, ''))
  .pipe(z.enum(['ocpp16', 'ocpp16j', 'ocpp201'], { error: 'protocol must be ocpp1.6 or ocpp2.0.1' }))
  .transform((v) => (v === 'ocpp201' ? ('OCPP201' as const) : ('OCPP16' as const)));

const connectorsSchema = z
  .string()
  .trim()
  .min(1, 'connectors is required')
  .transform((v, ctx) => {
    if (/^\d+$/.test(v)) {
      const n = Number(v);
      if (n < 1 || n > 16) ctx.addIssue({ code: 'custom', message: 'connectors must be between 1 and 16' });
      return Array.from({ length: n }, () => ({ type: 'CCS2' as const, maxPowerKw: null as number | null }));
    }
    return v.split(';').map((part) => {
      const [rawType = '', kw] = part.trim().split(':');
      const type = rawType.trim().toUpperCase() as (typeof CONNECTOR_TYPES)[number];
      if (!CONNECTOR_TYPES.includes(type))
        ctx.addIssue({
          code: 'custom',
          message: `unknown connector type '${rawType}' (use ${CONNECTOR_TYPES.join(', ')})`,
        });
      const maxPowerKw = kw === undefined || kw.trim() === '' ? null : Number(kw);
      if (maxPowerKw !== null && !(maxPowerKw > 0 && maxPowerKw <= 1000))
        ctx.addIssue({ code: 'custom', message: `invalid connector power '${kw}'` });
      return { type, maxPowerKw };
    });
  });

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const chargerRowSchema = z.object({
  identity: z
    .string()
    .trim()
    .min(1, 'identity is required')
    .max(48, 'identity is longer than 48 characters')
    .regex(/^[A-Za-z0-9*\-_=+|@.]+$/, 'identity may only hold letters, digits and *-_=+|@.'),
  protocol: protocolSchema,
  site: optional,
  connectors: connectorsSchema,
  password: optional.pipe(
    z
      .string()
      .min(16, 'password must be at least 16 characters')
      .max(40, 'password must be at most 40 characters')
      .optional(),
  ),
  securityProfile: optional.pipe(z.coerce.number<string | undefined>().int().min(0).max(2).optional()),
  maxPowerKw: optional.pipe(z.coerce.number<string | undefined>().positive().max(10_000).optional()),
  vendorName: optional,
  model: optional,
});

export type ChargerRow = z.output<typeof chargerRowSchema>;
export type ImportRowError = { line: number; identity?: string; message: string };
export type ImportChargersResult = { created: number; errors: ImportRowError[] };

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function importChargers({
  db,
  tenantId,
  csv,
  maxRows,
}: {
  db: Db;
  tenantId: string;
  csv: string;
  /** Refuse files with more chargers than this (the dashboard's upload; the CLI takes any size). */
  maxRows?: number;
}): Promise<ImportChargersResult> {
  const rows = parseCsv(csv);
  const header = rows.shift();
  if (!header) throw new AppError('BAD_INPUT', 'The CSV file is empty');
  if (maxRows !== undefined && rows.length > maxRows)
    throw new AppError(
      'BAD_INPUT',
      `The file lists ${rows.length} chargers; upload at most ${maxRows} at a time (split the file, or use npm run chargers -- import)`,
    );
  const columns = header.cells.map((c) => c.trim());
  const missing = ['identity', 'protocol', 'connectors'].filter((c) => !columns.includes(c));
  if (missing.length) throw new AppError('BAD_INPUT', `The CSV header lacks column(s): ${missing.join(', ')}`);

  const sites = await db.site.findMany({ where: { tenantId }, select: { id: true, name: true, vendorId: true } });
  const siteByName = new Map(sites.map((s) => [s.name.trim().toLowerCase(), s]));
  const errors: ImportRowError[] = [];
  const valid: { line: number; row: ChargerRow; site: (typeof sites)[number] | undefined }[] = [];
  const seen = new Map<string, number>();

  for (const { line, cells } of rows) {
    const record = Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
    const parsed = chargerRowSchema.safeParse(record);
    const identity = record.identity?.trim() || undefined;
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ line, identity, message: `${issue.path.join('.') || 'row'}: ${issue.message}` });
      continue;
    }
    const row = parsed.data;
    const site = row.site ? siteByName.get(row.site.toLowerCase()) : undefined;
    if (row.site && !site) errors.push({ line, identity, message: `site: no site named '${row.site}' in this tenant` });
    const first = seen.get(row.identity);
    if (first) errors.push({ line, identity, message: `identity: duplicate of line ${first}` });
    seen.set(row.identity, line);
    valid.push({ line, row, site });
  }

  // Identities are unique per tenant: another tenant's charger with the same identity is no conflict.
  const taken = await db.charger.findMany({
    where: { tenantId, identity: { in: [...seen.keys()] } },
    select: { identity: true },
  });
  for (const t of taken)
    errors.push({
      line: seen.get(t.identity) ?? 0,
      identity: t.identity,
      message: 'identity: a charger with this identity already exists in this network',
    });
  if (errors.length) return { created: 0, errors: errors.sort((a, b) => a.line - b.line) };

  const hashes = await Promise.all(
    valid.map(({ row }) => (row.password ? hashSecret(row.password) : Promise.resolve(null))),
  );
  // Rows go in by the few hundred (one statement per model and chunk), all in one transaction.
  await db.$transaction(
    async (tx) => {
      const chargerIds = new Map<string, string>();
      for (const part of chunks(valid.map((v, i) => ({ ...v, hash: hashes[i] ?? null })))) {
        const created = await tx.charger.createManyAndReturn({
          data: part.map(({ row, site, hash }) => ({
            tenantId,
            identity: row.identity,
            origin: 'IMPORT' as const,
            protocol: row.protocol,
            siteId: site?.id ?? null,
            vendorId: site?.vendorId ?? null,
            passwordHash: hash,
            securityProfile: row.securityProfile ?? (hash ? 1 : 0),
            maxPowerKw: row.maxPowerKw ?? null,
            vendorName: row.vendorName ?? null,
            model: row.model ?? null,
          })),
          select: { id: true, identity: true },
        });
        for (const c of created) chargerIds.set(c.identity, c.id);
      }
      const outlets = valid.flatMap(({ row }) =>
        row.connectors.map((c, n) => ({ chargerId: chargerIds.get(row.identity)!, evseId: n + 1, ...c })),
      );
      for (const part of chunks(outlets)) {
        const evses = await tx.evse.createManyAndReturn({
          data: part.map((o) => ({ tenantId, chargerId: o.chargerId, evseId: o.evseId, maxPowerKw: o.maxPowerKw })),
          select: { id: true, chargerId: true, evseId: true },
        });
        const evseRow = new Map(evses.map((e) => [`${e.chargerId}:${e.evseId}`, e.id]));
        await tx.connector.createMany({
          data: part.map((o) => ({
            tenantId,
            chargerId: o.chargerId,
            evseRowId: evseRow.get(`${o.chargerId}:${o.evseId}`)!,
            evseId: o.evseId,
            connectorId: 1,
            type: o.type,
            maxPowerKw: o.maxPowerKw,
          })),
        });
      }
    },
    { timeout: 120_000 },
  );
  return { created: valid.length, errors: [] };
}

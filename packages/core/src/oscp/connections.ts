import type { Db } from '@magma/db';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { siteInScope } from '../load-balancing/site-in-scope.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { webhookUrlProblem } from '../webhooks/send-webhook.ts';
import { keyringOf, sealOscpToken, type OscpSettings } from './tokens.ts';

// A grid operator's Capacity Provider for one site (#21): its name, OSCP version, base URL, the
// group id it names the site by (the site's top circuit is that group), and the token it gave us
// offline to register with (2.0) or to call it with (1.0). Operator admins only.

const token = z
  .string()
  .trim()
  .min(8, 'A token is at least 8 characters')
  .max(512, 'A token is at most 512 characters')
  .regex(/^[\x21-\x7e]+$/, 'A token is printable characters without spaces');

export const saveOscpConnectionInput = z.object({
  siteId: z.uuid(),
  /** Absent: a new connection. */
  id: z.uuid().optional(),
  name: z.string().trim().min(1, 'A name is required').max(100),
  version: z.enum(['1.0', '2.0']),
  baseUrl: z.url().max(500),
  groupId: z
    .string()
    .trim()
    .min(1, 'A group id is required')
    .max(256)
    .regex(/^[\x20-\x7e]+$/, 'A group id is printable characters'),
  /** The token the Capacity Provider gave us; absent on an update: the stored one stays. */
  token: token.optional(),
  heartbeatIntervalS: z.number().int().min(10).max(86_400).default(60),
  measurementIntervalS: z.number().int().min(60).max(86_400).default(900),
});
export type SaveOscpConnectionInput = z.input<typeof saveOscpConnectionInput>;

/** What may leave the server: never a token, sealed or hashed. */
export const OSCP_CONNECTION_VIEW = {
  id: true,
  siteId: true,
  name: true,
  version: true,
  baseUrl: true,
  groupId: true,
  outboundTokenLast4: true,
  status: true,
  registeredAt: true,
  handshakeAt: true,
  heartbeatIntervalS: true,
  measurementIntervalS: true,
  lastHeartbeatSentAt: true,
  lastHeartbeatReceivedAt: true,
  peerOfflineAt: true,
  lastMeasurementAt: true,
  lastError: true,
  createdAt: true,
  updatedAt: true,
} as const;

export const versionOf = (v: 'V1_0' | 'V2_0'): '1.0' | '2.0' => (v === 'V1_0' ? '1.0' : '2.0');
const dbVersion = (v: '1.0' | '2.0'): 'V1_0' | 'V2_0' => (v === '1.0' ? 'V1_0' : 'V2_0');

export async function saveOscpConnection({
  db,
  scope,
  settings,
  input,
}: {
  db: Db;
  scope: Scope;
  settings: OscpSettings;
  input: SaveOscpConnectionInput;
}) {
  assertAdmin(scope);
  const parsed = saveOscpConnectionInput.safeParse(input);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Invalid grid operator');
  const { id, siteId, token: given, version, ...fields } = parsed.data;
  const problem = webhookUrlProblem(fields.baseUrl, settings.allowPrivateAddresses);
  if (problem) throw new AppError('BAD_INPUT', problem.replace('webhooks go', 'grid operators are reached'));
  await siteInScope(db, scope, siteId);
  const sdb = scopedDb(db, scope);
  const clash = await sdb.oscpConnection.findFirst({
    where: { groupId: fields.groupId, ...(id ? { id: { not: id } } : {}) },
    select: { id: true },
  });
  if (clash) throw new AppError('CONFLICT', 'Another grid operator connection already uses that group id');
  const sealed = given
    ? {
        outboundTokenSealed: sealOscpToken(keyringOf(settings), scope.tenantId, given),
        outboundTokenLast4: given.slice(-4),
      }
    : null;
  if (id === undefined) {
    if (!sealed) throw new AppError('BAD_INPUT', 'The token the grid operator gave you is required');
    return sdb.oscpConnection.create({
      data: { tenantId: scope.tenantId, siteId, version: dbVersion(version), ...fields, ...sealed },
      select: OSCP_CONNECTION_VIEW,
    });
  }
  const existing = await sdb.oscpConnection.findFirst({ where: { id, siteId }, select: { id: true, version: true } });
  if (!existing) throw new AppError('NOT_FOUND', 'No such grid operator connection');
  const changedVersion = existing.version !== dbVersion(version);
  return sdb.oscpConnection.update({
    where: { id },
    data: {
      ...fields,
      version: dbVersion(version),
      ...(sealed ?? {}),
      // Another version or another token: the registration starts again.
      ...(changedVersion || sealed
        ? { status: 'PENDING', inboundTokenHash: null, registeredAt: null, handshakeAt: null }
        : {}),
    },
    select: OSCP_CONNECTION_VIEW,
  });
}

export async function deleteOscpConnection({ db, scope, id }: { db: Db; scope: Scope; id: string }) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const row = await sdb.oscpConnection.findFirst({ where: { id }, select: { id: true, siteId: true } });
  if (!row) throw new AppError('NOT_FOUND', 'No such grid operator connection');
  await sdb.oscpConnection.delete({ where: { id } });
  return { id: row.id, siteId: row.siteId };
}

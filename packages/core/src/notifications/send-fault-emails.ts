import { Prisma, type Db } from '@magma/db';

// Fault emails, sent by the worker every minute. Each subscriber hears of every fault that opens in
// their scope and sites, once. A charger's connector is emailed about at most once per debounce
// window: a fault on a connector emailed less than 15 minutes ago waits, and what gathered meanwhile
// goes out in the next email as a digest ("GroundFailure, 12 times"). So a charger flapping every few
// seconds costs its subscribers four emails an hour, not hundreds, and nothing is dropped.

export const FAULT_EMAIL_DEBOUNCE_MS = 15 * 60_000;
/** Faults older than this when first seen (a worker down for a day) are not sent late. */
export const FAULT_EMAIL_MAX_AGE_MS = 24 * 3_600_000;
const MAX_FAULTS_PER_RUN = 1000;

/** One charger connector's faults in one email. */
export type FaultEmailItem = {
  charger: string;
  site: string | null;
  /** 0 or null: the charger as a whole. */
  evseId: number | null;
  codes: string[];
  kinds: string[];
  count: number;
  firstAt: Date;
  lastAt: Date;
  /** Some of them are still open. */
  open: boolean;
};

export type FaultMail = {
  tenantId: string;
  to: string;
  timeZone: string;
  items: FaultEmailItem[];
};

export type FaultMailPort = { send(mail: FaultMail): Promise<unknown> };

type Candidate = {
  tenantId: string;
  timezone: string;
  userId: string;
  email: string;
  faultId: string;
  chargerId: string;
  identity: string;
  siteName: string | null;
  evseId: number;
  code: string;
  kind: string;
  startedAt: Date;
  endedAt: Date | null;
  lastSentAt: Date | null;
};

export type SendFaultEmailsResult = { emails: number; faults: number; held: number; failed: number };

/**
 * Sends what is due: for each subscriber (still a member, its vendor's chargers only for a vendor
 * user, its chosen sites only), the faults not told yet on connectors not emailed within the window.
 * The faults are recorded as told before the email goes; a failed send forgets them again, so the
 * next run retries.
 */
export async function sendFaultEmails({
  db,
  mail,
  now = new Date(),
  debounceMs = FAULT_EMAIL_DEBOUNCE_MS,
  onError = () => {},
}: {
  db: Db;
  mail: FaultMailPort;
  now?: Date;
  debounceMs?: number;
  onError?: (e: unknown, what: string) => void;
}): Promise<SendFaultEmailsResult> {
  const since = new Date(now.getTime() - FAULT_EMAIL_MAX_AGE_MS);
  const rows = await db.$queryRaw<Candidate[]>(Prisma.sql`
    SELECT s."tenantId", t.timezone, s."userId", u.email, f.id AS "faultId", f."chargerId", c.identity,
           site.name || ', ' || site.city AS "siteName", COALESCE(f."evseId", 0) AS "evseId", f.code, f.kind::text AS kind,
           f."startedAt", f."endedAt",
           (SELECT max(n."sentAt") FROM "FaultNotice" n
             WHERE n."userId" = s."userId" AND n."chargerId" = f."chargerId" AND n."evseId" = COALESCE(f."evseId", 0)
           ) AS "lastSentAt"
      FROM "FaultSubscription" s
      JOIN "Membership" m ON m."userId" = s."userId" AND m."tenantId" = s."tenantId"
      JOIN "User" u ON u.id = s."userId"
      JOIN "Tenant" t ON t.id = s."tenantId"
      JOIN "Fault" f ON f."tenantId" = s."tenantId"
      JOIN "Charger" c ON c.id = f."chargerId"
      LEFT JOIN "Site" site ON site.id = c."siteId"
     WHERE f."startedAt" >= GREATEST(s."createdAt", ${since})
       AND f."startedAt" <= ${now}
       AND (m."vendorId" IS NULL OR c."vendorId" = m."vendorId")
       AND (s."allSites" OR c."siteId" = ANY (s."siteIds"))
       AND NOT EXISTS (SELECT 1 FROM "FaultNotice" n WHERE n."userId" = s."userId" AND n."faultId" = f.id)
     ORDER BY s."tenantId", s."userId", f."startedAt", f.id
     LIMIT ${MAX_FAULTS_PER_RUN}`);

  const result: SendFaultEmailsResult = { emails: 0, faults: 0, held: 0, failed: 0 };
  const bySubscriber = new Map<string, Candidate[]>();
  for (const r of rows) {
    const key = `${r.tenantId}/${r.userId}`;
    bySubscriber.set(key, [...(bySubscriber.get(key) ?? []), r]);
  }
  const cutoff = now.getTime() - debounceMs;
  for (const faults of bySubscriber.values()) {
    const due = faults.filter((f) => !f.lastSentAt || f.lastSentAt.getTime() <= cutoff);
    result.held += faults.length - due.length;
    if (due.length === 0) continue;
    const first = due[0]!;
    await db.faultNotice.createMany({
      data: due.map((f) => ({
        tenantId: f.tenantId,
        userId: f.userId,
        faultId: f.faultId,
        chargerId: f.chargerId,
        evseId: f.evseId,
        sentAt: now,
      })),
      skipDuplicates: true,
    });
    try {
      await mail.send({ tenantId: first.tenantId, to: first.email, timeZone: first.timezone, items: groupFaults(due) });
      result.emails += 1;
      result.faults += due.length;
    } catch (e) {
      result.failed += 1;
      await db.faultNotice.deleteMany({
        where: { userId: first.userId, faultId: { in: due.map((f) => f.faultId) }, sentAt: now },
      });
      onError(e, `${first.email} (tenant ${first.tenantId})`);
    }
  }
  return result;
}

/** One line per charger connector, in the order they first faulted. */
export function groupFaults(
  faults: Pick<
    Candidate,
    'chargerId' | 'identity' | 'siteName' | 'evseId' | 'code' | 'kind' | 'startedAt' | 'endedAt'
  >[],
): FaultEmailItem[] {
  const items = new Map<string, FaultEmailItem>();
  for (const f of faults) {
    const key = `${f.chargerId}/${f.evseId}`;
    const item = items.get(key);
    if (!item) {
      items.set(key, {
        charger: f.identity,
        site: f.siteName,
        evseId: f.evseId || null,
        codes: [f.code],
        kinds: [f.kind],
        count: 1,
        firstAt: f.startedAt,
        lastAt: f.startedAt,
        open: f.endedAt === null,
      });
      continue;
    }
    item.count += 1;
    if (!item.codes.includes(f.code)) item.codes.push(f.code);
    if (!item.kinds.includes(f.kind)) item.kinds.push(f.kind);
    if (f.startedAt < item.firstAt) item.firstAt = f.startedAt;
    if (f.startedAt > item.lastAt) item.lastAt = f.startedAt;
    item.open ||= f.endedAt === null;
  }
  return [...items.values()];
}

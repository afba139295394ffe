import type { Db } from '@magma/db';
import { tenantScope } from '../tenancy/scope.ts';
import { getStatementDocument, statementFilename, type StatementDocument } from './statement-document.ts';
import { renderStatementPdf, statementPeriod, type StatementBrand } from './statement-pdf.ts';

// When a week closes, each vendor with a statement gets it by email, the PDF attached, once. The
// (week, vendor) row in StatementEmail is inserted before the send as its claim, so two workers or
// two runs never send the same statement twice; a crash between claim and send leaves the row
// SENDING (not sent again: at most once). A refused send is FAILED and tried again on later runs
// (up to MAX_ATTEMPTS); a vendor without a contact email is SKIPPED_NO_EMAIL, visible to the
// operator, and is sent its statement if an email is added while the week is still recent.

export type StatementMailTenant = {
  id: string;
  name: string;
  themeKey: string;
  themeOverrides: unknown;
  supportEmail: string | null;
  timezone: string;
};

export type StatementMailResult = { status: 'SENT' | 'OUTBOX' | 'FAILED'; outboxId: string; error?: string };

/** What the deployment provides: the tenant's brand for the PDF, and the mail transport. */
export type StatementMailPort = {
  pdfBrand(tenant: StatementMailTenant): Promise<StatementBrand>;
  /** Sends the statement email in the tenant's brand with the PDF attached; never throws for a refused send. */
  send(args: {
    tenant: StatementMailTenant;
    to: string;
    statement: StatementDocument;
    period: string;
    pdf: Uint8Array;
    filename: string;
  }): Promise<StatementMailResult>;
};

/** Weeks closed this recently are emailed (older ones were closed before this job, or long ago). */
export const STATEMENT_EMAIL_WINDOW_MS = 7 * 86_400_000;
export const MAX_ATTEMPTS = 3;
const WEEKS_PER_RUN = 100;

export type StatementEmailRun = {
  sent: number;
  /** Kept in the dev outbox: no mail provider is configured. */
  outbox: number;
  failed: number;
  /** "Tenant / Vendor" of vendors newly found without a contact email. */
  skippedNoEmail: string[];
};

const isEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) && s.length <= 254;

export async function sendStatementEmails({
  db,
  mail,
  now = new Date(),
  tenantIds,
  onError,
}: {
  db: Db;
  mail: StatementMailPort;
  now?: Date;
  tenantIds?: string[];
  onError?: (e: unknown, what: string) => void;
}): Promise<StatementEmailRun> {
  const run: StatementEmailRun = { sent: 0, outbox: 0, failed: 0, skippedNoEmail: [] };
  const weeks = await db.settlementWeek.findMany({
    where: {
      status: 'CLOSED',
      closedAt: { gte: new Date(now.getTime() - STATEMENT_EMAIL_WINDOW_MS) },
      ...(tenantIds ? { tenantId: { in: tenantIds } } : {}),
    },
    orderBy: { closedAt: 'asc' },
    take: WEEKS_PER_RUN,
    select: { id: true, tenantId: true, weekStart: true, weekEnd: true },
  });
  const tenants = new Map<string, StatementMailTenant>();
  for (const week of weeks) {
    const [totals, rows] = await Promise.all([
      db.settlementStatement.findMany({
        where: { weekId: week.id, siteKey: '' },
        select: { id: true, vendorId: true },
        orderBy: { vendorId: 'asc' },
      }),
      db.statementEmail.findMany({ where: { weekId: week.id } }),
    ]);
    const due = totals.filter((t) => {
      const row = rows.find((r) => r.vendorId === t.vendorId);
      return !row || row.status === 'SKIPPED_NO_EMAIL' || (row.status === 'FAILED' && row.attempts < MAX_ATTEMPTS);
    });
    if (due.length === 0) continue;
    let tenant = tenants.get(week.tenantId);
    if (!tenant) {
      tenant = await db.tenant.findUniqueOrThrow({
        where: { id: week.tenantId },
        select: { id: true, name: true, themeKey: true, themeOverrides: true, supportEmail: true, timezone: true },
      });
      tenants.set(tenant.id, tenant);
    }
    const vendors = await db.vendor.findMany({
      where: { tenantId: week.tenantId, id: { in: due.map((d) => d.vendorId) } },
      select: { id: true, name: true, contactEmail: true },
    });
    for (const statement of due) {
      const vendor = vendors.find((v) => v.id === statement.vendorId);
      const row = rows.find((r) => r.vendorId === statement.vendorId);
      const to = vendor?.contactEmail?.trim() ?? '';
      const key = { tenantId: week.tenantId, weekId: week.id, vendorId: statement.vendorId, statementId: statement.id };
      if (!isEmail(to)) {
        if (row) continue; // reported when it was first skipped
        await db.statementEmail.createMany({ data: [{ ...key, status: 'SKIPPED_NO_EMAIL' }], skipDuplicates: true });
        run.skippedNoEmail.push(`${tenant.name} / ${vendor?.name ?? statement.vendorId}`);
        continue;
      }
      const claimed = row
        ? await db.statementEmail.updateMany({
            where: { id: row.id, status: row.status, attempts: row.attempts },
            data: { status: 'SENDING', to, attempts: { increment: 1 }, error: null },
          })
        : await db.statementEmail.createMany({
            data: [{ ...key, status: 'SENDING', to, attempts: 1 }],
            skipDuplicates: true,
          });
      if (claimed.count !== 1) continue; // another run has it
      const where = { weekId_vendorId: { weekId: week.id, vendorId: statement.vendorId } };
      try {
        const document = await getStatementDocument({
          db,
          scope: tenantScope(week.tenantId),
          statementId: statement.id,
        });
        const pdf = await renderStatementPdf({
          statement: document,
          brand: await mail.pdfBrand(tenant),
          generatedAt: now,
        });
        const r = await mail.send({
          tenant,
          to,
          statement: document,
          period: statementPeriod(document.periodStart, document.periodEnd, tenant.timezone),
          pdf,
          filename: statementFilename(document),
        });
        await db.statementEmail.update({
          where,
          data: { status: r.status, outboxId: r.outboxId, error: r.error?.slice(0, 1000) ?? null },
        });
        if (r.status === 'SENT') run.sent++;
        else if (r.status === 'OUTBOX') run.outbox++;
        else run.failed++;
      } catch (e) {
        run.failed++;
        onError?.(e, `statement ${statement.id}`);
        await db.statementEmail.update({
          where,
          data: { status: 'FAILED', error: (e instanceof Error ? e.message : String(e)).slice(0, 1000) },
        });
      }
    }
  }
  return run;
}

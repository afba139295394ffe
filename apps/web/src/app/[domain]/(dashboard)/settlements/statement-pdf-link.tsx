/** The statement's PDF (GET /api/statements/{id}.pdf), styled like the small ghost buttons beside it; nothing without a statement. */
export function StatementPdfLink({ statementId, label = 'PDF' }: { statementId: string | undefined; label?: string }) {
  if (!statementId) return null;
  return (
    <a
      href={`/api/statements/${statementId}.pdf`}
      download
      className="inline-flex items-center justify-center rounded-md px-2.5 py-1 text-sm font-medium text-fg transition hover:bg-tint"
      data-statement-pdf={statementId}
    >
      {label}
    </a>
  );
}

const EMAIL_NOTE: Record<string, string> = {
  SENT: 'emailed',
  OUTBOX: 'in the dev outbox',
  SENDING: 'emailing',
  FAILED: 'email failed',
  SKIPPED_NO_EMAIL: 'not emailed: no contact email',
};

/** How the week's statement email to the vendor went (the worker sends it after the close). */
export function StatementEmailNote({ email }: { email: { status: string; to: string | null } | null }) {
  if (!email) return null;
  const bad = email.status === 'FAILED' || email.status === 'SKIPPED_NO_EMAIL';
  return (
    <span
      className={`block text-xs ${bad ? 'text-red-600' : 'text-muted'}`}
      title={email.to ?? undefined}
      data-statement-email={email.status}
    >
      {EMAIL_NOTE[email.status] ?? email.status.toLowerCase()}
    </span>
  );
}

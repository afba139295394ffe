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

/** The statement's PDF (GET /api/statements/{id}.pdf), styled like the small ghost buttons beside it. */
export function StatementPdfLink({ statementId, label = 'PDF' }: { statementId: string; label?: string }) {
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

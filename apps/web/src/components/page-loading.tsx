// A dashboard page's placeholder while its data loads (the route's loading.tsx): grey blocks in the
// page's shape for the eye, and one polite "Loading…" for a screen reader, so a slow page neither
// looks frozen nor stays silent.

export function PageLoading({ blocks = ['h-24', 'h-96'] }: { blocks?: string[] }) {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-6" data-testid="page-loading">
      <span className="sr-only">Loading…</span>
      <div aria-hidden="true" className="h-8 w-48 rounded bg-tint" />
      {blocks.map((h, i) => (
        <div key={i} aria-hidden="true" className={`${h} rounded-lg bg-tint`} />
      ))}
    </div>
  );
}

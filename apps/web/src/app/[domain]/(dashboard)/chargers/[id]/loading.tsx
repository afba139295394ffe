export default function Loading() {
  return (
    <div className="animate-pulse space-y-6" role="status" aria-live="polite">
      <span className="sr-only">Loading the charger…</span>
      <div className="h-8 w-64 rounded bg-tint" />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="h-56 rounded-lg bg-tint" />
        <div className="h-56 rounded-lg bg-tint lg:col-span-2" />
      </div>
      <div className="h-72 rounded-lg bg-tint" />
    </div>
  );
}

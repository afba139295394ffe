export default function Loading() {
  return (
    <div className="animate-pulse space-y-6" aria-busy="true" aria-label="Loading">
      <div className="h-8 w-48 rounded bg-tint" />
      <div className="h-24 rounded-lg bg-tint" />
      <div className="h-96 rounded-lg bg-tint" />
    </div>
  );
}

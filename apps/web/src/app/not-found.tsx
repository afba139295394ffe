export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-white text-neutral-800">
      <div className="text-center">
        <h1 className="text-4xl font-semibold">404</h1>
        <p className="mt-2 text-neutral-500">This page could not be found.</p>
      </div>
    </main>
  );
}

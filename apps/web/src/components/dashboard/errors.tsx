import { Alert } from '@magma/ui';

/** A failed server fetch, said in words; the page keeps its frame. */
export function LoadError({ what, error }: { what: string; error: unknown }) {
  const message = error instanceof Error && error.message ? error.message : 'Something went wrong';
  return (
    <Alert>
      Could not load {what}: {message}. Reload the page to try again.
    </Alert>
  );
}

export async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

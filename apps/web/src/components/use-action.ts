'use client';

import { useRouter } from 'next/navigation';

/** After a mutation: re-render the server components of the page so lists show the change. */
export function useRefresh() {
  const router = useRouter();
  return () => router.refresh();
}

/** A tRPC error's message for the user (zod issues arrive already phrased by the error formatter). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : 'Something went wrong';
}

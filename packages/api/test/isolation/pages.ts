import { expect } from 'vitest';

type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * Every row of a cursor-paged list, `limit` rows a page: follows nextCursor to the end and checks
 * that no row comes twice (a keyset that skipped or repeated rows at a page boundary fails here).
 */
export async function walkPages<T extends { id: string }>(
  page: (input: { limit: number; cursor?: string }) => Promise<Page<T>>,
  limit = 1,
): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 1000; n++) {
    const p = await page({ limit, ...(cursor ? { cursor } : {}) });
    expect(p.items.length).toBeLessThanOrEqual(limit);
    seen.push(...p.items.map((r) => r.id));
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  expect(new Set(seen).size, 'a row came on two pages').toBe(seen.length);
  return seen;
}

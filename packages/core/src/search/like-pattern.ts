// What a user types into a search box is text, not a LIKE pattern. PostgreSQL's LIKE (and Prisma's
// `contains`, which wraps the value in %…% without escaping it) reads `%`, `_` and the escape
// character `\` as syntax: `_` matched any character, and a value ending in `\` was a pattern
// PostgreSQL refuses. Escaping the three makes the match literal.

/** `value` with LIKE's wildcards and escape character escaped (default escape character `\`). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** A Prisma string filter matching `value` literally anywhere in the column, ignoring case. */
export function containsText(value: string) {
  return { contains: escapeLike(value), mode: 'insensitive' as const };
}

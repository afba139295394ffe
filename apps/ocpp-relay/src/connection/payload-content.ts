// What the official schemas let through but nothing downstream can hold: a string (or an object
// key) with U+0000 or an unpaired surrogate, which PostgreSQL refuses in text and jsonb alike, and
// JSON nested so deep that walking it (the clock check, JSON.stringify on the way to jsonb) runs
// out of stack. The schemas cannot say either: 2.0.1's customData and DataTransfer `data` take any
// JSON, and no OCPP string type names its characters. Such a payload is syntactically correct with
// a field whose value is invalid, which both versions answer with PropertyConstraintViolation
// (OCPP-J 1.6 Table 7, 2.0.1 §4.3); nothing of it is stored.

/**
 * Far deeper than any OCPP PDU (2.0.1's deepest, NotifyReport and TransactionEvent with customData
 * at every level, is under 10) and than any vendor's DataTransfer seen in the field.
 */
export const MAX_PAYLOAD_DEPTH = 32;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains U+0000 (NUL)';
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired UTF-16 surrogate';
  return null;
}

type Node = { value: unknown; depth: number; key: string | number | null; up: Node | null };

function pathOf(node: Node): string {
  const keys: (string | number)[] = [];
  for (let n: Node | null = node; n?.key !== null && n; n = n.up) keys.unshift(n.key);
  return (
    keys.reduce<string>((path, k, i) => (typeof k === 'number' ? `${path}[${k}]` : i === 0 ? k : `${path}.${k}`), '') ||
    '(payload)'
  );
}

/**
 * What makes this payload impossible to keep, or null. Walks iteratively, so a payload nested
 * thousands of levels deep is answered rather than overflowing the stack.
 */
export function payloadContentProblem(payload: unknown, maxDepth = MAX_PAYLOAD_DEPTH): string | null {
  const stack: Node[] = [{ value: payload, depth: 0, key: null, up: null }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const { value, depth } = node;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return `${pathOf(node)} ${problem}`;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) return `${pathOf(node)} is nested deeper than ${maxDepth} levels`;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], depth: depth + 1, key: i, up: node });
      continue;
    }
    for (const [key, v] of Object.entries(value)) {
      const problem = textProblem(key);
      if (problem) return `a property name in ${pathOf(node)} ${problem}`;
      stack.push({ value: v, depth: depth + 1, key, up: node });
    }
  }
  return null;
}

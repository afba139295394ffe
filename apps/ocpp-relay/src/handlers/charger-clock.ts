import { ocppTime } from './convert.ts';

// A charger whose clock was never set (no RTC battery, no NTP, booted before its first
// BootNotification answer) stamps its messages 1970-01-01, 2000-01-01 or years ahead. Taken as
// sent, they make sessions of decades and prices to match. Such a time is replaced, before any
// handler reads it, by the time the message reached us: for a message sent live that is close to
// the truth, and for one from an offline queue it is still the best we know.

/** How far before its registration a time may lie: a charger commissioned offline queues sessions first. */
export const MAX_BEFORE_REGISTRATION_MS = 30 * 86_400_000;
/** How far ahead of ours a charger's clock may run (drift, a message in flight). */
export const MAX_AHEAD_MS = 5 * 60_000;

/** A time that was replaced: where it was in the payload and what the charger sent. */
export type ReplacedTime = { path: string; sent: string };

export type ClockBounds = { receivedAt: Date; registeredAt: Date };

export function isPlausibleTime(at: Date, { receivedAt, registeredAt }: ClockBounds): boolean {
  const t = at.getTime();
  return t >= registeredAt.getTime() - MAX_BEFORE_REGISTRATION_MS && t <= receivedAt.getTime() + MAX_AHEAD_MS;
}

/**
 * The payload with every `timestamp` (the event times of both OCPP versions: transactions, meter
 * values, status, events) that no charger clock could mean replaced by the receive time, and the
 * list of what was replaced. The payload is returned as is when nothing was.
 */
export function withPlausibleTimes<P>(params: P, bounds: ClockBounds): { params: P; replaced: ReplacedTime[] } {
  const replaced: ReplacedTime[] = [];
  const used = bounds.receivedAt.toISOString();
  // The path is kept as a stack of keys and spelled out only for a replaced time: every message
  // passes through here, and almost none has anything to replace.
  const path: (string | number)[] = [];
  const spelled = () => path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      let out: unknown[] | null = null;
      for (let k = 0; k < value.length; k++) {
        path.push(k);
        const next = visit(value[k]);
        path.pop();
        if (next !== value[k]) (out ??= [...value])[k] = next;
      }
      return out ?? value;
    }
    if (value === null || typeof value !== 'object') return value;
    let out: Record<string, unknown> | null = null;
    for (const key in value) {
      const v = (value as Record<string, unknown>)[key];
      path.push(key);
      let next = visit(v);
      if (key === 'timestamp' && typeof v === 'string' && !isPlausibleTime(ocppTime(v), bounds)) {
        replaced.push({ path: spelled(), sent: v });
        next = used;
      }
      path.pop();
      if (next !== v) (out ??= { ...(value as Record<string, unknown>) })[key] = next;
    }
    return out ?? value;
  };
  return { params: visit(params) as P, replaced };
}

/** The message-log action of the note kept when a charger's times were replaced. */
export const TIME_REPLACED_ACTION = 'TimestampReplaced';

import { createHash } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { RPCServerClient } from './rpc-types.ts';

// What reaches ocpp-rpc from a charger's socket, checked frame by frame before it parses them.
//
// Size. The WebSocket layer refuses outright a frame past twice the limit (ws maxPayload: closed
// with 1009 Message Too Big, RFC 6455 §7.4.1; reading it to find its message id would mean holding
// it). A frame between the limit and that is read only far enough to answer it: a CALL gets a
// CALLERROR FormatViolation (1.6: FormationViolation) naming the limit, as OCPP 2.0.1 has a station
// answer a GetVariablesRequest longer than its BytesPerMessage (B06.FR.17), and the connection stays
// up; the charger's answer to one of our calls fails that call with the same code at once instead
// of leaving it to time out. Nothing of either is processed or stored.
//
// Repeated message ids. OCPP-J (1.6 and 2.0.1, "message ID") makes a CALL's message id unique per
// sender and connection, and the answer carries it back: a CALL repeated with the id of one being
// processed, or answered moments ago, is the same message sent again (a charger that timed out
// waiting for us). Processing it again would store it twice, and answering it again would give the
// charger a second answer to an id it has already settled. So an identical frame with a remembered
// id is neither processed nor answered: the first's answer is its answer. A different frame reusing
// the id of a call still in flight gets a CALLERROR (the id is taken; ocpp-rpc's own check also
// dropped the first call's record, letting a third copy through); once the first is answered and the
// window has passed, an id may be used again.

/**
 * 256 KiB: some forty times the largest fixed-shape PDU, and room for the legitimately large ones
 * (a 1.6 StopTransaction with hours of transactionData, a page of a 2.0.1 NotifyReport or
 * NotifyEvent, which a station splits with tbc anyway), while a connection holds at most twice
 * this of one frame (ws's own default is 100 MiB).
 */
export const DEFAULT_MAX_FRAME_BYTES = 256 * 1024;

/**
 * How long an answered call's id is remembered, and how many ids at most per connection. A copy
 * sent because the charger gave up waiting crosses our answer on the wire, so seconds are enough;
 * longer would silence a charger that (against the spec) reuses one id for every Heartbeat.
 */
export const REPEAT_WINDOW_MS = 10_000;
const MAX_REMEMBERED = 256;

type Remembered = { digest: string; answeredAt: number | null };
type OnMessage = (buffer: Buffer | string) => void;

// The message type and id at the head of a frame, read without parsing the rest of it.
const HEAD = /^\s*\[\s*([234])\s*,\s*"((?:[^"\\]|\\.){0,128})"/;

function headOf(frame: Buffer | string): { type: number; id: string } | null {
  const text = typeof frame === 'string' ? frame.slice(0, 256) : frame.subarray(0, 256).toString('utf8');
  const m = HEAD.exec(text);
  if (!m) return null;
  try {
    return { type: Number(m[1]), id: JSON.parse(`"${m[2]}"`) as string };
  } catch {
    return null;
  }
}

export function guardInbound(
  client: RPCServerClient,
  {
    maxMessageBytes,
    repeatWindowMs = REPEAT_WINDOW_MS,
    identity,
    log,
  }: { maxMessageBytes: number; repeatWindowMs?: number; identity: string; log: Logger },
): void {
  // ocpp-rpc reads every frame through this method (its d.ts does not declare it).
  const inner = client as unknown as { _onMessage: OnMessage };
  const onMessage = inner._onMessage.bind(client) as OnMessage;
  const sendRaw = client.sendRaw.bind(client);
  const calls = new Map<string, Remembered>();
  // ws refused a frame past its maxPayload (1009) or the socket failed: say which charger.
  client.on('socketError', (error: unknown) => log.warn('charger socket error', { identity, error }));

  // Oldest first: answered ids past the window go, and the oldest of any kind past the cap.
  const forget = (now: number) => {
    for (const [id, call] of calls) {
      const expired = call.answeredAt !== null && now - call.answeredAt > repeatWindowMs;
      if (!expired && calls.size <= MAX_REMEMBERED) break;
      calls.delete(id);
    }
  };

  const callError = (id: string, code: string, description: string) => JSON.stringify([4, id, code, description, {}]);

  inner._onMessage = (frame: Buffer | string) => {
    const bytes = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
    const head = headOf(frame);
    if (bytes > maxMessageBytes) {
      log.warn('oversized message refused', { identity, bytes, limit: maxMessageBytes, type: head?.type });
      const why = `Message of ${bytes} bytes exceeds this CSMS's limit of ${maxMessageBytes} bytes`;
      if (head?.type === 2) sendRaw(callError(head.id, 'FormatViolation', why));
      // An answer too large fails the call it answers, as a CALLERROR from the charger would.
      else if (head) onMessage(callError(head.id, 'FormatViolation', why));
      // No message id to answer under: as ocpp-rpc answers a frame it cannot read.
      else sendRaw(callError('-1', 'RpcFrameworkError', why));
      return;
    }
    if (head?.type !== 2) return onMessage(frame);

    const now = Date.now();
    forget(now);
    const digest = createHash('sha1').update(frame).digest('base64');
    const seen = calls.get(head.id);
    if (seen && (seen.answeredAt === null || now - seen.answeredAt <= repeatWindowMs)) {
      if (seen.digest === digest) {
        log.warn('repeated call ignored: same message id and content as one already received', {
          identity,
          messageId: head.id,
          answered: seen.answeredAt !== null,
        });
        return;
      }
      if (seen.answeredAt === null) {
        log.warn('call refused: message id in use by a call in flight', { identity, messageId: head.id });
        sendRaw(callError(head.id, 'RpcFrameworkError', `Message id ${head.id} is in use by a call in flight`));
        return;
      }
    }
    calls.delete(head.id);
    calls.set(head.id, { digest, answeredAt: null });
    onMessage(frame);
  };

  client.sendRaw = (frame: string) => {
    if (frame.startsWith('[3,') || frame.startsWith('[4,')) {
      const head = headOf(frame);
      const call = head && calls.get(head.id);
      if (call && call.answeredAt === null) call.answeredAt = Date.now();
    }
    sendRaw(frame);
  };
}

'use client';

import { Alert } from '@magma/ui';

// The charger's answer to one command, as the panels of issue #20 show it: the outcome in words,
// the reply's status and the whole reply.

const OUTCOME: Record<string, string> = {
  RESPONDED: 'The charger answered',
  ERROR: 'The charger refused the call',
  TIMEOUT: 'The charger did not answer in time',
  OFFLINE: 'The charger is offline; nothing was sent',
};
const REFUSED = /^(Rejected|Failed|NotSupported\w*|Unknown\w*|NotImplemented)$/;

export type CommandReply = { action: string; status: string; response: unknown; error: string | null };

export function CommandReplyView({ reply, testId }: { reply: CommandReply; testId: string }) {
  const status = (reply.response as { status?: unknown } | null)?.status;
  const good = reply.status === 'RESPONDED' && !(typeof status === 'string' && REFUSED.test(status));
  return (
    <Alert tone={good ? 'success' : 'error'}>
      <span data-testid={testId}>
        <strong>{reply.action}</strong>: {OUTCOME[reply.status] ?? reply.status}
        {typeof status === 'string' ? ` — ${status}` : ''}
      </span>
      {reply.error ? <span className="block">{reply.error}</span> : null}
      {reply.response && Object.keys(reply.response as object).length ? (
        <pre className="mt-2 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-white/60 p-2 text-xs">
          {JSON.stringify(reply.response, null, 2)}
        </pre>
      ) : null}
    </Alert>
  );
}

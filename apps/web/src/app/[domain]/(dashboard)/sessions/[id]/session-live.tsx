'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { useConfirm } from '@/components/confirm-dialog.tsx';
import { useLiveEvents } from '@/components/dashboard/live.tsx';

// A running session's page re-reads its figures (estimate, energy, curve) when the live stream
// reports this session's meter or transaction events, and every few seconds besides: a stream that
// dropped must not leave a stale estimate on screen.
const REFRESH_MS = 5_000;

export function SessionLiveRefresh({ sessionId }: { sessionId: string }) {
  const router = useRouter();
  useLiveEvents((e) => {
    if ('transactionId' in e && e.transactionId === sessionId) router.refresh();
  });
  useEffect(() => {
    const t = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(t);
  }, [router]);
  return null;
}

const STATUS_TEXT: Record<string, string> = {
  RESPONDED: 'The charger answered',
  ERROR: 'The charger refused the call',
  TIMEOUT: 'The charger did not answer in time',
  OFFLINE: 'The charger is offline; nothing was sent',
  PENDING: 'Waiting for the charger',
  SENT: 'Sent, waiting for the answer',
};

type Result = { action: string; status: string; response: unknown; error: string | null };

function replyStatus(response: unknown): string | null {
  const s = (response as { status?: unknown } | null)?.status;
  return typeof s === 'string' ? s : null;
}

/**
 * A running session's estimate (children) and the charger page's stop-session action, asked first in
 * the same words, with the charger's reply. The card stays once the session has ended so the reply
 * stays on screen; the button goes.
 */
export function LiveSessionCard({
  running,
  chargerId,
  sessionId,
  evseId,
  children,
}: {
  running: boolean;
  chargerId: string;
  sessionId: string;
  evseId: number;
  children: ReactNode;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [result, setResult] = useState<Result | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const mutation = useMutation(
    trpc.chargers.action.mutationOptions({
      onSuccess: (r) => {
        setResult(r as Result);
        router.refresh();
      },
      onError: () => setResult(null),
    }),
  );
  const stop = async () => {
    const ok = await confirm({
      title: `Stop the session on connector ${evseId}?`,
      body: 'The charger ends the session now: charging stops and the driver is billed for the energy delivered so far.',
      confirmLabel: 'Stop session',
    });
    if (ok) mutation.mutate({ chargerId, action: { kind: 'remoteStop', sessionId } });
  };
  const reply = result ? replyStatus(result.response) : null;
  const accepted = result?.status === 'RESPONDED' && reply !== 'Rejected';
  if (!running && !result) return null;
  return (
    <Card className="mt-6 space-y-3" data-testid="live-estimate">
      {confirmDialog}
      {children}
      {running ? (
        <Button variant="danger" disabled={mutation.isPending} onClick={() => void stop()}>
          Stop session
        </Button>
      ) : null}
      <div aria-live="polite" data-testid="stop-result">
        {mutation.isPending ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {mutation.error ? <Alert>{mutation.error.message}</Alert> : null}
        {result && !mutation.isPending ? (
          <Alert tone={accepted ? 'success' : 'error'}>
            <strong>Stop session</strong>: {STATUS_TEXT[result.status] ?? result.status}
            {reply ? (
              <>
                {' '}
                — <span data-testid="reply-status">{reply}</span>
              </>
            ) : null}
            {result.error ? <span className="block">{result.error}</span> : null}
          </Alert>
        ) : null}
      </div>
    </Card>
  );
}

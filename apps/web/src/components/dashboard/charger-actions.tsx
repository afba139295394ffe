'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { useConfirm } from '@/components/confirm-dialog.tsx';

// Remote actions of the charger page. Each form sends one command and shows the charger's actual
// reply (or why there was none: offline, timeout, error).

type Action =
  | { kind: 'reset'; hard: boolean }
  | { kind: 'unlock'; evseId: number }
  | { kind: 'availability'; evseId: number; available: boolean }
  | {
      kind: 'trigger';
      message: 'BootNotification' | 'Heartbeat' | 'StatusNotification' | 'MeterValues';
      evseId?: number;
    }
  | { kind: 'configure'; component?: string; variable: string; value: string }
  | { kind: 'getConfiguration'; keys: string[] }
  | { kind: 'remoteStart'; idTag: string; evseId?: number }
  | { kind: 'remoteStop'; sessionId: string }
  | { kind: 'clearCache' }
  | { kind: 'sendCardList' }
  | { kind: 'limitPower'; kw: number }
  | { kind: 'clearPowerLimit' };

type Result = {
  id: string;
  action: string;
  status: string;
  response: unknown;
  error: string | null;
  note?: string;
};

// Reply statuses by which a charger says it did not do what was asked (OCPP 1.6 and 2.0.1 enums).
const REFUSED = new Set([
  'Rejected',
  'Failed',
  'NotSupported',
  'NotImplemented',
  'VersionMismatch',
  'UnlockFailed',
  'UnknownConnector',
  'OngoingAuthorizedTransaction',
  'InvalidCertificate',
  'RevokedCertificate',
]);

const STATUS_TEXT: Record<string, string> = {
  RESPONDED: 'The charger answered',
  ERROR: 'The charger refused the call',
  TIMEOUT: 'The charger did not answer in time',
  OFFLINE: 'The charger is offline; nothing was sent',
  PENDING: 'Waiting for the charger',
  SENT: 'Sent, waiting for the answer',
  NO_ANSWER: 'No answer from the charger (offline or too slow); the limit is stored as failed',
};

// The connector form's buttons: each sends one command for the connector picked in the form.
const CONNECTOR_ACTIONS: { label: string; action: (evseId: number) => Action }[] = [
  { label: 'Unlock', action: (evseId) => ({ kind: 'unlock', evseId }) },
  { label: 'Make unavailable', action: (evseId) => ({ kind: 'availability', evseId, available: false }) },
  { label: 'Make available', action: (evseId) => ({ kind: 'availability', evseId, available: true }) },
];

function replyStatus(response: unknown): string | null {
  const s = (response as { status?: unknown } | null)?.status;
  return typeof s === 'string' ? s : null;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-md border border-line p-3">
      <h3 className="mb-2 text-sm font-semibold">{title}</h3>
      {children}
    </div>
  );
}

export function ChargerActions({
  chargerId,
  protocol,
  evseIds,
  activeSessions,
  operator,
}: {
  chargerId: string;
  protocol: 'OCPP16' | 'OCPP201';
  evseIds: number[];
  activeSessions: { id: string; evseId: number }[];
  /** Operator staff get every action; a vendor user resets, works connectors, triggers and stops. */
  operator: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [result, setResult] = useState<Result | null>(null);
  const mutation = useMutation(
    trpc.chargers.action.mutationOptions({
      onSuccess: (r) => {
        setResult(r as Result);
        router.refresh();
      },
      onError: () => setResult(null),
    }),
  );
  const send = (action: Action) => mutation.mutate({ chargerId, action });
  // A remote start with a limit from the session's start (a TxProfile in the start request, #21).
  const startWithLimit = useMutation(
    trpc.smartCharging.remoteStart.mutationOptions({
      onSuccess: (r) => {
        setResult({
          id: r.profile.id,
          action: 'Remote start with a limit',
          status: r.answer ? 'RESPONDED' : 'NO_ANSWER',
          response: r.answer ? { status: r.answer } : null,
          error: null,
        });
        router.refresh();
      },
      onError: () => setResult(null),
    }),
  );
  const [confirm, confirmDialog] = useConfirm();
  // Actions that cut a driver off say so first; Cancel sends nothing.
  const hardReset = async () => {
    const ok = await confirm({
      title: 'Hard reset this charger?',
      body: 'The charger restarts at once; sessions in progress on it stop.',
      confirmLabel: 'Hard reset',
    });
    if (ok) send({ kind: 'reset', hard: true });
  };
  const stopSession = async (s: { id: string; evseId: number }) => {
    const ok = await confirm({
      title: `Stop the session on connector ${s.evseId}?`,
      body: 'The charger ends the session now: charging stops and the driver is billed for the energy delivered so far.',
      confirmLabel: 'Stop session',
    });
    if (ok) send({ kind: 'remoteStop', sessionId: s.id });
  };
  const connectorAction = async (label: string, action: Action) => {
    const running = action.kind === 'unlock' ? activeSessions.find((s) => s.evseId === action.evseId) : undefined;
    if (running) {
      const ok = await confirm({
        title: `Unlock connector ${running.evseId} during a session?`,
        body: 'A session is in progress on this connector. Unlocking releases the cable; the charger may stop the session and charging ends.',
        confirmLabel: label,
      });
      if (!ok) return;
    }
    send(action);
  };
  const onForm = (build: (f: FormData) => Action) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    send(build(new FormData(e.currentTarget)));
  };
  const str = (f: FormData, k: string) => String(f.get(k) ?? '').trim();
  const busy = mutation.isPending || startWithLimit.isPending;
  const is201 = protocol === 'OCPP201';
  const evseOptions = evseIds.map((id) => (
    <option key={id} value={id}>
      Connector {id}
    </option>
  ));

  return (
    <div className="space-y-3" data-testid="charger-actions">
      {confirmDialog}
      <div aria-live="polite" data-testid="action-result">
        {busy ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {mutation.error ? <Alert>{mutation.error.message}</Alert> : null}
        {startWithLimit.error ? <Alert>{startWithLimit.error.message}</Alert> : null}
        {result && !busy ? (
          <Alert
            tone={
              result.status === 'RESPONDED' && !REFUSED.has(replyStatus(result.response) ?? '') ? 'success' : 'error'
            }
          >
            <strong>{result.action}</strong>: {STATUS_TEXT[result.status] ?? result.status}
            {replyStatus(result.response) ? (
              <>
                {' '}
                — <span data-testid="reply-status">{replyStatus(result.response)}</span>
              </>
            ) : null}
            {result.error ? <span className="block">{result.error}</span> : null}
            {result.note ? <span className="block">{result.note}</span> : null}
            {result.response ? (
              <pre className="mt-2 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-white/60 p-2 text-xs">
                {JSON.stringify(result.response, null, 2)}
              </pre>
            ) : null}
          </Alert>
        ) : null}
      </div>

      <div className="grid gap-3 md:grid-cols-2">
        <Section title="Charger">
          <div className="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              size="sm"
              disabled={busy}
              onClick={() => send({ kind: 'reset', hard: false })}
              data-testid="reset-soft"
            >
              Soft reset
            </Button>
            <Button
              variant="danger"
              size="sm"
              disabled={busy}
              onClick={() => void hardReset()}
              data-testid="reset-hard"
            >
              Hard reset
            </Button>
            {operator ? (
              <>
                <Button variant="secondary" size="sm" disabled={busy} onClick={() => send({ kind: 'clearCache' })}>
                  Clear auth cache
                </Button>
                <Button
                  variant="secondary"
                  size="sm"
                  disabled={busy}
                  onClick={() => send({ kind: 'sendCardList' })}
                  title="Send every registered card, with its status, as the charger's local authorization list (used when it is offline)"
                >
                  Send card list
                </Button>
              </>
            ) : null}
          </div>
          {operator ? (
            <form
              className="mt-3 flex flex-wrap items-center gap-2"
              aria-label="Power limit"
              onSubmit={onForm((f) => ({ kind: 'limitPower', kw: Number(str(f, 'kw')) }))}
            >
              <div className="w-24">
                <Input
                  name="kw"
                  type="number"
                  min={0.1}
                  max={1000}
                  step={0.1}
                  required
                  placeholder="kW"
                  aria-label="Power limit in kW"
                />
              </div>
              <Button type="submit" variant="secondary" size="sm" disabled={busy}>
                Limit power
              </Button>
              <Button
                type="button"
                variant="ghost"
                size="sm"
                disabled={busy}
                onClick={() => send({ kind: 'clearPowerLimit' })}
              >
                Remove limit
              </Button>
            </form>
          ) : null}
        </Section>

        <Section title="Connector">
          <form className="flex flex-wrap gap-2" onSubmit={(e) => e.preventDefault()}>
            <Select name="evseId" id="action-evse" aria-label="Connector" className="w-auto" defaultValue={evseIds[0]}>
              {evseOptions}
            </Select>
            {CONNECTOR_ACTIONS.map(({ label, action }) => (
              <Button
                key={label}
                variant="secondary"
                size="sm"
                disabled={busy}
                onClick={(e) =>
                  void connectorAction(label, action(Number(new FormData(e.currentTarget.form!).get('evseId'))))
                }
              >
                {label}
              </Button>
            ))}
          </form>
        </Section>

        <Section title="Trigger message">
          <form
            className="flex flex-wrap gap-2"
            onSubmit={onForm((f) => ({ kind: 'trigger', message: str(f, 'message') as 'Heartbeat' }))}
          >
            <Select name="message" aria-label="Message to trigger" className="w-auto">
              {['StatusNotification', 'Heartbeat', 'MeterValues', 'BootNotification'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </Select>
            <Button type="submit" variant="secondary" size="sm" disabled={busy}>
              Trigger
            </Button>
          </form>
        </Section>

        <Section title={operator ? 'Remote start / stop' : 'Remote stop'}>
          {operator ? (
            <form
              className="flex flex-wrap gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                const f = new FormData(e.currentTarget);
                const idTag = str(f, 'idTag');
                const evseId = Number(str(f, 'evseId')) || undefined;
                const limit = str(f, 'limit');
                if (!limit) return send({ kind: 'remoteStart', idTag, evseId });
                const inKw = str(f, 'limitUnit') === 'kW';
                startWithLimit.mutate({
                  chargerId,
                  evseId: evseId ?? 1,
                  idTag,
                  unit: inKw ? 'W' : 'A',
                  periods: [{ startPeriod: 0, limit: inKw ? Math.round(Number(limit) * 1000) : Number(limit) }],
                });
              }}
            >
              <Input name="idTag" required placeholder="ID token" aria-label="ID token" className="w-40" />
              <Select name="evseId" className="w-auto" aria-label="Connector">
                {evseOptions}
              </Select>
              <div className="w-24">
                <Input
                  name="limit"
                  type="number"
                  min={0.1}
                  max={1000}
                  step={0.1}
                  placeholder="Limit"
                  aria-label="Limit power to (optional)"
                />
              </div>
              <Select name="limitUnit" className="w-auto" aria-label="Limit unit" defaultValue="kW">
                <option value="kW">kW</option>
                <option value="A">A</option>
              </Select>
              <Button type="submit" variant="secondary" size="sm" disabled={busy}>
                Start
              </Button>
            </form>
          ) : null}
          {activeSessions.length ? (
            <div className="mt-2 flex flex-wrap gap-2">
              {activeSessions.map((s) => (
                <Button key={s.id} variant="danger" size="sm" disabled={busy} onClick={() => void stopSession(s)}>
                  Stop session on connector {s.evseId}
                </Button>
              ))}
            </div>
          ) : (
            <p className="mt-2 text-xs text-muted">No running session to stop.</p>
          )}
        </Section>

        {operator ? (
          <>
            <Section title={is201 ? 'Variables' : 'Configuration'}>
              <Button
                variant="secondary"
                size="sm"
                disabled={busy}
                onClick={() => send({ kind: 'getConfiguration', keys: [] })}
              >
                {is201 ? 'Get variables' : 'Get configuration'}
              </Button>
              <form
                className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4"
                onSubmit={onForm((f) => ({
                  kind: 'configure',
                  component: str(f, 'component') || undefined,
                  variable: str(f, 'variable'),
                  value: str(f, 'value'),
                }))}
              >
                {is201 ? (
                  <Input name="component" placeholder="Component" aria-label="Component" defaultValue="OCPPCommCtrlr" />
                ) : null}
                <Input
                  name="variable"
                  required
                  placeholder={is201 ? 'Variable' : 'Key'}
                  aria-label={is201 ? 'Variable' : 'Key'}
                />
                <Input name="value" placeholder="Value" aria-label="Value" />
                <Button type="submit" variant="secondary" size="sm" disabled={busy}>
                  Set
                </Button>
              </form>
            </Section>
          </>
        ) : null}
      </div>
    </div>
  );
}

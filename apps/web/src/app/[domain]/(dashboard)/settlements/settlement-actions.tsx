'use client';

import { useState, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Input } from '@magma/ui';
import { useTRPC, useTRPCClient } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

function download(filename: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

/** A failure (or a notice) said beside the control that caused it, never in a dialog. */
function Said({ children, tone = 'error' }: { children: ReactNode; tone?: 'error' | 'info' }) {
  if (!children) return null;
  return tone === 'error' ? (
    <span role="alert" className="text-sm text-red-600">
      {children}
    </span>
  ) : (
    <span role="status" className="text-sm text-muted">
      {children}
    </span>
  );
}

/** A button that fetches a CSV through tRPC and saves it; a failure is said next to it. */
function CsvButton({ label, fetchCsv }: { label: string; fetchCsv: () => Promise<{ filename: string; csv: string }> }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        variant="ghost"
        size="sm"
        busy={busy}
        onClick={async () => {
          setBusy(true);
          setProblem(null);
          try {
            const f = await fetchCsv();
            download(f.filename, f.csv);
          } catch (e) {
            setProblem(errorMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {label}
      </Button>
      <Said>{problem}</Said>
    </span>
  );
}

/** Closes the ended week that contains `at` (the scheduler does it otherwise). */
export function CloseWeekButton({ at, label }: { at: string; label: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const close = useMutation(trpc.settlements.close.mutationOptions({ onSuccess: refresh }));
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Said>{close.error ? errorMessage(close.error) : null}</Said>
      <Button size="sm" busy={close.isPending} onClick={() => close.mutate({ at: new Date(at) })}>
        {label}
      </Button>
    </span>
  );
}

export function StatementCsvButton({ weekId, vendorId }: { weekId: string; vendorId: string }) {
  const client = useTRPCClient();
  return <CsvButton label="CSV" fetchCsv={() => client.settlements.statementCsv.query({ weekId, vendorId })} />;
}

/** The quarter's TDS / TCS summary as CSV for the returns. */
export function TaxSummaryCsvButton({ fyStart, quarter }: { fyStart: number; quarter: number }) {
  const client = useTRPCClient();
  return (
    <CsvButton
      label="Download CSV for filing"
      fetchCsv={() => client.settlements.taxSummaryCsv.query({ fyStart, quarter })}
    />
  );
}

export function CreatePayoutRunButton({ weekId }: { weekId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const run = useMutation(trpc.payouts.createRun.mutationOptions({ onSuccess: refresh }));
  const skipped = run.data?.skippedNoBank ?? [];
  const short = run.data?.shortfalls ?? [];
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button size="sm" busy={run.isPending} onClick={() => run.mutate({ weekId })}>
        Create payouts
      </Button>
      <Said>{run.error ? errorMessage(run.error) : null}</Said>
      <Said tone="info">{skipped.length ? `No bank account on file for: ${skipped.join(', ')}` : null}</Said>
      <Said tone="info">
        {short.length
          ? `Not covered by the captured payments (kept for the next run): ${short
              .map((s) => `${s.name} ₹${(s.shortMinor / 100).toFixed(2)}`)
              .join(', ')}`
          : null}
      </Said>
    </span>
  );
}

export function BankFileButton({ runId }: { runId: string }) {
  const client = useTRPCClient();
  return <CsvButton label="Bank upload file (CSV)" fetchCsv={() => client.payouts.bankFile.query({ runId })} />;
}

/** Offline rail: the operator paid through the bank portal and enters the UTR, or records a failure. */
export function MarkPayoutForm({ payoutId }: { payoutId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [utr, setUtr] = useState('');
  const [failing, setFailing] = useState(false);
  const [reason, setReason] = useState('');
  const mark = useMutation(trpc.payouts.mark.mutationOptions({ onSuccess: refresh }));
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (failing) mark.mutate({ payoutId, outcome: 'FAILED', reason });
        else mark.mutate({ payoutId, outcome: 'PAID', utr });
      }}
    >
      {failing ? (
        <Input
          aria-label="Why did the payout fail?"
          placeholder="Why did it fail?"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="w-48"
          maxLength={200}
          required
        />
      ) : (
        <Input
          aria-label="UTR"
          placeholder="UTR"
          value={utr}
          onChange={(e) => setUtr(e.target.value)}
          className="w-40"
          required
        />
      )}
      <Button size="sm" type="submit" busy={mark.isPending}>
        {failing ? 'Record failure' : 'Paid'}
      </Button>
      <Button size="sm" variant="ghost" type="button" onClick={() => setFailing(!failing)}>
        {failing ? 'Cancel' : 'Failed'}
      </Button>
      <Said>{mark.error ? errorMessage(mark.error) : null}</Said>
    </form>
  );
}

/** The API's cap on a bank response file (characters), said here before sending. */
const BANK_RESPONSE_MAX = 900_000;

/**
 * Offline rail: the bank's response file (reference, UTR, status, amount per transfer) applied to
 * the run. What applied, what an earlier upload already did, and every row not applied are said
 * below the control; uploading the same file again changes nothing.
 */
export function BankResponseUpload({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [problem, setProblem] = useState<string | null>(null);
  const reconcile = useMutation(trpc.payouts.reconcile.mutationOptions({ onSuccess: refresh }));
  const r = reconcile.data;
  return (
    <div className="mb-3 flex flex-col gap-2 text-sm">
      <label className="inline-flex flex-wrap items-center gap-2">
        <span>Upload bank response</span>
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="Upload bank response"
          className="text-sm file:mr-2 file:rounded file:border file:border-line file:bg-transparent file:px-2 file:py-1"
          disabled={reconcile.isPending}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            setProblem(null);
            reconcile.reset();
            if (!file) return;
            const csv = await file.text();
            if (csv.length > BANK_RESPONSE_MAX) {
              setProblem(`${file.name} is over ${BANK_RESPONSE_MAX.toLocaleString('en-IN')} characters`);
              return;
            }
            reconcile.mutate({ runId, csv });
          }}
        />
      </label>
      {reconcile.isPending ? <Said tone="info">Reading the bank’s file…</Said> : null}
      <Said>{problem ?? (reconcile.error ? errorMessage(reconcile.error) : null)}</Said>
      {r ? (
        <div role="status" className="rounded border border-line p-3">
          <p>
            {r.rows} rows · {r.applied.length} applied · {r.alreadyApplied} already applied · {r.problems.length}{' '}
            {r.problems.length === 1 ? 'problem' : 'problems'}
          </p>
          {r.problems.length ? (
            <ul className="mt-2 list-disc pl-5 text-red-600">
              {r.problems.map((p, i) => (
                <li key={i}>
                  {p.line !== null ? `Line ${p.line}: ` : ''}
                  {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

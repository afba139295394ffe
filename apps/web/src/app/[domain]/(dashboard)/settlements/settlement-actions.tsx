'use client';

import { useState } from 'react';
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

/** Closes the ended week that contains `at` (the scheduler does it otherwise). */
export function CloseWeekButton({ at, label }: { at: string; label: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const close = useMutation(
    trpc.settlements.close.mutationOptions({ onSuccess: refresh, onError: (e) => alert(errorMessage(e)) }),
  );
  return (
    <Button size="sm" busy={close.isPending} onClick={() => close.mutate({ at: new Date(at) })}>
      {label}
    </Button>
  );
}

export function StatementCsvButton({ weekId, vendorId }: { weekId: string; vendorId: string }) {
  const client = useTRPCClient();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      busy={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const f = await client.settlements.statementCsv.query({ weekId, vendorId });
          download(f.filename, f.csv);
        } catch (e) {
          alert(errorMessage(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      CSV
    </Button>
  );
}

/** The quarter's TDS / TCS summary as CSV for the returns; a failure is said next to the button. */
export function TaxSummaryCsvButton({ fyStart, quarter }: { fyStart: number; quarter: number }) {
  const client = useTRPCClient();
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
            const f = await client.settlements.taxSummaryCsv.query({ fyStart, quarter });
            download(f.filename, f.csv);
          } catch (e) {
            setProblem(errorMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        Download CSV for filing
      </Button>
      {problem ? (
        <span role="alert" className="text-sm text-red-600">
          {problem}
        </span>
      ) : null}
    </span>
  );
}

export function CreatePayoutRunButton({ weekId }: { weekId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const run = useMutation(
    trpc.payouts.createRun.mutationOptions({
      onSuccess: (r) => {
        if (r.skippedNoBank.length) alert(`No bank account on file for: ${r.skippedNoBank.join(', ')}`);
        refresh();
      },
      onError: (e) => alert(errorMessage(e)),
    }),
  );
  return (
    <Button size="sm" busy={run.isPending} onClick={() => run.mutate({ weekId })}>
      Create payouts
    </Button>
  );
}

export function BankFileButton({ runId }: { runId: string }) {
  const client = useTRPCClient();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      busy={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const f = await client.payouts.bankFile.query({ runId });
          download(f.filename, f.csv);
        } catch (e) {
          alert(errorMessage(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      Bank upload file (CSV)
    </Button>
  );
}

/** Offline rail: the operator paid through the bank portal and enters the UTR, or records a failure. */
export function MarkPayoutForm({ payoutId }: { payoutId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [utr, setUtr] = useState('');
  const mark = useMutation(
    trpc.payouts.mark.mutationOptions({ onSuccess: refresh, onError: (e) => alert(errorMessage(e)) }),
  );
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        mark.mutate({ payoutId, outcome: 'PAID', utr });
      }}
    >
      <Input
        aria-label="UTR"
        placeholder="UTR"
        value={utr}
        onChange={(e) => setUtr(e.target.value)}
        className="w-40"
        required
      />
      <Button size="sm" type="submit" busy={mark.isPending}>
        Paid
      </Button>
      <Button
        size="sm"
        variant="ghost"
        type="button"
        onClick={() => {
          const reason = prompt('Why did the payout fail?');
          if (reason) mark.mutate({ payoutId, outcome: 'FAILED', reason });
        }}
      >
        Failed
      </Button>
    </form>
  );
}

'use client';

import { useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Field, Table, Td, Th } from '@magma/ui';
import { errorMessage } from '@/components/use-action.ts';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

type RowError = { line: number; message: string };
type ImportResult<E extends RowError> = { created: number; errors: E[] };

/** What the form needs of a tRPC import mutation (`useMutation(trpc.….import.mutationOptions())`). */
export type CsvImportMutation<E extends RowError> = {
  mutate: (input: { csv: string }) => void;
  reset: () => void;
  isPending: boolean;
  error: unknown;
  data: ImportResult<E> | undefined;
};

/**
 * Upload of a CSV file checked row by row on the server: either everything is created, or nothing
 * and every problem is listed with its line. The file is read in the browser and refused above
 * `maxBytes` before it is sent.
 */
export function CsvImportForm<E extends RowError>({
  name,
  mutation,
  maxBytes,
  noun,
  keyColumn,
  keyOf,
  children,
}: {
  name: string;
  mutation: CsvImportMutation<E>;
  maxBytes: number;
  noun: [singular: string, plural: string];
  /** The column that names a row (identity, token), shown beside each problem. */
  keyColumn: string;
  keyOf: (error: E) => string | undefined;
  /** The format, under the file input. */
  children: ReactNode;
}) {
  const t = useDashboardT();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  function onFile(e: ChangeEvent<HTMLInputElement>) {
    mutation.reset();
    const f = e.currentTarget.files?.[0] ?? null;
    setFileError(f && f.size > maxBytes ? t('csvImport.tooLarge', { mb: maxBytes / 1_000_000 }) : null);
    setFile(f);
  }
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!file || fileError) return;
    mutation.mutate({ csv: await file.text() });
  }
  const result = mutation.data;
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label={name}>
      {fileError ? <Alert>{fileError}</Alert> : null}
      {mutation.error ? <Alert>{errorMessage(mutation.error)}</Alert> : null}
      {result && result.errors.length === 0 ? (
        <Alert tone="success">
          {t('csvImport.added', { count: result.created, noun: result.created === 1 ? noun[0] : noun[1] })}
        </Alert>
      ) : null}
      {result && result.errors.length > 0 ? (
        <div className="space-y-2">
          <Alert>{t('csvImport.failed')}</Alert>
          <Table>
            <thead>
              <tr>
                <Th>{t('csvImport.line')}</Th>
                <Th>{keyColumn}</Th>
                <Th>{t('csvImport.problem')}</Th>
              </tr>
            </thead>
            <tbody data-testid="import-errors">
              {result.errors.map((err, i) => (
                <tr key={i}>
                  <Td className="tabular-nums">{err.line}</Td>
                  <Td className="font-mono">{keyOf(err) ?? '—'}</Td>
                  <Td>{err.message}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
      <Field label={t('csvImport.file')}>
        <input
          type="file"
          name="csv"
          accept=".csv,text/csv"
          onChange={onFile}
          required
          className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-primary file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-white"
        />
      </Field>
      <p className="text-xs text-muted">{children}</p>
      <Button type="submit" busy={mutation.isPending} disabled={!file || Boolean(fileError)}>
        {t('csvImport.import')}
      </Button>
    </form>
  );
}

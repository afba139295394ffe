import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { Cell, Column, Row } from './datasets.ts';

// A dataset's file for one run, written page by page to a temporary file so a large table (meter
// samples) never sits in memory: each page becomes one Parquet row group, or CSV lines appended.

export type FileFormat = 'parquet' | 'csv';

export type DatasetFile = {
  format: FileFormat;
  path: string;
  write(rows: Row[]): Promise<void>;
  /** Closes the file; its size and SHA-256 for the manifest. */
  finish(): Promise<{ bytes: number; sha256: string }>;
};

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

function schemaElement(c: Column): SchemaElement {
  const base = { name: c.name, repetition_type: 'OPTIONAL' as const };
  switch (c.type) {
    case 'STRING':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'TIMESTAMP':
      // TIMESTAMP_MILLIS is UTC by definition (isAdjustedToUTC).
      return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' };
    default:
      return { ...base, type: c.type };
  }
}

async function digest(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { bytes: (await stat(path)).size, sha256: hash.digest('hex') };
}

export function parquetFile(path: string, columns: readonly Column[], kv: Record<string, string>): DatasetFile {
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)],
    kvMetadata: Object.entries(kv).map(([key, value]) => ({ key, value })),
    createdBy: 'magma-csms export',
  });
  return {
    format: 'parquet',
    path,
    async write(rows) {
      if (!rows.length) return;
      await writer.write({
        columnData: columns.map((c) => ({ name: c.name, data: rows.map((r) => r[c.name] ?? null) })),
        rowGroupSize: rows.length,
      });
    },
    async finish() {
      await writer.finish();
      return digest(path);
    },
  };
}

const csvCell = (v: Cell): string => {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString();
  return String(v);
};

export async function csvFile(path: string, columns: readonly Column[]): Promise<DatasetFile> {
  const handle = await open(path, 'w');
  const names = columns.map((c) => c.name);
  await handle.write(stringify([names]));
  return {
    format: 'csv',
    path,
    async write(rows) {
      if (!rows.length) return;
      await handle.write(stringify(rows.map((r) => names.map((n) => csvCell(r[n] ?? null)))));
    },
    async finish() {
      await handle.close();
      return digest(path);
    },
  };
}

import type { Writable } from 'node:stream';
import { csvLine, TableColumn, TableValue, UTF8_BOM, writeChunk, XlsxTableWriter } from './table-writers';

/** Writes rows of a table in one format; the same code serves the API's files and the export jobs'. */
export interface TableSink {
  header(columns: TableColumn[]): Promise<void>;
  row(values: readonly TableValue[]): Promise<void>;
  /** A sheet after the data (XLSX: Satu Data metadata); CSV and JSON carry it otherwise or not at all. */
  finish(extra: { name: string; columns: TableColumn[]; rows: readonly (readonly TableValue[])[] } | null): Promise<void>;
}

export function csvSink(out: Writable): TableSink {
  return {
    header: (columns) => writeChunk(out, UTF8_BOM + csvLine(columns.map((c) => c.name))),
    row: (values) => writeChunk(out, csvLine(values)),
    finish: async () => undefined,
  };
}

export function xlsxSink(out: Writable): TableSink {
  let writer: XlsxTableWriter | null = null;
  return {
    header: async (columns) => {
      writer = await XlsxTableWriter.open(out, 'data', columns);
    },
    row: (values) => writer!.add(values),
    finish: async (extra) => {
      if (extra) await writer!.addSheet(extra.name, extra.columns, extra.rows);
      await writer!.finish();
    },
  };
}

/** `{…head, "data": [{column: value}, …]}`, written as it goes. */
export function jsonSink(out: Writable, head: Record<string, unknown>): TableSink {
  let names: string[] = [];
  let first = true;
  return {
    header: async (columns) => {
      names = columns.map((c) => c.name);
      await writeChunk(out, `${JSON.stringify(head).slice(0, -1)},"data":[`);
    },
    row: async (values) => {
      const record: Record<string, TableValue> = {};
      names.forEach((name, i) => (record[name] = values[i] ?? null));
      await writeChunk(out, `${first ? '' : ','}\n${JSON.stringify(record)}`);
      first = false;
    },
    finish: () => writeChunk(out, '\n]}\n'),
  };
}

export function sinkFor(format: 'csv' | 'xlsx' | 'json', out: Writable, head: Record<string, unknown>): TableSink {
  return format === 'csv' ? csvSink(out) : format === 'xlsx' ? xlsxSink(out) : jsonSink(out, head);
}

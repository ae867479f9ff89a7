import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { SubmissionExportSql } from '../submissions/submission.repository';
import { ExportStreamRepository } from './export-stream.repository';
import { sinkFor } from './table-sinks';
import { csvLine, fieldValue, TableColumn, TableValue, UTF8_BOM, writeChunk } from './table-writers';

/** What the job hands the export process: everything decided, only the streaming left. */
export interface ExportPlan {
  connectionString: string;
  /** `csv`: COPY of CSV-ready rows; `xlsx`, `json`: cursor rows with the submission's data last. */
  format: 'csv' | 'xlsx' | 'json';
  statement: SubmissionExportSql;
  columns: TableColumn[];
  /** Paths of the field columns, read from each row's data (xlsx, json). */
  fields: string[][];
  head: Record<string, unknown>;
  path: string;
}

/** What the export process tells the job. */
export type ExportMessage = { progress: number; total: number } | { done: number } | { error: string };

const PROGRESS_EVERY_MS = 500;

/**
 * Streams one export of submissions into `plan.path`, reporting progress: the export process's whole
 * work. It loads nothing but the database driver and the writers, so a million-row export runs in a
 * process of a few dozen MB beside the worker, and ends with it.
 */
export async function runExport(plan: ExportPlan, report: (message: ExportMessage) => void): Promise<number> {
  const stream = new ExportStreamRepository(plan.connectionString);
  const out = createWriteStream(plan.path);
  let total = 0;
  // The total (for progress) is counted on another connection while the rows already flow.
  const counting = stream.count(plan.statement).then(
    (n) => (total = n),
    () => undefined,
  );
  let last = 0;
  const progress = (rows: number) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    report({ progress: rows, total });
  };
  let rows = 0;
  if (plan.format === 'csv') {
    await writeChunk(out, UTF8_BOM + csvLine(plan.columns.map((c) => c.name)));
    let lines = 0;
    rows = await stream.copyCsv(plan.statement, out, (chunk) => {
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
      progress(lines);
    });
  } else {
    const sink = sinkFor(plan.format, out, plan.head);
    await sink.header(plan.columns);
    await stream.cursor(plan.statement, async (batch) => {
      for (const row of batch) {
        const data = row[row.length - 1];
        const values = row.slice(0, -1).map((value): TableValue => (value === null || typeof value === 'number' ? value : String(value)));
        for (const path of plan.fields) values.push(fieldValue(data, path));
        await sink.row(values);
      }
      rows += batch.length;
      progress(rows);
    });
    await sink.finish(null);
  }
  out.end();
  await finished(out);
  await counting;
  return rows;
}

// Run as a child process: one plan in, progress and the outcome out, then exit. A job whose worker
// went away leaves its export too.
if (require.main === module) {
  process.on('disconnect', () => process.exit(1));
  process.once('message', (plan: ExportPlan) => {
    runExport(plan, (message) => process.send?.(message)).then(
      (rows) => process.send?.({ done: rows } satisfies ExportMessage, () => process.exit(0)),
      (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) } satisfies ExportMessage, () => process.exit(1)),
    );
  });
}

import { useId, useState, type ChangeEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../api/http';
import type { FieldProblem, Region, RegionLevel } from '../../../api/types';
import { describeError } from '../../../app/PageState';
import { useToast } from '../../../app/Toaster';
import { PARENT_LEVEL, regionRowsOf, TEMPLATE_CSV, type BulkRegionRow, type SheetRegionRows } from './region-rows';
import { addRegionsInBulk, adminRegionsKey, type BulkAnswer } from './regions-api';
import { readSpreadsheet } from '../spreadsheet';

/** The server's limit on rows per request. */
const MAX_ROWS = 2000;
const LEVELS: readonly string[] = ['rw', 'rt', 'dasawisma'];

type Check = { kind: 'ok'; answer: BulkAnswer } | { kind: 'bad'; problems: Map<number, FieldProblem[]> };

/** `/rows/3/name` → 3. */
const rowOf = (problem: FieldProblem): number => Number(/^\/rows\/(\d+)\//.exec(problem.path)?.[1] ?? -1);

/** The server's row-by-row report (422 with `errors` at `/rows/<index>/…`), by row; null for any other failure. */
function rowProblems(error: Error): Map<number, FieldProblem[]> | null {
  if (!isApiError(error) || error.status !== 422 || error.errors.length === 0) return null;
  const problems = new Map<number, FieldProblem[]>();
  for (const problem of error.errors) problems.set(rowOf(problem), [...(problems.get(rowOf(problem)) ?? []), problem]);
  return problems;
}

function ProblemText({ problem, row }: { problem: FieldProblem; row: BulkRegionRow }): ReactElement {
  const { t } = useTranslation();
  const level = LEVELS.includes(row.level) ? (row.level as RegionLevel) : null;
  const parent = row.parent
    .split('/')
    .map((part) => part.trim())
    .filter(Boolean);
  const known = ['required', 'maxLength', 'pattern', 'enum', 'type', 'parentMissing', 'parentLevel', 'duplicate', 'tooMany'];
  const text = known.includes(problem.keyword)
    ? t(`adminRegions.problems.${problem.keyword}`, {
        name: row.name,
        parent: parent[parent.length - 1] ?? '',
        level: level ? t(`regionLevels.${level}`) : row.level,
        expected: level && PARENT_LEVEL[level] ? t(`regionLevels.${PARENT_LEVEL[level]}`) : '',
      })
    : t('adminRegions.problems.other');
  return <li>{text}</li>;
}

function Report({ sheet, check, added }: { sheet: SheetRegionRows; check: Check; added: boolean }): ReactElement {
  const { t } = useTranslation();
  const created = check.kind === 'ok' ? new Map(check.answer.created.map((region) => [region.row, region])) : new Map();
  return (
    <div className="tool-table-wrap">
      <table className="tool-table region-report" aria-label={t('adminRegions.bulk.reportTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('adminRegions.bulk.line')}</th>
            <th scope="col">{t('adminRegions.name')}</th>
            <th scope="col">{t('adminRegions.level')}</th>
            <th scope="col">{t('adminRegions.bulk.parent')}</th>
            <th scope="col">{t('adminRegions.bulk.result')}</th>
          </tr>
        </thead>
        <tbody>
          {sheet.rows.map((row, index) => {
            const problems = check.kind === 'bad' ? (check.problems.get(index) ?? []) : [];
            const region = created.get(index);
            return (
              <tr key={sheet.lines[index]} className={problems.length ? 'region-report-bad' : undefined}>
                <td data-label={t('adminRegions.bulk.line')}>{sheet.lines[index]}</td>
                <td data-label={t('adminRegions.name')}>{row.name}</td>
                <td data-label={t('adminRegions.level')}>{LEVELS.includes(row.level) ? t(`regionLevels.${row.level}`) : row.level}</td>
                <td data-label={t('adminRegions.bulk.parent')}>{row.parent}</td>
                <td data-label={t('adminRegions.bulk.result')}>
                  {problems.length > 0 ? (
                    <ul className="region-report-problems">
                      {problems.map((problem) => (
                        <ProblemText key={problem.path + problem.keyword} problem={problem} row={row} />
                      ))}
                    </ul>
                  ) : region ? (
                    t(added ? 'adminRegions.bulk.got' : 'adminRegions.bulk.willGet', { code: region.code })
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Adds many RW / RT / dasawisma below `parent` from a CSV or XLSX: the file is read in the browser,
 * checked by the server as a dry run (every bad row named), and only then added, all or none.
 */
export function BulkAddPanel({ parent, onClose }: { parent: Region; onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [sheet, setSheet] = useState<SheetRegionRows | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [added, setAdded] = useState(false);

  const showRowProblems = (error: Error): void => {
    const problems = rowProblems(error);
    if (problems) setCheck({ kind: 'bad', problems });
  };
  const dryRun = useMutation({
    mutationFn: (rows: BulkRegionRow[]) => addRegionsInBulk({ parentCode: parent.code, rows, dryRun: true }),
    onSuccess: (answer) => setCheck({ kind: 'ok', answer }),
    onError: showRowProblems,
  });
  const save = useMutation({
    mutationFn: (rows: BulkRegionRow[]) => addRegionsInBulk({ parentCode: parent.code, rows, dryRun: false }),
    onSuccess: (answer) => {
      setCheck({ kind: 'ok', answer });
      setAdded(true);
      notify(
        t('adminRegions.bulk.done', {
          count: answer.created.length,
          name: parent.name,
        }),
        'success',
      );
      void queryClient.invalidateQueries({ queryKey: adminRegionsKey });
    },
    // Another admin may have added a same-named region since the check: the rows say so again.
    onError: showRowProblems,
  });

  const choose = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    setSheet(null);
    setCheck(null);
    setAdded(false);
    setFileProblem(null);
    dryRun.reset();
    save.reset();
    if (!file) return;
    let rows: SheetRegionRows | null;
    try {
      rows = regionRowsOf(await readSpreadsheet(file));
    } catch {
      setFileProblem(t('adminRegions.bulk.unreadable'));
      return;
    }
    if (!rows) return setFileProblem(t('adminRegions.bulk.noHeader'));
    if (rows.rows.length === 0) return setFileProblem(t('adminRegions.bulk.noRows'));
    if (rows.rows.length > MAX_ROWS)
      return setFileProblem(
        t('adminRegions.bulk.tooMany', {
          max: MAX_ROWS,
          count: rows.rows.length,
        }),
      );
    setSheet(rows);
    dryRun.mutate(rows.rows);
  };

  const badRows = check?.kind === 'bad' ? check.problems.size : 0;
  const requestError = [dryRun.error, save.error].find((error) => error && !rowProblems(error)) ?? null;
  return (
    <section className="region-bulk" aria-labelledby={`${fileId}-title`}>
      <h3 id={`${fileId}-title`} className="region-add-title">
        {t('adminRegions.bulk.title', { name: parent.name })}
      </h3>
      <p className="field-help">{t('adminRegions.bulk.help', { name: parent.name })}</p>
      <p>
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE_CSV)}`} download="contoh-wilayah.csv">
          {t('adminRegions.bulk.template')}
        </a>
      </p>
      <div className="field">
        <label className="field-label" htmlFor={fileId}>
          {t('adminRegions.bulk.file')}
        </label>
        <input
          id={fileId}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => void choose(event)}
        />
      </div>
      {fileProblem && (
        <p className="notice notice--danger" role="alert">
          {fileProblem}
        </p>
      )}
      {dryRun.isPending && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> {t('adminRegions.bulk.checking')}
        </p>
      )}
      {requestError && (
        <p className="notice notice--danger" role="alert">
          {describeError(requestError, t)}
        </p>
      )}
      {sheet && check && (
        <div className="region-bulk-report">
          <h4 className="region-add-title">{t('adminRegions.bulk.reportTitle')}</h4>
          {check.kind === 'bad' ? (
            <p className="notice notice--danger" role="alert">
              {t('adminRegions.bulk.someBad', { count: badRows })}
            </p>
          ) : (
            !added && (
              <p className="notice notice--info" role="status">
                {t('adminRegions.bulk.allGood', {
                  count: check.answer.created.length,
                })}
              </p>
            )
          )}
          <Report sheet={sheet} check={check} added={added} />
        </div>
      )}
      <div className="inline-controls">
        {sheet && check?.kind === 'ok' && !added && (
          <button type="button" className="button button--primary" disabled={save.isPending} onClick={() => save.mutate(sheet.rows)}>
            {save.isPending ? t('adminRegions.bulk.saving') : t('adminRegions.bulk.confirm', { count: sheet.rows.length })}
          </button>
        )}
        <button type="button" className="button button--secondary" onClick={onClose}>
          {added ? t('adminRegions.bulk.finish') : t('adminRegions.bulk.cancel')}
        </button>
      </div>
    </section>
  );
}

import { useEffect, useId, useState, type ChangeEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../api/http';
import { describeError } from '../../../app/PageState';
import { formatDateTime } from '../../../lib/wib';
import { BULK_MAX_ROWS, readUserSheet, type SheetRows } from './spreadsheet-rows';
import { createUsersInBulk, type BulkRowProblem, type UserWithPassword } from './users-api';

type Stage =
  | { kind: 'choose'; problem?: string }
  | { kind: 'busy'; message: string }
  | { kind: 'checked'; sheet: SheetRows }
  | { kind: 'report'; sheet: SheetRows; problems: BulkRowProblem[] }
  | { kind: 'created'; users: UserWithPassword[]; at: Date };

const isRowProblem = (value: unknown): value is BulkRowProblem =>
  typeof value === 'object' && value !== null && typeof (value as BulkRowProblem).row === 'number' && typeof (value as BulkRowProblem).field === 'string';

/** The server's row problems, or null when the answer was not a row report. */
function rowProblems(error: unknown): BulkRowProblem[] | null {
  if (!isApiError(error) || error.code !== 'USER_ROWS_INVALID') return null;
  const problems = (error.errors as unknown[]).filter(isRowProblem);
  return problems.length ? problems : null;
}

function RowReport({ sheet, problems }: { sheet: SheetRows; problems: BulkRowProblem[] }): ReactElement {
  const { t } = useTranslation();
  return (
    <section className="bulk-report" aria-labelledby="bulk-report-title">
      <div className="notice notice--danger" role="alert">
        <p className="notice-title" id="bulk-report-title">
          {t('admin.users.bulk.report')}
        </p>
        <p>{t('admin.users.bulk.reportLead')}</p>
      </div>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.users.bulk.row')}</th>
            <th scope="col">{t('admin.users.bulk.column')}</th>
            <th scope="col">{t('admin.users.bulk.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem) => (
            <tr key={`${problem.row}-${problem.field}`}>
              <td data-label={t('admin.users.bulk.row')}>{sheet.lines[problem.row - 1] ?? problem.row}</td>
              <td data-label={t('admin.users.bulk.column')}>{t(`admin.users.bulk.fields.${problem.field}`)}</td>
              <td data-label={t('admin.users.bulk.problem')}>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The first passwords of the users just made, laid out to print and cut into slips. */
function PasswordSheet({ users, at }: { users: UserWithPassword[]; at: Date }): ReactElement {
  const { t, i18n } = useTranslation();
  return (
    <section className="password-sheet" aria-labelledby="password-sheet-title">
      <h2 id="password-sheet-title" className="section-title">
        {t('admin.users.bulk.sheetTitle')}
      </h2>
      <p className="password-sheet-lead">{t('admin.users.bulk.sheetLead', { time: formatDateTime(at, i18n.language) })}</p>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.users.name')}</th>
            <th scope="col">{t('admin.users.username')}</th>
            <th scope="col">{t('admin.users.passwordLabel')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td data-label={t('admin.users.name')}>{user.displayName}</td>
              <td data-label={t('admin.users.username')}>{user.username}</td>
              <td data-label={t('admin.users.passwordLabel')} className="password-cell">
                {user.password}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** "Tambah banyak": a spreadsheet of users, checked row by row, created all or none, first passwords printed once. */
export function BulkUsersPage(): ReactElement {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });

  useEffect(() => {
    document.title = `${t('admin.users.bulk.title')} — Wakuncar`;
  }, [t]);

  const send = async (sheet: SheetRows, dryRun: boolean): Promise<void> => {
    setStage({ kind: 'busy', message: t(dryRun ? 'admin.users.bulk.checking' : 'admin.users.bulk.creating') });
    try {
      const answer = await createUsersInBulk(sheet.rows, dryRun);
      if (dryRun) return setStage({ kind: 'checked', sheet });
      setStage({ kind: 'created', users: answer.users, at: new Date() });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    } catch (caught) {
      const problems = rowProblems(caught);
      setStage(problems ? { kind: 'report', sheet, problems } : { kind: 'choose', problem: describeError(caught, t) });
    }
  };

  const choose = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setStage({ kind: 'busy', message: t('admin.users.bulk.reading') });
    let sheet: SheetRows;
    try {
      sheet = await readUserSheet(file);
    } catch {
      return setStage({ kind: 'choose', problem: t('admin.users.bulk.unreadable') });
    }
    if (sheet.missing.length) {
      const columns = sheet.missing.map((field) => t(`admin.users.bulk.fields.${field}`)).join(', ');
      return setStage({ kind: 'choose', problem: t('admin.users.bulk.missingColumns', { columns }) });
    }
    if (sheet.rows.length === 0) return setStage({ kind: 'choose', problem: t('admin.users.bulk.noRows') });
    if (sheet.rows.length > BULK_MAX_ROWS) return setStage({ kind: 'choose', problem: t('admin.users.bulk.tooMany', { max: BULK_MAX_ROWS }) });
    await send(sheet, true);
  };

  const picker = (
    <div className="admin-field no-print">
      <label htmlFor={fileId}>{t('admin.users.bulk.file')}</label>
      <input id={fileId} className="input" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(event) => void choose(event)} />
    </div>
  );

  return (
    <div className="page">
      <p className="breadcrumb no-print">
        <Link to="/admin/pengguna">{t('admin.users.title')}</Link>
      </p>
      <div className="no-print">
        <h1 className="page-title">{t('admin.users.bulk.title')}</h1>
        <p className="page-lead">{t('admin.users.bulk.lead')}</p>
        <p className="small muted">
          {t('admin.users.bulk.example')}: <code>nama,nama pengguna,peran,kode wilayah</code> · <code>Siti Aminah,siti.aminah,kader,18.72.05.1001</code>
        </p>
      </div>

      {stage.kind === 'choose' && (
        <>
          {picker}
          {stage.problem && (
            <p className="notice notice--danger" role="alert">
              {stage.problem}
            </p>
          )}
        </>
      )}
      {stage.kind === 'busy' && (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> {stage.message}
        </div>
      )}
      {stage.kind === 'checked' && (
        <>
          <p className="notice notice--info" role="status">
            {t('admin.users.bulk.allGood', { count: stage.sheet.rows.length })}
          </p>
          <div className="admin-actions">
            <button type="button" className="button button--primary" onClick={() => void send(stage.sheet, false)}>
              {t('admin.users.bulk.createAll', { count: stage.sheet.rows.length })}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setStage({ kind: 'choose' })}>
              {t('admin.users.bulk.another')}
            </button>
          </div>
        </>
      )}
      {stage.kind === 'report' && (
        <>
          <RowReport sheet={stage.sheet} problems={stage.problems} />
          {picker}
        </>
      )}
      {stage.kind === 'created' && (
        <>
          <p className="notice notice--info no-print" role="status">
            {t('admin.users.bulk.done', { count: stage.users.length })}
          </p>
          <div className="admin-actions no-print">
            <button type="button" className="button button--primary" onClick={() => window.print()}>
              {t('admin.users.bulk.print')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setStage({ kind: 'choose' })}>
              {t('admin.users.bulk.another')}
            </button>
          </div>
          <PasswordSheet users={stage.users} at={stage.at} />
        </>
      )}
    </div>
  );
}

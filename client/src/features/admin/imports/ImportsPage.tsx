import { useEffect, useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useMutation } from '@tanstack/react-query';
import { useThemes } from '../../../api/queries';
import { describeError } from '../../../app/PageState';
import { downloadFile } from '../../dashboard/downloads/downloads-api';
import '../../tokens/tool-page.css';
import './texts';
import './imports.css';
import { isPending, startImport, templatePath, useImport, type ImportView } from './imports-api';

/** Problems listed on screen; the counts above still cover every row. */
const SHOWN_PROBLEMS = 200;

function Progress({ view }: { view: ImportView | undefined }): ReactElement {
  const { t } = useTranslation();
  const percent = Math.round((view?.progress ?? 0) * 100);
  return (
    <div className="imports-progress" role="status">
      <p>{view?.dryRun === false && (view.progress ?? 0) >= 0.9 ? t('adminImports.progress.storing') : t('adminImports.progress.checking')}</p>
      <progress max={100} value={percent} aria-label={t('adminImports.progress.label')} />
      <span>{percent}%</span>
    </div>
  );
}

function Report({ view }: { view: ImportView }): ReactElement {
  const { t } = useTranslation();
  const shown = view.errors.slice(0, SHOWN_PROBLEMS);
  return (
    <table className="tool-table imports-report">
      <caption>{t('adminImports.report.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('adminImports.report.row')}</th>
          <th scope="col">{t('adminImports.report.field')}</th>
          <th scope="col">{t('adminImports.report.problem')}</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((problem, index) => (
          <tr key={`${problem.row}-${problem.path}-${index}`}>
            <td>{problem.row}</td>
            <td>{problem.field ?? t('adminImports.report.wholeFile')}</td>
            <td>{problem.message}</td>
          </tr>
        ))}
      </tbody>
      {view.errors.length > shown.length && (
        <tfoot>
          <tr>
            <td colSpan={3}>{t('adminImports.report.more', { count: view.errors.length - shown.length })}</td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

function Outcome({ view, onConfirm, confirming }: { view: ImportView; onConfirm: () => void; confirming: boolean }): ReactElement {
  const { t } = useTranslation();
  if (view.status === 'failed') {
    return (
      <div className="notice notice--danger" role="alert">
        {t('adminImports.result.failed', { reason: view.error ?? '' })}
      </div>
    );
  }
  const ok = view.errors.length === 0 && view.total > 0;
  return (
    <div className="imports-outcome">
      {view.ignoredColumns.length > 0 && <p className="notice notice--info">{t('adminImports.result.ignored', { columns: view.ignoredColumns.join(', ') })}</p>}
      {ok && view.dryRun && (
        <div className="notice notice--success" role="status">
          <p>{t('adminImports.result.checkedOk', { count: view.accepted })}</p>
          <button type="button" className="button button--primary" onClick={onConfirm} disabled={confirming}>
            {t('adminImports.result.confirm', { count: view.accepted })}
          </button>
        </div>
      )}
      {ok && !view.dryRun && (
        <div className="notice notice--success" role="status">
          <p>{t('adminImports.result.stored', { stored: view.stored })}</p>
          {view.alreadyStored > 0 && <p>{t('adminImports.result.alreadyStored', { count: view.alreadyStored })}</p>}
        </div>
      )}
      {!ok && (
        <div className="notice notice--danger" role="alert">
          {view.rejected > 0 ? t('adminImports.result.refused', { rejected: view.rejected, total: view.total }) : t('adminImports.result.refusedFile')}
        </div>
      )}
      {view.errors.length > 0 && <Report view={view} />}
    </div>
  );
}

/**
 * The admin's import screen (/admin/impor): the theme's template, an upload checked first (a dry
 * run), then stored on confirmation, with the job's progress and the row report.
 */
export function ImportsPage(): ReactElement {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const themes = useThemes();
  const theme = search.get('tema') ?? '';
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [regionCode, setRegionCode] = useState('');
  const [importId, setImportId] = useState<string | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [templateFailed, setTemplateFailed] = useState(false);
  const job = useImport(importId);
  const start = useMutation({
    mutationFn: (dryRun: boolean) => startImport(theme, file!, { dryRun, regionCode: regionCode.trim() || undefined }),
    onSuccess: (created) => setImportId(created.id),
  });

  useEffect(() => {
    document.title = `${t('adminImports.title')} — Wakuncar`;
  }, [t]);
  // Another theme starts over: the last import's report is not about it.
  useEffect(() => setImportId(null), [theme]);

  const run = (dryRun: boolean) => {
    if (!file) {
      setMissingFile(true);
      return;
    }
    setMissingFile(false);
    setImportId(null);
    start.mutate(dryRun);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(true);
  };
  const view = job.data;
  const busy = start.isPending || (importId !== null && (!view || isPending(view)));

  return (
    <div className="page tool-page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('adminImports.title')}</h1>
          <p className="page-lead">{t('adminImports.lead')}</p>
        </div>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-theme`}>
          {t('adminImports.theme')}
        </label>
        <select id={`${id}-theme`} className="input" value={theme} disabled={themes.isPending} onChange={(event) => setSearch(event.target.value ? { tema: event.target.value } : {})}>
          <option value="">{t('adminImports.chooseTheme')}</option>
          {(themes.data ?? []).map((item) => (
            <option key={item.slug} value={item.slug}>
              {item.title}
            </option>
          ))}
        </select>
      </div>
      {theme === '' ? (
        <p className="empty">{t('adminImports.pickFirst')}</p>
      ) : (
        <div className="imports-steps">
          <section className="card" aria-labelledby={`${id}-template`}>
            <h2 id={`${id}-template`} className="section-title">
              {t('adminImports.template.title')}
            </h2>
            <p>{t('adminImports.template.body')}</p>
            <button
              type="button"
              className="button"
              onClick={() => {
                setTemplateFailed(false);
                downloadFile(templatePath(theme), `templat-impor-${theme}.xlsx`).catch(() => setTemplateFailed(true));
              }}
            >
              {t('adminImports.template.download')}
            </button>
            {templateFailed && (
              <p className="notice notice--danger" role="alert">
                {t('adminImports.template.failed')}
              </p>
            )}
          </section>
          <form className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-upload`}>
            <h2 id={`${id}-upload`} className="section-title">
              {t('adminImports.upload.title')}
            </h2>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-file`}>
                {t('adminImports.upload.file')}
              </label>
              <input
                id={`${id}-file`}
                className="input"
                type="file"
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                aria-describedby={`${id}-file-help`}
                onChange={(event) => {
                  setFile(event.target.files?.[0] ?? null);
                  setImportId(null);
                }}
              />
              <span id={`${id}-file-help`} className="field-help">
                {t('adminImports.upload.fileHelp')}
              </span>
            </div>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-region`}>
                {t('adminImports.upload.region')}
              </label>
              <input id={`${id}-region`} className="input" inputMode="decimal" value={regionCode} onChange={(event) => setRegionCode(event.target.value)} aria-describedby={`${id}-region-help`} />
              <span id={`${id}-region-help`} className="field-help">
                {t('adminImports.upload.regionHelp')}
              </span>
            </div>
            {missingFile && (
              <p className="notice notice--danger" role="alert">
                {t('adminImports.upload.chooseFile')}
              </p>
            )}
            {start.error && (
              <p className="notice notice--danger" role="alert">
                {describeError(start.error, t)}
              </p>
            )}
            <div className="imports-actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                {t('adminImports.upload.check')}
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => run(false)}>
                {t('adminImports.upload.store')}
              </button>
            </div>
          </form>
          {importId !== null && (
            <section className="card" aria-labelledby={`${id}-result`} aria-live="polite">
              <h2 id={`${id}-result`} className="section-title">
                {t('adminImports.result.title')}
              </h2>
              {!view || isPending(view) ? <Progress view={view} /> : <Outcome view={view} confirming={busy} onConfirm={() => run(false)} />}
              {job.error && <p className="notice notice--danger">{describeError(job.error, t)}</p>}
            </section>
          )}
        </div>
      )}
    </div>
  );
}

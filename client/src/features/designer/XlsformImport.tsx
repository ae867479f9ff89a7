import { useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/http';
import { designerThemesKey, importXlsform, xlsformProblems, type XlsformNote } from './designer-api';

/** What the list hands the editor it opens after an import: the server's report, shown once. */
export interface XlsformImportState {
  xlsformReport: XlsformNote[];
}

export function xlsformReportOf(state: unknown): XlsformNote[] | null {
  const report = (state as Partial<XlsformImportState> | null)?.xlsformReport;
  return Array.isArray(report) ? report : null;
}

/** Where each note is in the spreadsheet, as the admin finds it in Excel: sheet, row, column. */
function XlsformNotes({ notes, caption }: { notes: XlsformNote[]; caption: string }): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="xlsform-table-wrap">
      <table className="xlsform-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('designer.xlsform.sheet')}</th>
            <th scope="col">{t('designer.xlsform.row')}</th>
            <th scope="col">{t('designer.xlsform.column')}</th>
            <th scope="col">{t('designer.xlsform.message')}</th>
          </tr>
        </thead>
        <tbody>
          {notes.map((note, index) => (
            <tr key={`${note.sheet}-${note.row}-${note.column}-${index}`}>
              <td>{note.sheet || '—'}</td>
              <td>{note.row ?? '—'}</td>
              <td>{note.column ?? '—'}</td>
              <td>{note.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * "Impor XLSForm" on the designer's list: uploads a form made for KoboToolbox/ODK, and opens the draft
 * the server made of it with the report of what it could not translate. A refused file stays here,
 * with each problem's place in the spreadsheet.
 */
export function ImportXlsform(): ReactElement {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; notes: XlsformNote[] } | null>(null);

  const upload = async (): Promise<void> => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      const { slug, report } = await importXlsform(file);
      void queryClient.invalidateQueries({ queryKey: designerThemesKey });
      const state: XlsformImportState = { xlsformReport: report };
      navigate(`/desain/${slug}`, { state });
    } catch (error) {
      if (isApiError(error) && error.status === 413) setProblem({ text: t('designer.xlsform.tooLarge'), notes: [] });
      else if (isApiError(error) && error.status === 422) setProblem({ text: t('designer.xlsform.refused'), notes: xlsformProblems(error.extensions) });
      else setProblem({ text: isApiError(error) && error.detail ? error.detail : t('errors.generic'), notes: [] });
      setBusy(false);
    }
  };

  return (
    <section className="card designer-new xlsform-import" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`} className="section-title">
        {t('designer.xlsform.title')}
      </h2>
      <p className="small muted">{t('designer.xlsform.lead')}</p>
      <div className="designer-prop">
        <label htmlFor={inputId}>{t('designer.xlsform.fileLabel')}</label>
        <input
          id={inputId}
          type="file"
          className="input"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-invalid={problem !== null}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setProblem(null);
          }}
        />
      </div>
      {problem && (
        <div className="notice notice--danger" role="alert">
          <p>{problem.text}</p>
          {problem.notes.length > 0 && <XlsformNotes notes={problem.notes} caption={t('designer.xlsform.refused')} />}
        </div>
      )}
      <button type="button" className="button button--primary" disabled={!file || busy} onClick={() => void upload()}>
        {busy ? t('designer.xlsform.importing') : t('designer.xlsform.import')}
      </button>
    </section>
  );
}

/** Shown in the editor after an import: what the draft could not take over, to finish by hand. */
export function XlsformReport({ notes, onClose }: { notes: XlsformNote[]; onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  return (
    <div className={`notice ${notes.length > 0 ? 'notice--warning' : 'notice--info'} xlsform-report`} role="status">
      <p className="notice-title">{t('designer.xlsform.reportTitle')}</p>
      <p>{notes.length > 0 ? t('designer.xlsform.reportSome', { count: notes.length }) : t('designer.xlsform.reportAll')}</p>
      {notes.length > 0 && <XlsformNotes notes={notes} caption={t('designer.xlsform.reportTitle')} />}
      <button type="button" className="button button--quiet button--small" onClick={onClose}>
        {t('designer.xlsform.close')}
      </button>
    </div>
  );
}

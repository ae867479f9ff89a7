import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Dialog } from '../../app/Dialog';
import type { OutboxItem } from './database';
import { useOutbox } from './OutboxProvider';

export type RejectionKind = 'validation' | 'conflict' | 'scope' | 'forbidden' | 'tooLarge' | 'other';

/** What went wrong, in the terms of what the cadre can do about it. */
export function rejectionKind(item: OutboxItem): RejectionKind {
  const problem = item.lastFailure?.problem;
  if (!problem) return 'other';
  if (problem.status === 409 || problem.code === 'SUBMISSION_CONFLICT') return 'conflict';
  if (problem.status === 422 || problem.code === 'VALIDATION_FAILED') return 'validation';
  if (problem.status === 404 || problem.code === 'REGION_OUT_OF_SCOPE') return 'scope';
  if (problem.status === 403) return 'forbidden';
  if (problem.status === 413) return 'tooLarge';
  return 'other';
}

export const fixLink = (item: OutboxItem): string => `/tugas/${encodeURIComponent(item.theme)}?antrean=${encodeURIComponent(item.id)}`;

interface RejectionNoticeProps {
  item: OutboxItem;
  /** Inside the form being fixed: explain only, the fields show their own errors. */
  inForm?: boolean;
}

/** A submission the server refused: kept on the device, with the reason and the way to fix it. */
export function RejectionNotice({ item, inForm = false }: RejectionNoticeProps): ReactElement {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const [confirming, setConfirming] = useState(false);
  const kind = rejectionKind(item);
  const problem = item.lastFailure?.problem;
  // Each message names its field ("NIK pemilik harus 16 angka"), in the language the person asked in.
  const fieldErrors = problem?.errors ?? [];
  return (
    <div className="notice notice--danger rejection" role={inForm ? 'alert' : undefined}>
      <p className="notice-title">{t(`outbox.rejection.${kind}.title`)}</p>
      <p>{t(`outbox.rejection.${kind}.fix`)}</p>
      {!inForm && fieldErrors.length > 0 && (
        <ul className="rejection-errors">
          {fieldErrors.map((error, index) => (
            <li key={index}>{error.message}</li>
          ))}
        </ul>
      )}
      {problem && (problem.detail || problem.code) && (
        <p className="muted small">
          {t('outbox.serverSaid')}: {problem.detail || problem.title} ({problem.code})
        </p>
      )}
      {!inForm && (
        <div className="inline-controls">
          {kind === 'conflict' && (
            <button type="button" className="button button--primary button--small" onClick={() => void outbox.resendAsNew(item.id)}>
              {t('outbox.resendAsNew')}
            </button>
          )}
          {kind !== 'forbidden' && (
            <Link className={`button ${kind === 'conflict' ? 'button--secondary' : 'button--primary'} button--small`} to={fixLink(item)}>
              {t('outbox.fix')}
            </Link>
          )}
          <button type="button" className="button button--danger-quiet button--small" onClick={() => setConfirming(true)}>
            {t('outbox.delete')}
          </button>
        </div>
      )}
      {confirming && (
        <Dialog
          tone="danger"
          title={t('outbox.deleteTitle')}
          onClose={() => setConfirming(false)}
          actions={
            <>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  setConfirming(false);
                  void outbox.remove(item.id);
                }}
              >
                {t('outbox.deleteConfirm')}
              </button>
            </>
          }
        >
          <p>{t('outbox.deleteWarning', { theme: item.themeTitle })}</p>
        </Dialog>
      )}
    </div>
  );
}

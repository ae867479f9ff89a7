import { useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/wib';
import type { SavedAtStore } from './use-draft';

/** "Draf tersimpan …" beside the form's buttons: redrawn alone when the draft is saved. */
export function DraftSavedStatus({ store }: { store: SavedAtStore }): ReactElement {
  const { t, i18n } = useTranslation();
  const savedAt = useSyncExternalStore(store.subscribe, store.get);
  return (
    <p className="form-actions-status muted small" role="status">
      {savedAt ? t('fill.draftSaved', { time: formatDateTime(savedAt, i18n.language) }) : t('fill.draftAuto')}
    </p>
  );
}

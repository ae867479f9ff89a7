import { useEffect, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { whenIdle } from '../../lib/idle';
import { formatDateTime } from '../../lib/wib';
import type { SavedAtStore } from './use-draft';

/** "Draf tersimpan …" beside the form's buttons: redrawn alone when the draft is saved. */
export function DraftSavedStatus({ store }: { store: SavedAtStore }): ReactElement {
  const { t, i18n } = useTranslation();
  const savedAt = useSyncExternalStore(store.subscribe, store.get);
  // The first "saved at" time builds a time-zone formatter, slow enough on a cheap phone to be felt
  // when it lands on a keystroke: built while the page is idle instead.
  useEffect(() => whenIdle(() => void formatDateTime(new Date(), i18n.language), 3000), [i18n.language]);
  return (
    <p className="form-actions-status muted small" role="status">
      {savedAt ? t('fill.draftSaved', { time: formatDateTime(savedAt, i18n.language) }) : t('fill.draftAuto')}
    </p>
  );
}

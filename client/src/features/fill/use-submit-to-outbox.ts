import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { JsonObject, Region, ThemeSummary, ThemeVersion } from '../../api/types';
import { useToast } from '../../app/Toaster';
import { newUuid } from '../../lib/uuid';
import { useCurrentUser } from '../auth/AuthProvider';
import type { OutboxItem } from '../offline/database';
import { useOutbox } from '../offline/OutboxProvider';
import type { FormDraft } from './use-draft';

/** Stop waiting for the server after this long; the outbox keeps sending in the background. */
const SEND_WAIT_MS = 8000;

export interface SubmitTarget {
  theme: ThemeSummary;
  definition: ThemeVersion;
  region: Region;
  period: string | undefined;
  /** The queued item being fixed, if any. */
  queued: OutboxItem | undefined;
  revises: string | undefined;
  draft: Pick<FormDraft, 'stopSaving' | 'remove'>;
}

/**
 * "Kirim": the answers go into the outbox on the device (and stop being a draft) before anything is
 * sent, so nothing is lost without a signal; then the outbox is asked to send at once and the cadre
 * is taken to where the result shows.
 */
export function useSubmitToOutbox(target: SubmitTarget): { submitting: boolean; onSubmit: (data: JsonObject) => void } {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const outbox = useOutbox();
  const notify = useToast();
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);

  const submit = async (data: JsonObject): Promise<void> => {
    if (submitting) return;
    setSubmitting(true);
    const { theme, definition, region, period, queued, revises, draft } = target;
    draft.stopSaving();
    // A fixed queued item keeps its UUID, unless the server refused it as a conflict (409): under that
    // UUID it would be refused again, so the fixed answers replace the item under a new one.
    const conflict = queued?.lastFailure?.problem?.status === 409;
    const id = queued && !conflict ? queued.id : newUuid();
    try {
      await outbox.enqueue({
        id,
        userId: user.id,
        theme: theme.slug,
        themeTitle: definition.title,
        version: definition.version,
        regionCode: region.code,
        regionName: region.name,
        period,
        data,
        revises,
      });
      if (queued && conflict) await outbox.remove(queued.id);
      await draft.remove().catch(() => undefined);
    } catch {
      setSubmitting(false);
      notify(t('fill.storeFailed'), 'danger');
      return;
    }
    const report = await Promise.race([
      outbox.sendNow(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), SEND_WAIT_MS)),
    ]);
    if (report?.sent.includes(id)) {
      // The outbox itself announces what it sent.
      navigate('/kiriman');
    } else if (report?.rejected.includes(id)) {
      notify(t('fill.rejected'), 'danger');
      navigate(`/tugas/${encodeURIComponent(theme.slug)}?antrean=${encodeURIComponent(id)}`, { replace: true });
    } else {
      notify(t('fill.queued'), 'info');
      navigate('/kiriman');
    }
  };

  // ThemeForm's onSubmit stays the same function while the form is open (RJSF redraws on a new prop).
  const submitRef = useRef(submit);
  submitRef.current = submit;
  const onSubmit = useCallback((data: JsonObject) => void submitRef.current(data), []);
  return { submitting, onSubmit };
}

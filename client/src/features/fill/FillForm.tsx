import { useCallback, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { loadSubmissions, queryKeys, validatorModuleQuery } from '../../api/queries';
import type { JsonObject, Region, ThemeSummary, ThemeVersion } from '../../api/types';
import { PageState } from '../../app/PageState';
import { useToast } from '../../app/Toaster';
import { prepareForm } from '../../forms/prepare';
import { ThemeForm } from '../../forms/ThemeForm';
import { textLanguage } from '../../app/i18n';
import { OnDemand } from '../../lib/on-demand';
import { formatDateTime } from '../../lib/wib';
import { useCurrentUser } from '../auth/AuthProvider';
import type { OutboxItem } from '../offline/database';
import { DraftSavedStatus } from './DraftSavedStatus';
import { useDraft } from './use-draft';
import { useSubmitToOutbox } from './use-submit-to-outbox';

// Only a submission the server refused is fixed with its notice above the form: most forms never
// fetch that code.
const RejectionNotice = new OnDemand(() => import('../offline/RejectionNotice')).component('RejectionNotice', (module) => module.RejectionNotice);

export interface FillFormProps {
  theme: ThemeSummary;
  definition: ThemeVersion;
  region: Region;
  period: string | undefined;
  /** A new submission, a revision of a sent one, or a queued one being fixed. */
  mode: 'new' | 'revision' | 'outbox';
  /** The answers the form starts from when there is no draft: the revised or queued submission's. */
  source: JsonObject | undefined;
  queued: OutboxItem | undefined;
  revises: string | undefined;
}

/** One theme's form for one region and period, with its draft on the device and "Kirim" to the outbox. */
export function FillForm({ theme, definition, region, period, mode, source, queued, revises }: FillFormProps): ReactElement {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const notify = useToast();
  // Drawn again in the other language when the person switches; the schema, and so its checks, stay.
  const language = textLanguage(i18n.language);
  const prepared = useMemo(
    () => prepareForm(definition.schema, definition.uiSchema, { messages: definition.messages, translations: definition.translations, calculations: definition.calculations, language }),
    [definition, language],
  );
  const queryClient = useQueryClient();
  // The version's checks precompiled by the server: already asked for when the form was opened by
  // link (open-by-link/prefetch.ts).
  const validatorSource = useCallback(
    () => queryClient.fetchQuery(validatorModuleQuery(theme.slug, definition.version)),
    [queryClient, theme.slug, definition.version],
  );
  const draft = useDraft({
    userId: user.id,
    theme: theme.slug,
    version: definition.version,
    regionCode: region.code,
    period,
    mode: mode === 'new' ? 'new' : mode === 'revision' ? `revision:${revises ?? ''}` : `outbox:${queued?.id ?? ''}`,
    outboxId: queued?.id,
    revises,
  });
  const existing = useQuery({
    queryKey: queryKeys.submissions(theme.slug, region.code, period),
    queryFn: () => loadSubmissions(theme.slug, region.code, period),
    enabled: theme.unit === 'report' && mode === 'new',
  });
  const { submitting, onSubmit } = useSubmitToOutbox({ theme, definition, region, period, queued, revises, draft });

  const { restored, savedAt, saveNow } = draft;
  const initial = useMemo(() => restored?.data ?? source ?? {}, [restored, source]);
  const serverErrors = queued?.lastFailure?.problem?.errors;
  const actions = useMemo(
    () => (
      <div className="form-actions">
        <DraftSavedStatus store={savedAt} />
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            const saving = saveNow();
            if (saving) void saving.then(() => notify(t('fill.draftSavedToast'), 'success'));
            else notify(t('fill.nothingToSave'), 'info');
          }}
        >
          {t('fill.saveDraft')}
        </button>
        <button type="submit" className="button button--primary button--large" disabled={submitting}>
          {submitting ? t('fill.sending') : t('fill.submit')}
        </button>
      </div>
    ),
    [savedAt, saveNow, notify, t, submitting],
  );

  if (!draft.loaded) return <PageState pending error={null}>{null}</PageState>;

  const alreadySent = (existing.data?.items.length ?? 0) > 0;
  return (
    <>
      {queued?.state === 'rejected' && <RejectionNotice item={queued} inForm />}
      {alreadySent && <div className="notice notice--info">{t('fill.willRevise')}</div>}
      {restored && (
        <div className="notice notice--info draft-notice">
          <p>{t('fill.draftRestored', { time: formatDateTime(restored.savedAt, i18n.language) })}</p>
          <button type="button" className="button button--quiet button--small" onClick={() => void draft.discard()}>
            {t('fill.discardDraft')}
          </button>
        </div>
      )}
      <ThemeForm
        key={draft.formKey}
        id="fill-form"
        prepared={prepared}
        initialData={initial}
        rootRegionCode={user.regionCode}
        userId={user.id}
        onChange={draft.onChange}
        onSubmit={onSubmit}
        serverErrors={serverErrors}
        validatorSource={validatorSource}
      >
        {actions}
      </ThemeForm>
    </>
  );
}

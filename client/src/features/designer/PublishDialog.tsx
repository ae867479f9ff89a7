import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../app/Dialog';
import { PageState } from '../../app/PageState';
import { type BuilderModel, fieldForPath, findField } from './builder-model';
import { type DraftDiff, fetchDraftDiff, publishDraft } from './designer-api';

const SETTING_KEYS = [
  'title',
  'description',
  'unit',
  'regionLevel',
  'period',
  'dueAfter',
  'sensitivity',
  'suppressBelow',
  'personalFields',
  'aggregations',
  'reminders',
  'messages',
  'translations',
  'summary',
  'calculations',
  'alerts',
];

interface PublishDialogProps {
  slug: string;
  latestVersion: number | null;
  model: BuilderModel;
  flush: () => Promise<boolean>;
  onClose: () => void;
  onPublished: (version: number) => void;
}

/** Shows what publishing changes against the version in use, and why it cannot, then asks. */
export function PublishDialog({ slug, latestVersion, model, flush, onClose, onPublished }: PublishDialogProps): ReactElement {
  const { t } = useTranslation();
  const [diff, setDiff] = useState<DraftDiff | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [notSaved, setNotSaved] = useState(false);
  const [publishing, setPublishing] = useState(false);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        if (!(await flush())) {
          if (live) setNotSaved(true);
          return;
        }
        const answer = await fetchDraftDiff(slug);
        if (live) setDiff(answer);
      } catch (error) {
        if (live) setProblem(error);
      }
    })();
    return () => {
      live = false;
    };
  }, [flush, slug]);

  /** A definition path in words: the field's label, the form's layout, or the setting's name. */
  const describe = (path: string, title?: string): string => {
    const fieldId = fieldForPath(model, path);
    const label = title ?? (fieldId ? findField(model.fields, fieldId)?.label : undefined);
    if (path.startsWith('/schema')) return label ? t('designer.publish.fieldChanged', { label }) : t('designer.publish.formLayout');
    if (path.startsWith('/uiSchema')) return t('designer.publish.formLayout');
    const key = path.split('/')[1] ?? '';
    return `${t('designer.publish.settingsChanged')}: ${t(`designer.publish.keys.${SETTING_KEYS.includes(key) ? key : 'other'}`)}`;
  };

  const publish = async (): Promise<void> => {
    setPublishing(true);
    try {
      const { version } = await publishDraft(slug);
      onPublished(version);
    } catch (error) {
      setProblem(error);
      setPublishing(false);
    }
  };

  // Fields in the order the form shows them (the server lists them as it stores them).
  const order = new Map<string, number>();
  const walk = (fields: BuilderModel['fields']): void =>
    fields.forEach((field) => {
      order.set(field.id, order.size);
      walk(field.fields);
    });
  walk(model.fields);
  const position = (path: string): number => order.get(fieldForPath(model, path) ?? '') ?? order.size;
  const inFormOrder = <T extends { path: string }>(entries: T[]): T[] => [...entries].sort((a, b) => position(a.path) - position(b.path));

  const blocked = !diff || diff.breaking.length > 0;
  const changes = diff ? [...new Set(diff.changed.map((change) => describe(change.path)))] : [];
  return (
    <Dialog
      title={t('designer.publish.title')}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          {!blocked && (
            <button type="button" className="button button--primary" disabled={publishing} onClick={() => void publish()}>
              {publishing ? t('designer.publish.publishing') : t('designer.publish.confirm')}
            </button>
          )}
        </>
      }
    >
      {notSaved ? (
        <p className="notice notice--warning">{t('designer.publish.saveFirst')}</p>
      ) : (
        <PageState pending={!diff && !problem} error={problem}>
          {diff && (
            <div className="designer-diff">
              {diff.breaking.length > 0 && (
                <div className="notice notice--danger" role="alert">
                  <p className="notice-title">{t('designer.publish.breakingTitle')}</p>
                  <ul>
                    {diff.breaking.map((reason) => (
                      <li key={`${reason.code}-${reason.path}-${reason.message}`}>{reason.message}</li>
                    ))}
                  </ul>
                </div>
              )}
              <p>{latestVersion === null ? t('designer.publish.first') : t('designer.publish.againstVersion', { version: latestVersion })}</p>
              {latestVersion !== null && diff.added.length + diff.removed.length + changes.length === 0 && <p className="muted">{t('designer.publish.nothing')}</p>}
              {diff.added.length > 0 && (
                <>
                  <h3 className="designer-diff-head">{t('designer.publish.added')}</h3>
                  <ul>
                    {inFormOrder(diff.added).map((entry) => (
                      <li key={entry.path}>{entry.title ?? describe(entry.path)}</li>
                    ))}
                  </ul>
                </>
              )}
              {diff.removed.length > 0 && (
                <>
                  <h3 className="designer-diff-head">{t('designer.publish.removed')}</h3>
                  <ul>
                    {inFormOrder(diff.removed).map((entry) => (
                      <li key={entry.path}>{entry.title ?? describe(entry.path)}</li>
                    ))}
                  </ul>
                </>
              )}
              {changes.length > 0 && (
                <>
                  <h3 className="designer-diff-head">{t('designer.publish.changed')}</h3>
                  <ul>
                    {changes.map((change) => (
                      <li key={change}>{change}</li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
        </PageState>
      )}
    </Dialog>
  );
}

import { useCallback, useEffect, useId, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useThemeVersion } from '../../api/queries';
import type { FieldProblem, JsonObject } from '../../api/types';
import { PageState } from '../../app/PageState';
import { useToast } from '../../app/Toaster';
import { formatDateTime } from '../../lib/wib';
import {
  addField,
  type BuilderModel,
  fieldForPath,
  findField,
  fromDefinition,
  moveField,
  moveFieldTo,
  newField,
  removeField,
  toDefinition,
} from './builder-model';
import { type DesignerTheme, designerThemeKey, designerThemesKey, type DraftDefinition, fetchDesignerTheme } from './designer-api';
import { FieldList, type FieldListActions } from './FieldList';
import { FieldProperties } from './FieldProperties';
import { FormPreview } from './FormPreview';
import { JsonEditor } from './JsonEditor';
import { PublishDialog } from './PublishDialog';
import type { SettingsDraft } from './settings/settings-draft';
import { ThemeSettings } from './settings/ThemeSettings';
import { forgetUnsaved, useDraftAutosave, type SaveState } from './use-draft-autosave';
import { XlsformReport, xlsformReportOf } from './XlsformImport';

type Tab = 'builder' | 'json' | 'settings';

function SaveStatus({ state }: { state: SaveState }): ReactElement {
  const { t, i18n } = useTranslation();
  const words: Record<SaveState['status'], string> = {
    saved: state.savedAt ? t('designer.editor.saved', { time: formatDateTime(state.savedAt, i18n.language) }) : '',
    pending: t('designer.editor.unsaved'),
    saving: t('designer.editor.saving'),
    refused: t('designer.editor.unsaved'),
    offline: t('designer.editor.offline'),
    conflict: t('designer.editor.unsaved'),
  };
  return (
    <p className={`designer-save designer-save--${state.status} small`} role="status" data-status={state.status}>
      {words[state.status]}
    </p>
  );
}

/** The model of a definition's form, for the builder. */
const modelOf = (definition: DraftDefinition): BuilderModel => fromDefinition(definition.schema, definition.uiSchema);

const SETTINGS_TEXT_KEYS = ['unit', 'regionLevel', 'period', 'sensitivity'] as const;

/** A draft whose basics the settings editors can read; one written by hand without them is edited as JSON. */
function hasSettings(definition: DraftDefinition): definition is DraftDefinition & SettingsDraft {
  return SETTINGS_TEXT_KEYS.every((key) => typeof definition[key] === 'string') && Array.isArray(definition.aggregations);
}

function Editor({ theme, onReload }: { theme: DesignerTheme; onReload: () => void }): ReactElement {
  const { t } = useTranslation();
  const notify = useToast();
  const titleId = useId();
  const draft = useDraftAutosave(theme);
  const { definition, state, change, flush } = draft;
  const [model, setModel] = useState<BuilderModel>(() => modelOf(definition));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('builder');
  // A published measure keeps its key (old data is stored under it); the settings say so.
  const published = useThemeVersion(theme.slug, theme.latestVersion ?? undefined);
  const publishedKeys = useMemo(() => published.data?.aggregations?.map((aggregation) => aggregation.key) ?? [], [published.data]);
  const [publishing, setPublishing] = useState(false);
  // Right after an XLSForm import the list passes the server's report along; closing it forgets it.
  const location = useLocation();
  const navigate = useNavigate();
  const xlsformReport = xlsformReportOf(location.state);

  useEffect(() => {
    document.title = `${definition.title} — ${t('designer.list.title')} — Wakuncar`;
  }, [definition.title, t]);

  const applyModel = useCallback(
    (next: BuilderModel) => {
      setModel(next);
      change({ ...definition, ...toDefinition(next) });
    },
    [change, definition],
  );

  const applyJson = ({ schema, uiSchema }: { schema: JsonObject; uiSchema: JsonObject }): void => {
    const next = fromDefinition(schema, uiSchema);
    const selectedKey = selectedId ? findField(model.fields, selectedId)?.key : undefined;
    setModel(next);
    setSelectedId(next.fields.find((field) => field.key === selectedKey)?.id ?? null);
    change({ ...definition, schema, uiSchema });
  };

  // On a narrow screen the properties are below the list: take the admin to them.
  const select = (id: string): void => {
    setSelectedId(id);
    if (window.matchMedia?.('(max-width: 759px)').matches) {
      requestAnimationFrame(() => document.getElementById('designer-props-title')?.scrollIntoView?.({ block: 'start' }));
    }
  };

  const actions: FieldListActions = {
    select,
    add: (kind, parentId) => {
      const parent = parentId ? findField(model.fields, parentId) : null;
      const field = newField(kind, t('designer.fields.newLabel'), parent ? parent.fields : model.fields);
      applyModel(addField(model, field, parentId));
      select(field.id);
    },
    move: (id, by) => applyModel(moveField(model, id, by)),
    moveTo: (id, beforeId, parentId) => applyModel(moveFieldTo(model, id, beforeId, parentId)),
    remove: (id) => {
      applyModel(removeField(model, id));
      if (selectedId === id) setSelectedId(null);
    },
  };

  // The server's errors, placed at the fields their paths name; the rest are listed on their own.
  const { byField, general } = useMemo(() => {
    const placed = new Map<string, FieldProblem[]>();
    const rest: FieldProblem[] = [];
    for (const error of state.errors) {
      const id = error.path ? fieldForPath(model, error.path) : null;
      if (id) placed.set(id, [...(placed.get(id) ?? []), error]);
      else rest.push(error);
    }
    return { byField: placed, general: rest };
  }, [state.errors, model]);
  const withErrors = useMemo(() => new Set(byField.keys()), [byField]);
  const selected = selectedId ? findField(model.fields, selectedId) : null;

  const tabs: { id: Tab; label: string }[] = [
    { id: 'builder', label: t('designer.editor.tabBuilder') },
    { id: 'json', label: t('designer.editor.tabJson') },
    { id: 'settings', label: t('designer.editor.tabSettings') },
  ];

  return (
    <div className="designer-page">
      <p className="breadcrumb">
        <Link to="/desain">{t('designer.editor.back')}</Link>
      </p>
      <div className="designer-head">
        <div className="designer-prop designer-title">
          <label htmlFor={titleId}>{t('designer.editor.themeTitle')}</label>
          <input id={titleId} className="input" value={definition.title} onChange={(event) => change({ ...definition, title: event.target.value })} />
        </div>
        <div className="designer-head-actions">
          <SaveStatus state={state} />
          <button
            type="button"
            className="button button--primary"
            onClick={() => setPublishing(true)}
            // Nothing to publish until a change made from the published version is saved as a draft.
            disabled={state.status === 'conflict' || (!draft.stored && state.status === 'saved')}
          >
            {t('designer.editor.publish')}
          </button>
        </div>
      </div>

      {xlsformReport && <XlsformReport notes={xlsformReport} onClose={() => navigate(location.pathname, { replace: true, state: null })} />}
      {state.status === 'conflict' && (
        <div className="notice notice--warning" role="alert">
          <p>{t('designer.editor.conflict')}</p>
          <button
            type="button"
            className="button button--primary button--small"
            onClick={() => {
              forgetUnsaved(theme.slug);
              onReload();
            }}
          >
            {t('designer.editor.loadOther')}
          </button>
        </div>
      )}
      {draft.restored && state.status !== 'conflict' && (
        <div className="notice notice--info">
          <p>{t('designer.editor.restored')}</p>
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => {
              draft.discardRestored();
              setModel(modelOf(theme.definition));
            }}
          >
            {t('designer.editor.discardRestored')}
          </button>
        </div>
      )}
      {state.status === 'refused' && (
        <div className="notice notice--danger" role="alert">
          <p>{t('designer.editor.refused')}</p>
          {general.length > 0 && (
            <>
              <p>{t('designer.editor.otherErrors')}</p>
              <ul>
                {general.map((error) => (
                  <li key={`${error.path}-${error.keyword}-${error.message}`}>{error.message}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      <div className="designer-layout">
        <div className="designer-main">
          <div className="designer-tabs" role="tablist" aria-label={t('designer.editor.tabsLabel')}>
            {tabs.map((entry) => (
              <button
                key={entry.id}
                type="button"
                role="tab"
                id={`designer-tab-${entry.id}`}
                aria-selected={tab === entry.id}
                aria-controls={`designer-panel-${entry.id}`}
                className="designer-tab"
                onClick={() => setTab(entry.id)}
              >
                {entry.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`designer-panel-${tab}`} aria-labelledby={`designer-tab-${tab}`}>
            {tab === 'builder' && (
              <div className="designer-builder">
                <FieldList fields={model.fields} selectedId={selectedId} withErrors={withErrors} actions={actions} />
                <FieldProperties model={model} field={selected} errors={selected ? (byField.get(selected.id) ?? []) : []} onChange={applyModel} />
              </div>
            )}
            {tab === 'json' && <JsonEditor schema={definition.schema} uiSchema={definition.uiSchema ?? {}} onChange={applyJson} />}
            {tab === 'settings' && (
              <section className="designer-settings card" aria-label={t('designer.editor.settingsSlot')}>
                {hasSettings(definition) ? (
                  <ThemeSettings definition={definition} onChange={change} errors={state.errors} publishedKeys={publishedKeys} />
                ) : (
                  <p className="muted">{t('designer.editor.settingsInJson')}</p>
                )}
              </section>
            )}
          </div>
        </div>
        <FormPreview slug={theme.slug} definition={definition} flush={flush} />
      </div>

      {publishing && (
        <PublishDialog
          slug={theme.slug}
          latestVersion={theme.latestVersion}
          model={model}
          flush={flush}
          onClose={() => setPublishing(false)}
          onPublished={(version) => {
            setPublishing(false);
            notify(t('designer.publish.done', { version }), 'success');
            onReload();
          }}
        />
      )}
    </div>
  );
}

/** `/desain/:slug`: the designer of one theme. */
export function DesignerPage(): ReactElement {
  const { slug = '' } = useParams();
  const queryClient = useQueryClient();
  const theme = useQuery({
    queryKey: designerThemeKey(slug),
    queryFn: () => fetchDesignerTheme(slug),
    // The editor owns the draft once open: a background refetch must not replace what is typed.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const reload = (): void => {
    void queryClient.invalidateQueries({ queryKey: designerThemeKey(slug) });
    // The list shows each theme's version and draft.
    void queryClient.invalidateQueries({ queryKey: designerThemesKey });
  };
  return (
    <PageState pending={theme.isPending} error={theme.error}>
      {theme.data && <Editor key={theme.dataUpdatedAt} theme={theme.data} onReload={reload} />}
    </PageState>
  );
}

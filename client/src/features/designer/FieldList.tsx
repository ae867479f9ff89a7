import { useState, type DragEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { type BuilderField, FIELD_KINDS, type FieldKind } from './builder-model';

export interface FieldListActions {
  select: (id: string) => void;
  add: (kind: FieldKind, parentId: string | null) => void;
  move: (id: string, by: number) => void;
  moveTo: (id: string, beforeId: string | null, parentId: string | null) => void;
  remove: (id: string) => void;
}

interface FieldListProps {
  fields: BuilderField[];
  selectedId: string | null;
  /** Fields the server's last answer found a problem with. */
  withErrors: ReadonlySet<string>;
  actions: FieldListActions;
}

const DRAG_TYPE = 'application/x-wakuncar-field';

function AddField({ parent, onAdd }: { parent: BuilderField | null; onAdd: (kind: FieldKind) => void }): ReactElement {
  const { t } = useTranslation();
  const [kind, setKind] = useState<FieldKind>('text');
  const label = parent ? t('designer.fields.addInto', { label: parent.label }) : t('designer.fields.add');
  return (
    <div className="designer-add">
      <label className="visually-hidden" htmlFor={`kind-${parent?.id ?? 'root'}`}>
        {t('designer.fields.kindLabel')}
      </label>
      <select id={`kind-${parent?.id ?? 'root'}`} className="input designer-add-kind" value={kind} onChange={(event) => setKind(event.target.value as FieldKind)}>
        {FIELD_KINDS.map((option) => (
          <option key={option} value={option}>
            {t(`designer.fields.kinds.${option}`)}
          </option>
        ))}
      </select>
      <button type="button" className="button button--secondary button--small" onClick={() => onAdd(kind)}>
        {label}
      </button>
    </div>
  );
}

function Items({ fields, parent, selectedId, withErrors, actions }: FieldListProps & { parent: BuilderField | null }): ReactElement {
  const { t } = useTranslation();
  const [over, setOver] = useState<string | null>(null);
  const drop = (event: DragEvent, beforeId: string | null): void => {
    const id = event.dataTransfer.getData(DRAG_TYPE);
    setOver(null);
    if (!id) return;
    event.preventDefault();
    event.stopPropagation();
    actions.moveTo(id, beforeId, parent?.id ?? null);
  };
  return (
    <>
      <ol className="designer-fields" onDragOver={(event) => event.preventDefault()} onDrop={(event) => drop(event, null)}>
        {fields.map((field, index) => {
          const nested = field.kind === 'group' || field.kind === 'repeat';
          const classes = ['designer-field', field.id === selectedId && 'designer-field--selected', over === field.id && 'designer-field--over', withErrors.has(field.id) && 'designer-field--error']
            .filter(Boolean)
            .join(' ');
          return (
            <li
              key={field.id}
              className={classes}
              draggable
              onDragStart={(event) => {
                event.stopPropagation();
                event.dataTransfer.setData(DRAG_TYPE, field.id);
                event.dataTransfer.effectAllowed = 'move';
              }}
              onDragOver={(event) => {
                event.preventDefault();
                event.stopPropagation();
                setOver(field.id);
              }}
              onDragLeave={() => setOver(null)}
              onDrop={(event) => drop(event, field.id)}
            >
              <div className="designer-field-row">
                <span className="designer-drag" aria-hidden="true" title={t('designer.fields.dragHint')}>
                  ⠿
                </span>
                <button
                  type="button"
                  className="designer-field-select"
                  aria-pressed={field.id === selectedId}
                  aria-label={t('designer.fields.select', { label: field.label })}
                  onClick={() => actions.select(field.id)}
                >
                  <span className="designer-field-label">{field.label}</span>
                  <span className="designer-field-meta">
                    {t(`designer.fields.kinds.${field.kind}`)}
                    {field.required && <span className="badge badge--neutral">{t('designer.fields.required')}</span>}
                    {field.showWhen && <span className="badge badge--info">{t('designer.fields.conditional')}</span>}
                    {withErrors.has(field.id) && <span className="badge badge--danger">{t('designer.fields.hasError')}</span>}
                  </span>
                </button>
                <span className="designer-field-tools">
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    aria-label={t('designer.fields.moveUp', { label: field.label })}
                    disabled={index === 0}
                    onClick={() => actions.move(field.id, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    aria-label={t('designer.fields.moveDown', { label: field.label })}
                    disabled={index === fields.length - 1}
                    onClick={() => actions.move(field.id, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button button--danger-quiet button--small"
                    aria-label={t('designer.fields.remove', { label: field.label })}
                    onClick={() => actions.remove(field.id)}
                  >
                    ✕
                  </button>
                </span>
              </div>
              {nested && (
                <div className="designer-nested">
                  <Items fields={field.fields} parent={field} selectedId={selectedId} withErrors={withErrors} actions={actions} />
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {fields.length === 0 && !parent && <p className="empty">{t('designer.fields.empty')}</p>}
      <AddField parent={parent} onAdd={(kind) => actions.add(kind, parent?.id ?? null)} />
    </>
  );
}

/** The form's fields as an editable list: select, add (also into groups), reorder by buttons or dragging, delete. */
export function FieldList(props: FieldListProps): ReactElement {
  const { t } = useTranslation();
  return (
    <section className="designer-list card" aria-labelledby="designer-fields-title">
      <h2 id="designer-fields-title" className="section-title">
        {t('designer.fields.listTitle')}
      </h2>
      <Items {...props} parent={null} />
    </section>
  );
}

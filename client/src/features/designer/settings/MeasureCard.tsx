import { useId, type ReactElement } from 'react';
import type { FieldProblem } from '../../../api/types';
import { fieldLabelOf } from './field-label';
import type { FieldOption } from './field-options';
import { FilterEditor } from './FilterEditor';
import { FIELD_OPS, OPS, retitled, withOp } from './measure-rules';
import { ProblemText } from './ProblemText';
import { problemsLeft, problemsUnder } from './problems';
import { SettingField } from './SettingField';
import { withoutUndefined, type Aggregation, type AggregationOp, type OverTime, type RatioPart } from './settings-draft';
import type { SettingsTranslate } from './use-settings-texts';

interface MeasureCardProps {
  aggregation: Aggregation;
  number: number;
  count: number;
  fields: readonly FieldOption[];
  otherKeys: readonly string[];
  /** Published: the key stays, whatever the title becomes. */
  locked: boolean;
  /** Problems about this measure; their paths start with `path`. */
  problems: readonly FieldProblem[];
  path: string;
  tx: SettingsTranslate;
  onChange: (aggregation: Aggregation) => void;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
}

const SCALES = [1, 100, 1000, 100000];
const SCALE_TEXT: Record<number, 'ratio.scaleOne' | 'ratio.scaleHundred' | 'ratio.scaleThousand' | 'ratio.scaleHundredThousand'> = {
  1: 'ratio.scaleOne',
  100: 'ratio.scaleHundred',
  1000: 'ratio.scaleThousand',
  100000: 'ratio.scaleHundredThousand',
};
const OVER_TIME: OverTime[] = ['sum', 'last', 'avg'];
const METADATA = ['konsep', 'definisi', 'rumus', 'satuan', 'sumber'] as const;
// Where the server's problems about a measure land; the rest is shown for the whole measure.
const CLAIMED = ['/key', '/title', '/op', '/field', '/groupBy', '/where', '/numerator', '/denominator', '/scale', '/overTime', '/description', ...METADATA.map((name) => `/${name}`)];

/** One measure: its name, what it counts, how it is broken down and filtered, and its Satu Data notes. */
export function MeasureCard(props: MeasureCardProps): ReactElement {
  const { aggregation, number, count, fields, otherKeys, locked, problems, path, tx, onChange, onMove, onRemove } = props;
  const headingId = useId();
  const at = (part: string): FieldProblem[] => problemsUnder(problems, `${path}${part}`);
  const update = (patch: Partial<Aggregation>): void => onChange(withoutUndefined({ ...aggregation, ...patch }));
  const numeric = fields.filter((field) => field.numeric);
  const groupable = fields.filter((field) => field.groupable);
  const title = aggregation.title || tx('measures.newTitle');
  const metadataProblems = [...METADATA, 'description'].some((name) => at(`/${name}`).length > 0);
  const general = problemsLeft(problems, path, CLAIMED);

  return (
    <section className="ds-card" aria-labelledby={headingId} aria-describedby={general.length > 0 ? `${headingId}-problems` : undefined}>
      <header className="ds-card-head">
        <h3 className="ds-card-title" id={headingId}>
          {tx('measures.itemLabel', { number, title })}
        </h3>
        <div className="ds-card-actions">
          <button type="button" className="button button--quiet button--small" disabled={number === 1} onClick={() => onMove(-1)} aria-label={tx('measures.moveUp', { title })}>
            ↑
          </button>
          <button type="button" className="button button--quiet button--small" disabled={number === count} onClick={() => onMove(1)} aria-label={tx('measures.moveDown', { title })}>
            ↓
          </button>
          <button type="button" className="button button--danger-quiet button--small" onClick={onRemove} aria-label={tx('measures.remove', { title })}>
            ✕
          </button>
        </div>
      </header>

      <SettingField label={tx('measures.title')} problems={[...at('/title'), ...at('/key')]}>
        {(control) => (
          <input className="input" {...control} value={aggregation.title} maxLength={200} onChange={(event) => onChange(retitled(aggregation, event.target.value, otherKeys, locked))} />
        )}
      </SettingField>
      <p className="ds-key">{tx(locked ? 'measures.keyLocked' : 'measures.key', { key: aggregation.key })}</p>

      <SettingField label={tx('measures.op')} problems={at('/op')}>
        {(control) => (
          <select className="input" {...control} value={aggregation.op} onChange={(event) => onChange(withOp(aggregation, event.target.value as AggregationOp, fields))}>
            {OPS.map((op) => (
              <option key={op} value={op}>
                {tx(`op.${op}`)}
              </option>
            ))}
          </select>
        )}
      </SettingField>

      {FIELD_OPS.includes(aggregation.op) ? (
        numeric.length === 0 && aggregation.field === undefined ? (
          <p className="notice notice--warning">{tx('measures.noNumericField')}</p>
        ) : (
          <SettingField label={tx('measures.field')} problems={at('/field')}>
            {(control) => (
              <select className="input" {...control} value={aggregation.field ?? ''} onChange={(event) => update({ field: event.target.value })}>
                {aggregation.field === undefined || numeric.some((field) => field.pointer === aggregation.field) ? null : (
                  <option value={aggregation.field}>{fieldLabelOf(aggregation.field, fields, tx)}</option>
                )}
                {numeric.map((field) => (
                  <option key={field.pointer} value={field.pointer}>
                    {field.label}
                  </option>
                ))}
              </select>
            )}
          </SettingField>
        )
      ) : null}

      {aggregation.op === 'ratio' ? (
        <div className="ds-ratio">
          {(['numerator', 'denominator'] as const).map((side) => (
            <RatioPartEditor
              key={side}
              legend={tx(`ratio.${side}`)}
              part={aggregation[side] ?? {}}
              onChange={(part) => update({ [side]: part })}
              fields={fields}
              tx={tx}
              problems={at(`/${side}`)}
              path={`${path}/${side}`}
            />
          ))}
          <SettingField label={tx('ratio.scale')} problems={at('/scale')}>
            {(control) => (
              <select className="input" {...control} value={String(aggregation.scale ?? 1)} onChange={(event) => update({ scale: Number(event.target.value) })}>
                {[...new Set([...SCALES, aggregation.scale ?? 1])].map((scale) => (
                  <option key={scale} value={String(scale)}>
                    {SCALE_TEXT[scale] ? tx(SCALE_TEXT[scale]) : tx('ratio.scaleOther', { scale })}
                  </option>
                ))}
              </select>
            )}
          </SettingField>
        </div>
      ) : null}

      <SettingField label={tx('measures.groupBy')} help={tx('measures.groupByHelp')} problems={at('/groupBy')}>
        {(control) => (
          <select className="input" {...control} value={aggregation.groupBy ?? ''} onChange={(event) => update({ groupBy: event.target.value || undefined })}>
            <option value="">{tx('measures.groupByNone')}</option>
            {aggregation.groupBy === undefined || groupable.some((field) => field.pointer === aggregation.groupBy) ? null : (
              <option value={aggregation.groupBy}>{fieldLabelOf(aggregation.groupBy, fields, tx)}</option>
            )}
            {groupable.map((field) => (
              <option key={field.pointer} value={field.pointer}>
                {field.label}
              </option>
            ))}
          </select>
        )}
      </SettingField>

      {/* A ratio filters each side; a filter on the whole ratio is shown only when one is there already. */}
      {aggregation.op === 'ratio' && aggregation.where === undefined ? null : (
        <FilterEditor
          legend={tx('measures.filter')}
          where={aggregation.where}
          onChange={(where) => update({ where })}
          fields={fields}
          tx={tx}
          problems={at('/where')}
          path={`${path}/where`}
        />
      )}

      {aggregation.op === 'min' || aggregation.op === 'max' ? (
        <p className="ds-help">{tx('measures.overTimeLast')}</p>
      ) : (
        <SettingField label={tx('measures.overTime')} problems={at('/overTime')}>
          {(control) => (
            <select
              className="input"
              {...control}
              value={aggregation.overTime ?? 'sum'}
              onChange={(event) => update({ overTime: event.target.value === 'sum' ? undefined : (event.target.value as OverTime) })}
            >
              {OVER_TIME.map((overTime) => (
                <option key={overTime} value={overTime}>
                  {tx(`overTime.${overTime}`)}
                </option>
              ))}
            </select>
          )}
        </SettingField>
      )}

      <details className="ds-details" open={metadataProblems || undefined}>
        <summary>{tx('meta.summary')}</summary>
        <SettingField label={tx('meta.description')} problems={at('/description')}>
          {(control) => (
            <textarea className="input textarea" {...control} maxLength={1000} value={aggregation.description ?? ''} onChange={(event) => update({ description: event.target.value || undefined })} />
          )}
        </SettingField>
        {METADATA.map((name) => (
          <SettingField key={name} label={tx(`meta.${name}`)} problems={at(`/${name}`)}>
            {(control) =>
              name === 'definisi' ? (
                <textarea className="input textarea" {...control} maxLength={2000} value={aggregation[name] ?? ''} onChange={(event) => update({ [name]: event.target.value || undefined })} />
              ) : (
                <input
                  className="input"
                  {...control}
                  placeholder={name === 'satuan' ? tx('meta.satuanPlaceholder') : undefined}
                  value={aggregation[name] ?? ''}
                  onChange={(event) => update({ [name]: event.target.value || undefined })}
                />
              )
            }
          </SettingField>
        ))}
      </details>
      <ProblemText id={`${headingId}-problems`} problems={general} />
    </section>
  );
}

interface RatioPartEditorProps {
  legend: string;
  part: RatioPart;
  onChange: (part: RatioPart) => void;
  fields: readonly FieldOption[];
  tx: SettingsTranslate;
  problems: readonly FieldProblem[];
  path: string;
}

/** One side of a ratio: the number of submissions or the total of a number field, optionally filtered. */
function RatioPartEditor({ legend, part, onChange, fields, tx, problems, path }: RatioPartEditorProps): ReactElement {
  const id = useId();
  const numeric = fields.filter((field) => field.numeric);
  const at = (suffix: string): FieldProblem[] => problemsUnder(problems, `${path}${suffix}`);
  const left = problemsLeft(problems, path, ['/field', '/where']);
  const update = (patch: Partial<RatioPart>): void => onChange(withoutUndefined({ ...part, ...patch }));
  return (
    <fieldset className="ds-fieldset ds-ratio-part" aria-describedby={left.length > 0 ? `${id}-problems` : undefined}>
      <legend className="ds-legend ds-legend--small">{legend}</legend>
      <SettingField label={tx('ratio.what')} problems={at('/field')}>
        {(control) => (
          <select className="input" {...control} value={part.field ?? ''} onChange={(event) => update({ field: event.target.value || undefined })}>
            <option value="">{tx('ratio.count')}</option>
            {part.field === undefined || numeric.some((field) => field.pointer === part.field) ? null : (
              <option value={part.field}>{tx('ratio.sumOf', { field: fieldLabelOf(part.field, fields, tx) })}</option>
            )}
            {numeric.map((field) => (
              <option key={field.pointer} value={field.pointer}>
                {tx('ratio.sumOf', { field: field.label })}
              </option>
            ))}
          </select>
        )}
      </SettingField>
      <FilterEditor
        legend={tx('measures.filter')}
        where={part.where}
        onChange={(where) => update({ where })}
        fields={fields}
        tx={tx}
        problems={at('/where')}
        path={`${path}/where`}
      />
      <ProblemText id={`${id}-problems`} problems={left} />
    </fieldset>
  );
}

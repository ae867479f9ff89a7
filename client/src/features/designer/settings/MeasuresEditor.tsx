import { useEffect, useId, useMemo, useRef, type ReactElement } from 'react';
import { fieldOptions } from './field-options';
import { MeasureCard } from './MeasureCard';
import { newMeasure } from './measure-rules';
import { ProblemText } from './ProblemText';
import { problemsUnder } from './problems';
import type { Aggregation, SettingsDraft, SettingsEditorProps } from './settings-draft';
import { useSettingsTexts } from './use-settings-texts';

export interface MeasuresEditorProps<D extends SettingsDraft> extends SettingsEditorProps<D> {
  /** Keys of the last published version: their measures keep them when renamed (dashboards and exports use them). */
  publishedKeys?: readonly string[];
}

/** The theme's measures: add, remove, reorder, and edit each in plain words. */
export function MeasuresEditor<D extends SettingsDraft>({ definition, onChange, errors = [], publishedKeys = [] }: MeasuresEditorProps<D>): ReactElement {
  const { tx, language } = useSettingsTexts();
  const id = useId();
  const fields = useMemo(
    () => fieldOptions(definition.schema, { uiSchema: definition.uiSchema, translations: definition.translations, language }),
    [definition.schema, definition.uiSchema, definition.translations, language],
  );
  const list = definition.aggregations;
  const added = useRef(false);
  const listRef = useRef<HTMLOListElement>(null);
  const setList = (aggregations: Aggregation[]): void => onChange({ ...definition, aggregations });

  useEffect(() => {
    // A new measure's name is what the admin types first.
    if (!added.current) return;
    added.current = false;
    const title = listRef.current?.querySelector<HTMLInputElement>(':scope > li:last-child input');
    title?.focus();
    title?.select();
  }, [list.length]);

  const add = (): void => {
    added.current = true;
    setList([...list, newMeasure(tx('measures.newTitle'), list.map((entry) => entry.key))]);
  };
  const move = (index: number, offset: -1 | 1): void => {
    const next = [...list];
    [next[index], next[index + offset]] = [next[index + offset], next[index]];
    setList(next);
  };
  const listProblems = errors.filter((error) => error.path === '/aggregations');

  return (
    <div className="ds-editor">
      {list.length === 0 ? <p className="ds-help">{tx('measures.empty')}</p> : null}
      <ol className="ds-cards" ref={listRef}>
        {list.map((aggregation, index) => (
          <li key={index}>
            <MeasureCard
              aggregation={aggregation}
              number={index + 1}
              count={list.length}
              fields={fields}
              otherKeys={list.filter((_, at) => at !== index).map((entry) => entry.key)}
              locked={publishedKeys.includes(aggregation.key)}
              problems={problemsUnder(errors, `/aggregations/${index}`)}
              path={`/aggregations/${index}`}
              tx={tx}
              onChange={(next) => setList(list.map((entry, at) => (at === index ? next : entry)))}
              onMove={(offset) => move(index, offset)}
              onRemove={() => setList(list.filter((_, at) => at !== index))}
            />
          </li>
        ))}
      </ol>
      <ProblemText id={`${id}-problems`} problems={listProblems} />
      <button type="button" className="button button--secondary" onClick={add}>
        + {tx('measures.add')}
      </button>
    </div>
  );
}

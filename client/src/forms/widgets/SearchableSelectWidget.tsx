import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ariaDescribedByIds, type EnumOptionsType, type WidgetProps } from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import type { FormRecord, FormContext } from '../form-context';

type Props = WidgetProps<FormRecord, JsonObject, FormContext>;
type Option = EnumOptionsType<JsonObject>;

/** At most this many matches are drawn at once; typing narrows the rest. */
export const VISIBLE_MATCHES = 50;

/** Lower case without accents, so "cipta" finds "Ciptá" and "KWT" finds "kwt". */
export const normalizeForSearch = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

export function filterOptions(options: readonly Option[], query: string): Option[] {
  const words = normalizeForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  return options.filter((option) => {
    const label = normalizeForSearch(`${option.label} ${String(option.value)}`);
    return words.every((word) => label.includes(word));
  });
}

/**
 * A combobox for long lists (e.g. every kelurahan, every KBLI code): type to filter, arrows to move,
 * Enter to choose. Follows the WAI-ARIA combobox pattern so it works with TalkBack and a keyboard.
 */
export function SearchableSelectWidget(props: Props): ReactElement {
  const { id, value, disabled, readonly, autofocus, onChange, onBlur, onFocus, options, rawErrors, placeholder, required } = props;
  const { t } = useTranslation();
  const listId = useId();
  const choices = useMemo(() => options.enumOptions ?? [], [options.enumOptions]);
  const selected = choices.find((option) => option.value === value);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  const matches = useMemo(() => filterOptions(choices, query), [choices, query]);
  const shown = matches.slice(0, VISIBLE_MATCHES);
  const locked = disabled || readonly;

  const choose = (option: Option | undefined): void => {
    if (!option) return;
    onChange(option.value);
    setQuery('');
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (locked) return;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setOpen(true);
        setActive((index) => Math.min(index + 1, shown.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((index) => Math.max(index - 1, 0));
        break;
      case 'Enter':
        if (open) {
          event.preventDefault();
          choose(shown[active]);
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          setOpen(false);
          setQuery('');
        }
        break;
      default:
    }
  };

  const optionId = (index: number): string => `${listId}-option-${index}`;
  return (
    <div className="combobox">
      <div className="inline-controls">
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          className="input"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && shown[active] ? optionId(active) : undefined}
          aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}
          aria-describedby={ariaDescribedByIds(id)}
          aria-required={required || undefined}
          placeholder={selected ? undefined : (placeholder ?? t('widgets.select.placeholder'))}
          value={open ? query : (selected?.label ?? '')}
          disabled={disabled}
          readOnly={readonly}
          autoFocus={autofocus}
          onChange={(event) => {
            setQuery(event.target.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={() => {
            if (!locked) setOpen(true);
            onFocus(id, value);
          }}
          onBlur={() => {
            // Let a tap on an option land before the list closes.
            setTimeout(() => setOpen(false), 150);
            onBlur(id, value);
          }}
          onKeyDown={onKeyDown}
        />
        {selected !== undefined && !locked && (
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => {
              onChange(options.emptyValue);
              input.current?.focus();
            }}
          >
            {t('widgets.select.clear')}
          </button>
        )}
      </div>
      {open && !locked && (
        <div className="combobox-popup">
        <ul id={listId} role="listbox" className="combobox-list" aria-label={props.label}>
          {shown.map((option, index) => (
            <li
              key={String(option.value)}
              id={optionId(index)}
              role="option"
              aria-selected={option.value === value}
              className={`combobox-option${index === active ? ' combobox-option--active' : ''}`}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(option)}
            >
              {option.label}
            </li>
          ))}
        </ul>
          {matches.length === 0 && <p className="combobox-note">{t('widgets.select.noMatch')}</p>}
          {matches.length > shown.length && (
            <p className="combobox-note">{t('widgets.select.more', { count: matches.length - shown.length })}</p>
          )}
        </div>
      )}
    </div>
  );
}

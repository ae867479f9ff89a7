import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonObject } from '../../api/types';

const pretty = (value: JsonObject): string => JSON.stringify(value, null, 2);

type Parsed = { value: JsonObject; error: null } | { value: null; error: string };

function parseObject(text: string, notObject: string): Parsed {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { value: null, error: notObject };
    return { value: value as JsonObject, error: null };
  } catch (error) {
    return { value: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * One JSON text kept in step with `value`: typing that parses is handed on at once; a text that does
 * not parse stays as typed, with the parser's complaint, and `value` changed elsewhere (the builder)
 * replaces it only when it really differs from what the text says.
 */
function JsonText({ label, value, onChange }: { label: string; value: JsonObject; onChange: (value: JsonObject) => void }): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => pretty(value));
  const [error, setError] = useState<string | null>(null);
  const shown = useRef(value);
  useEffect(() => {
    if (shown.current === value) return;
    shown.current = value;
    setText((current) => {
      const parsed = parseObject(current, '');
      return parsed.value && JSON.stringify(parsed.value) === JSON.stringify(value) ? current : pretty(value);
    });
    setError(null);
  }, [value]);
  return (
    <div className="designer-json-part">
      <label htmlFor={id} className="section-title">
        {label}
      </label>
      <textarea
        id={id}
        className="input textarea designer-json-text"
        spellCheck={false}
        value={text}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => {
          setText(event.target.value);
          const parsed = parseObject(event.target.value, t('designer.json.notObject'));
          setError(parsed.error);
          if (parsed.value) {
            shown.current = parsed.value;
            onChange(parsed.value);
          }
        }}
      />
      {error && (
        <p id={`${id}-error`} className="small text-danger" role="alert">
          {t('designer.json.parseError', { message: error })}
        </p>
      )}
    </div>
  );
}

interface JsonEditorProps {
  schema: JsonObject;
  uiSchema: JsonObject;
  onChange: (change: { schema: JsonObject; uiSchema: JsonObject }) => void;
}

/** The schema and uiSchema as text, for what the builder does not offer; each valid edit reaches the builder. */
export function JsonEditor({ schema, uiSchema, onChange }: JsonEditorProps): ReactElement {
  const { t } = useTranslation();
  return (
    <section className="designer-json card">
      <p className="muted">{t('designer.json.lead')}</p>
      <JsonText label={t('designer.json.schema')} value={schema} onChange={(next) => onChange({ schema: next, uiSchema })} />
      <JsonText label={t('designer.json.uiSchema')} value={uiSchema} onChange={(next) => onChange({ schema, uiSchema: next })} />
    </section>
  );
}

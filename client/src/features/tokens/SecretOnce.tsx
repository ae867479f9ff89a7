import { useId, type ReactElement } from 'react';
import { useToast } from '../../app/Toaster';

export interface SecretOnceTexts {
  title: string;
  warning: string;
  label: string;
  copy: string;
  copied: string;
  copyFailed: string;
  done: string;
}

/** A secret the server shows only once (an API token, a webhook's signing key): copy it now or never. */
export function SecretOnce({ value, texts, onDone }: { value: string; texts: SecretOnceTexts; onDone: () => void }): ReactElement {
  const notify = useToast();
  const fieldId = useId();
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      notify(texts.copied, 'success');
    } catch {
      notify(texts.copyFailed, 'warning');
    }
  };
  return (
    <section className="notice notice--warning" aria-labelledby={`${fieldId}-title`}>
      <h2 id={`${fieldId}-title`} className="notice-title">
        {texts.title}
      </h2>
      <p>{texts.warning}</p>
      <label className="visually-hidden" htmlFor={fieldId}>
        {texts.label}
      </label>
      <div className="secret-box">
        <input id={fieldId} className="input" readOnly value={value} onFocus={(event) => event.target.select()} />
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          {texts.copy}
        </button>
      </div>
      <div>
        <button type="button" className="button button--secondary button--small" onClick={onDone}>
          {texts.done}
        </button>
      </div>
    </section>
  );
}

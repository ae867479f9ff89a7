import { Component, useEffect, useMemo, useState, type ErrorInfo, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http';
import type { FieldProblem, JsonObject } from '../../api/types';
import type { Calculation } from '../../../../schemas/expressions/calculations';
import type { FieldMessages, ThemeTranslations } from '../../../../schemas/validator/field-texts';
import { textLanguage } from '../../app/i18n';
import { useToast } from '../../app/Toaster';
import { prepareForm } from '../../forms/prepare';
import { ThemeForm } from '../../forms/ThemeForm';
import { useCurrentUser } from '../auth/AuthProvider';
import { createTestSubmission, type DraftDefinition } from './designer-api';

/** The preview follows the draft once typing pauses: each new schema is compiled again. */
const PREVIEW_DELAY_MS = 400;

class PreviewBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  componentDidCatch(_error: Error, _info: ErrorInfo): void {
    // A half-written schema (from the JSON tab) cannot be drawn; the message below says so.
  }

  render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function useSettledValue<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

interface FormPreviewProps {
  slug: string;
  definition: DraftDefinition;
  /** Saves the draft now; a test fill is checked against the draft the server has. */
  flush: () => Promise<boolean>;
}

/** The real cadre form of the draft in a phone-sized frame, with "Isi uji" storing a test submission. */
export function FormPreview({ slug, definition, flush }: FormPreviewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const notify = useToast();
  const [serverErrors, setServerErrors] = useState<FieldProblem[]>([]);
  const [sending, setSending] = useState(false);
  const language = textLanguage(i18n.language);
  const settled = useSettledValue(definition, PREVIEW_DELAY_MS);
  const prepared = useMemo(() => {
    try {
      return prepareForm(settled.schema, settled.uiSchema ?? {}, {
        messages: settled.messages as FieldMessages | undefined,
        translations: settled.translations as ThemeTranslations | undefined,
        // Shown computed as in the cadre's form; a draft's expression that does not parse yet leaves its field empty.
        calculations: Array.isArray(settled.calculations) ? (settled.calculations as unknown as Calculation[]) : undefined,
        language,
      });
    } catch {
      return null;
    }
  }, [settled, language]);
  const version = useMemo(() => JSON.stringify([settled.schema, settled.uiSchema]), [settled]);
  const broken = <p className="notice notice--warning">{t('designer.editor.previewBroken')}</p>;

  const testFill = async (data: JsonObject): Promise<void> => {
    setSending(true);
    try {
      if (!(await flush())) {
        notify(t('designer.editor.testNeedsSave'), 'warning');
        return;
      }
      await createTestSubmission(slug, data);
      setServerErrors([]);
      notify(t('designer.editor.testSaved'), 'success');
    } catch (error) {
      if (isApiError(error) && error.status === 422) {
        setServerErrors(error.errors);
        notify(t('designer.editor.testRefused'), 'warning');
      } else {
        notify(isApiError(error) ? error.detail : t('errors.generic'), 'danger');
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="designer-preview" aria-labelledby="designer-preview-title">
      <h2 id="designer-preview-title" className="section-title">
        {t('designer.editor.previewTitle')}
      </h2>
      <p className="small muted">{t('designer.editor.previewLead')}</p>
      <div className="designer-phone" data-testid="designer-phone">
        <div className="designer-phone-screen">
          <h3 className="designer-phone-title">{definition.title}</h3>
          {prepared ? (
            <PreviewBoundary key={version} fallback={broken}>
              <ThemeForm
                id="designer-preview-form"
                prepared={prepared}
                initialData={{}}
                rootRegionCode={user.regionCode}
                userId={user.id}
                serverErrors={serverErrors}
                onSubmit={(data) => void testFill(data)}
              >
                <div className="form-actions">
                  <button type="submit" className="button button--primary button--block" disabled={sending}>
                    {t('designer.editor.testFill')}
                  </button>
                </div>
              </ThemeForm>
            </PreviewBoundary>
          ) : (
            broken
          )}
        </div>
      </div>
    </section>
  );
}

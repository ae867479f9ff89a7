import { useId, type ReactElement, type ReactNode } from 'react';
import { BasicsEditor } from './BasicsEditor';
import { MeasuresEditor } from './MeasuresEditor';
import { RemindersEditor } from './RemindersEditor';
import type { SettingsDraft, SettingsEditorProps } from './settings-draft';
import { useSettingsTexts } from './use-settings-texts';
import './settings.css';

export interface ThemeSettingsProps<D extends SettingsDraft> extends SettingsEditorProps<D> {
  /** Measure keys of the last published version; see MeasuresEditor. */
  publishedKeys?: readonly string[];
}

function Section({ title, lead, children }: { title: string; lead: string; children: ReactNode }): ReactElement {
  const headingId = useId();
  return (
    <section className="ds-section" aria-labelledby={headingId}>
      <h2 className="ds-section-title" id={headingId}>
        {title}
      </h2>
      <p className="ds-section-lead">{lead}</p>
      {children}
    </section>
  );
}

/** Everything about a theme besides its form: basics, measures and reminders, each next to the server's problems about it. */
export function ThemeSettings<D extends SettingsDraft>({ definition, onChange, errors, publishedKeys }: ThemeSettingsProps<D>): ReactElement {
  const { tx } = useSettingsTexts();
  return (
    <div className="ds-settings">
      <Section title={tx('sections.basics')} lead={tx('sections.basicsLead')}>
        <BasicsEditor definition={definition} onChange={onChange} errors={errors} />
      </Section>
      <Section title={tx('sections.measures')} lead={tx('sections.measuresLead')}>
        <MeasuresEditor definition={definition} onChange={onChange} errors={errors} publishedKeys={publishedKeys} />
      </Section>
      <Section title={tx('sections.reminders')} lead={tx('sections.remindersLead')}>
        <RemindersEditor definition={definition} onChange={onChange} errors={errors} />
      </Section>
    </div>
  );
}

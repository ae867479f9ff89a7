import { memo, startTransition, useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  buttonId,
  canExpand,
  descriptionId,
  getUiOptions,
  titleId,
  type ObjectFieldTemplatePropertyType,
  type ObjectFieldTemplateProps,
} from '@rjsf/utils';
import type { Json, JsonObject } from '../../api/types';
import type { FormRecord, FormContext } from '../form-context';
import type { FormSection } from '../prepare';
import { DescriptionFieldTemplate, TitleFieldTemplate } from './FieldTemplate';

type Props = ObjectFieldTemplateProps<FormRecord, JsonObject, FormContext>;

/** How many error messages an RJSF error schema (`{field: {__errors: [...]}}`) holds, at any depth. */
export function countErrors(errorSchema: unknown): number {
  if (!errorSchema || typeof errorSchema !== 'object') return 0;
  let total = 0;
  for (const [key, value] of Object.entries(errorSchema)) {
    if (key === '__errors') total += Array.isArray(value) ? value.length : 0;
    else total += countErrors(value);
  }
  return total;
}

/** The error messages under a section's fields in the form's error schema. */
const sectionErrorCount = (section: FormSection, errorSchema: unknown): number =>
  section.fields.reduce((sum, field) => sum + countErrors((errorSchema as Record<string, unknown> | undefined)?.[field]), 0);

const isFilled = (value: Json | undefined): boolean => {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value).some(isFilled);
  return true;
};

interface SectionHeadingProps {
  sectionKey: string;
  title: string | null;
  number: number;
  isOpen: boolean;
  errors: number;
  filled: number;
  total: number;
  bodyId: string;
  onToggle: (key: string) => void;
  register: (key: string, element: HTMLButtonElement | null) => void;
  /** Redraws the heading when the language changes: it reads i18next directly, not through a hook. */
  language: string;
}

/**
 * One section's toggle; memoised, so a change in one section does not redraw every heading of a long
 * form. Its words come from i18next itself: react-i18next's hook copies the i18next instance for each
 * component that uses it, and a long form draws a heading per section, a visible part of a cold
 * form's first draw on a slow phone.
 */
const SectionHeading = memo(function SectionHeading({ sectionKey, title, number, isOpen, errors, filled, total, bodyId, onToggle, register }: SectionHeadingProps): ReactElement {
  return (
    <h2 className="form-section-heading">
      <button
        type="button"
        className="form-section-toggle"
        aria-expanded={isOpen}
        aria-controls={bodyId}
        ref={(element) => register(sectionKey, element)}
        onClick={() => onToggle(sectionKey)}
      >
        <span className="form-section-title">{title ?? i18next.t('form.sectionNumber', { number })}</span>
        <span className="form-section-meta">
          {errors > 0 ? (
            <span className="badge badge--danger">{i18next.t('form.sectionErrors', { count: errors })}</span>
          ) : (
            // A section of notes and calculated values asks nothing: no count to show.
            total > 0 && <span className="badge badge--neutral">{i18next.t('form.sectionFilled', { filled, total })}</span>
          )}
          <span className="chevron" aria-hidden="true" />
        </span>
      </button>
    </h2>
  );
});

function SectionedObject(props: Props): ReactElement {
  const { properties, registry, formData } = props;
  // ErrorSchema<JsonObject> is a recursive mapped type; it is only read here, as plain data.
  const errorSchema: unknown = props.errorSchema;
  const { t, i18n } = useTranslation();
  const { sections, sectionController } = registry.formContext;
  // The first section is open, and so is the first one holding an error the form opens with (the
  // server's 422 on a refused submission). After a submit, focusField opens the first error's section.
  // Others stay closed with their error count: every open section's inputs are in the page, and a
  // cheap phone types more slowly the more inputs a page holds.
  const [open, setOpen] = useState<ReadonlySet<string>>(() => {
    const initial = new Set(sections.length > 0 ? [sections[0].key] : []);
    const firstWithErrors = sections.find((section) => sectionErrorCount(section, errorSchema) > 0);
    if (firstWithErrors) initial.add(firstWithErrors.key);
    return initial;
  });
  // The form is first drawn down to the last section it opens with; the closed headings below (out of
  // sight on a phone) follow in a transition, so a long form shows and takes a key sooner.
  const [firstDraw] = useState(() => Math.max(...sections.map((section, index) => (open.has(section.key) ? index : 0))) + 1);
  const [drawnAll, setDrawnAll] = useState(() => firstDraw >= sections.length);
  useEffect(() => {
    if (!drawnAll) startTransition(() => setDrawnAll(true));
  }, []);
  const headings = useRef(new Map<string, HTMLButtonElement>());
  const byName = useMemo(() => new Map(properties.map((property) => [property.name, property])), [properties]);
  const placed = useMemo(() => new Set(sections.flatMap((section) => section.fields)), [sections]);

  useEffect(
    () =>
      sectionController.register((field) => {
        const section: FormSection | undefined = sections.find((candidate) => candidate.fields.includes(field));
        if (section) setOpen((previous) => (previous.has(section.key) ? previous : new Set(previous).add(section.key)));
      }),
    [sectionController, sections],
  );

  const errorCounts = useMemo(
    () => new Map(sections.map((section) => [section.key, sectionErrorCount(section, errorSchema)])),
    [sections, errorSchema],
  );

  const toggle = useCallback(
    (key: string): void =>
      setOpen((previous) => {
        const next = new Set(previous);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );
  const registerHeading = useCallback((key: string, element: HTMLButtonElement | null): void => {
    if (element) headings.current.set(key, element);
    else headings.current.delete(key);
  }, []);

  const goToNext = (index: number): void => {
    const current = sections[index];
    const next = sections[index + 1];
    if (!next) return;
    setOpen((previous) => {
      const updated = new Set(previous);
      updated.delete(current.key);
      updated.add(next.key);
      return updated;
    });
    requestAnimationFrame(() => {
      const heading = headings.current.get(next.key);
      heading?.scrollIntoView({ block: 'start', behavior: 'smooth' });
      heading?.focus({ preventScroll: true });
    });
  };

  const content = (property: ObjectFieldTemplatePropertyType | undefined): ReactElement | null => property?.content ?? null;
  const data = (formData ?? {}) as JsonObject;

  return (
    <div className="form-sections">
      {properties.filter((property) => property.hidden || !placed.has(property.name)).map((property) => property.content)}
      {(drawnAll ? sections : sections.slice(0, firstDraw)).map((section, index) => {
        const isOpen = open.has(section.key);
        const errors = errorCounts.get(section.key) ?? 0;
        const filled = section.questions.filter((field) => isFilled(data[field])).length;
        const bodyId = `section-${section.key}`;
        return (
          <section key={section.key} className={`form-section${isOpen ? ' form-section--open' : ''}`}>
            <SectionHeading
              sectionKey={section.key}
              title={section.title}
              number={index + 1}
              isOpen={isOpen}
              errors={errors}
              filled={filled}
              total={section.questions.length}
              bodyId={bodyId}
              onToggle={toggle}
              register={registerHeading}
              language={i18n.language}
            />
            {isOpen && (
              <div id={bodyId} className="form-section-body">
                {section.fields.map((field) => (
                  <div key={field}>{content(byName.get(field))}</div>
                ))}
                {index < sections.length - 1 && (
                  <button type="button" className="button button--secondary form-section-next" onClick={() => goToNext(index)}>
                    {t('form.nextSection')}
                  </button>
                )}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

export function ObjectFieldTemplate(props: Props): ReactElement | null {
  const { fieldPathId, registry, properties, title, description, schema, uiSchema, required, formData, disabled, readonly, onAddProperty } =
    props;
  const isRoot = fieldPathId.path.length === 0;
  if (isRoot && registry.formContext.sections.length > 0) return <SectionedObject {...props} />;
  if ((schema.oneOf || schema.anyOf) && !schema.properties && properties.length === 0) return null;

  const options = getUiOptions(uiSchema);
  // The page header already shows the theme title; a group that is its own section shows it in the section heading.
  const headingShownElsewhere =
    isRoot ||
    (fieldPathId.path.length === 1 &&
      registry.formContext.sections.some((section) => section.fields.length === 1 && section.fields[0] === String(fieldPathId.path[0]) && section.title !== null));
  const { AddButton } = registry.templates.ButtonTemplates;
  const body = (
    <>
      {properties.map((property) => property.content)}
      {canExpand(schema, uiSchema, formData) && (
        <AddButton
          id={buttonId(fieldPathId, 'add')}
          className="object-add"
          onClick={onAddProperty}
          disabled={disabled || readonly}
          uiSchema={uiSchema}
          registry={registry}
        />
      )}
    </>
  );
  if (isRoot) return <div className="form-root">{body}</div>;
  return (
    <fieldset className="group" id={fieldPathId.$id}>
      {!headingShownElsewhere && (
        <TitleFieldTemplate id={titleId(fieldPathId)} title={options.title ?? title} required={required} schema={schema} uiSchema={uiSchema} registry={registry} />
      )}
      {description && (
        <DescriptionFieldTemplate
          id={descriptionId(fieldPathId)}
          description={description}
          schema={schema}
          uiSchema={uiSchema}
          registry={registry}
        />
      )}
      {body}
    </fieldset>
  );
}

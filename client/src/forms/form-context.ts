import type { FormSection } from './prepare';

/** Lets code outside the root object template open the section that holds a field. */
export class SectionController {
  private opener: ((field: string) => void) | null = null;

  register(opener: (field: string) => void): () => void {
    this.opener = opener;
    return () => {
      if (this.opener === opener) this.opener = null;
    };
  }

  reveal(field: string): void {
    this.opener?.(field);
  }
}

/** A calculated field's value as the form shows it: a number, a text or a choice's value; null when it cannot be computed yet. */
export type CalculatedValue = string | number | boolean | null;

/**
 * The calculated fields' values for what the cadre has entered so far, kept outside RJSF's data: the
 * form computes them on each change (the same code as the server) and each calculated field's widget
 * subscribes to its own value, so a result appears as the cadre types without RJSF redrawing the form.
 */
export class CalculatedStore {
  private values: ReadonlyMap<string, CalculatedValue> = new Map();
  private readonly listeners = new Set<() => void>();

  get(pointer: string): CalculatedValue {
    return this.values.get(pointer) ?? null;
  }

  set(values: ReadonlyMap<string, CalculatedValue>): void {
    this.values = values;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
}

/** What our widgets and templates need besides RJSF's own props (passed as `formContext`). */
export interface FormContext {
  /** The user's own region: the region picker offers this region and what lies below it, never above. */
  rootRegionCode: string;
  userId: string;
  sections: FormSection[];
  sectionController: SectionController;
  /** The calculated fields' values, for a theme with `calculations`. */
  calculated?: CalculatedStore;
}

export const FIELD_ID_PREFIX = 'root';
export const FIELD_ID_SEPARATOR = '_';

/** The DOM id RJSF gives the input of a field at `.a.0.b` (RJSF's `property`). */
export function fieldIdFromProperty(property: string): string {
  const parts = property
    .replace(/\[['"]?([^\]'"]+)['"]?\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  return [FIELD_ID_PREFIX, ...parts].join(FIELD_ID_SEPARATOR);
}

/** The top-level field a `property` (`.a.b`) or JSON Pointer (`/a/b`) belongs to. */
export function topLevelField(path: string): string | null {
  const match = /^[./]?([^./[\]]+)/.exec(path);
  return match ? match[1].replace(/~1/g, '/').replace(/~0/g, '~') : null;
}

/** The data RJSF holds for a form: a JSON object, typed loosely so RJSF's recursive types stay shallow. */
export type FormRecord = Record<string, unknown>;

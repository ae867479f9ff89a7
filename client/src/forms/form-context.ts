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

/** What our widgets and templates need besides RJSF's own props (passed as `formContext`). */
export interface FormContext {
  /** The user's own region: the region picker offers this region and what lies below it, never above. */
  rootRegionCode: string;
  userId: string;
  sections: FormSection[];
  sectionController: SectionController;
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
